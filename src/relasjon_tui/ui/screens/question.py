"""Provides the question dialog: one question, its status and its notes (newest first), to read and add to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from relasjon_tui.content.model import Library, Question
from relasjon_tui.dates import format_datetime
from relasjon_tui.records.conflicts import StaleRecord
from relasjon_tui.records.drafts import Draft, DraftStore
from relasjon_tui.records.model import ValidationError
from relasjon_tui.records.reflection import QuestionNote, validate_note
from relasjon_tui.records.storage import DataFileError
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.tables import MEETINGS, NOTES
from relasjon_tui.records.when import local_now
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal, literal_line
from relasjon_tui.ui.format import status_text
from relasjon_tui.ui.keys import quiet_focus, vim_keys
from relasjon_tui.ui.messages import RecordsChanged, notify_text
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.context import ContextScreen
from relasjon_tui.ui.screens.form import StaleEdit
from relasjon_tui.ui.screens.note_editor import NoteEditorScreen

PAGE = 20
"""Notes shown at first, and added by each «show more»: a question may gather hundreds."""
MORE = "more"


class NoteList(OptionList):
    """The notes, newest first; option ids are note ids."""

    BINDINGS = vim_keys("notes")


def note_prompt(note: QuestionNote, meeting_title: str | None) -> Content:
    """A note as a list entry: who and when (and which meeting), then the text."""
    when = format_datetime(note.updated or note.created)
    byline = t("note_byline", author=note.author or "?", when=when)
    if meeting_title:
        byline = f"{byline} · {t('note_in_meeting', title=meeting_title)}"
    if note.revisions:
        byline = f"{byline} · {t('note_edited', count=len(note.revisions))}"
    return join([literal_line(byline, "$text-secondary"), literal(note.text)], "\n")


class QuestionScreen(ModalScreen[bool]):
    """Dismisses with True when a note was added, changed or removed (the status may have changed)."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("a", "add", "key_add_note", id="question.add"),
        Binding("e", "edit", "key_edit", id="question.edit"),
        Binding("d", "delete", "key_delete", id="question.delete"),
        Binding("g", "context", "key_open_context", id="question.context"),
        Binding("escape,q", "close", "key_close", id="question.close"),
    ]

    def __init__(
        self,
        store: RecordStore,
        library: Library,
        question: Question,
        *,
        drafts: DraftStore | None = None,
        resume: Draft | None = None,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.question = question
        self.drafts = drafts
        self.resume = resume
        """A draft of a note on this question, left by a crash: the editor is opened again with it."""
        self.now = now
        self.notes: list[QuestionNote] = []
        self.changed = False
        self.limit = PAGE

    def compose(self) -> ComposeResult:
        question = self.question
        document = self.library.document(question.document_id)
        context = f"{document.title if document else question.document_id} · {t(f'audience_{question.audience}')}"
        with Vertical(id="question-dialog") as box:
            box.border_title = t("question_title")
            box.border_subtitle = t("question_keys")
            yield Static(join([literal_line(context, "$text-accent"), literal(question.text, "bold")], "\n"))
            yield Static(id="question-status")
            yield NoteList(id="note-list")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(NoteList).focus()
        self._reopen_draft()

    def reload(self) -> None:
        try:
            self.notes = self.store.notes_for(self.question.id)
            titles = self.store.meeting_titles()
            status = self.store.question_statuses().get(self.question.id)
        except (OSError, DataFileError) as error:
            self.query_one("#question-status", Static).update(literal_line(str(error), "$text-error"))
            return
        self.query_one("#question-status", Static).update(literal_line(status_text(status), "dim"))
        options: list[Option | None] = []
        for note in self.notes[: self.limit]:
            if options:
                options.append(None)
            meeting = titles.get(note.meeting_id) if note.meeting_id is not None else None
            options.append(Option(note_prompt(note, meeting), id=str(note.id)))
        hidden = len(self.notes) - self.limit
        if hidden > 0:
            options += [
                None,
                Option(literal_line(t("question_more_notes", count=hidden, page=PAGE), "italic"), id=MORE),
            ]
        if not options:
            options.append(Option(literal_line(t("question_no_notes"), "italic"), disabled=True))
        note_list = self.query_one(NoteList)
        note_list.set_options(options)
        if self.notes:
            note_list.highlighted = 0

    def on_records_changed(self, message: RecordsChanged) -> None:
        """A colleague saved: the notes as they are stored now, the highlight on the same note."""
        if not message.touches(NOTES, MEETINGS):
            return
        selected = self._selected_note()
        self.reload()
        if selected is not None:
            note_list = self.query_one(NoteList)
            try:
                note_list.highlighted = note_list.get_option_index(str(selected.id))
            except OptionDoesNotExist:
                pass  # deleted meanwhile: the newest note stays highlighted

    def _selected_note(self) -> QuestionNote | None:
        note_list = self.query_one(NoteList)
        if note_list.highlighted is None:
            return None
        option_id = note_list.get_option_at_index(note_list.highlighted).id
        return next((note for note in self.notes if str(note.id) == option_id), None)

    def _check(self, text: str) -> list[str]:
        probe = QuestionNote(self.question.id, text, default_author(), created=self.now())
        try:
            validate_note(probe, [self.question.id])
        except ValidationError as error:
            return error.problems
        return []

    def _write(self, action: Callable[[], object]) -> bool:
        try:
            self._commit(action)
        except (OSError, DataFileError, KeyError) as error:
            notify_text(self, t("note_not_saved", error=error), severity="error")
            return False
        return True

    def _commit(self, action: Callable[[], object]) -> None:
        action()
        self.changed = True
        self.reload()

    def _editor(self, title: str, text: str, commit: Callable[[str], None], restore: dict[str, str] | None,
                **context: str) -> NoteEditorScreen:  # fmt: skip
        return NoteEditorScreen(
            title, self.question.text, text, self._check, drafts=self.drafts, restore=restore, commit=commit,
            draft_context={"question": self.question.id, **context}, draft_title=t("draft_title_note"), now=self.now,
        )  # fmt: skip

    def _reopen_draft(self) -> None:
        if self.resume is not None:
            draft, self.resume = self.resume, None
            note_id = draft.context.get("note")
            if note_id is None:
                self.action_add(restore=draft.fields)
            else:
                self.action_edit(restore=draft.fields, note_id=note_id)

    def action_add(self, restore: dict[str, str] | None = None) -> None:
        def commit(text: str) -> None:
            now = self.now()
            note = QuestionNote(self.question.id, text, default_author(), created=now, updated=now)
            self._commit(lambda: self.store.add_note(note))

        self.app.push_screen(self._editor(t("note_new_title"), "", commit, restore))

    @on(OptionList.OptionSelected, "#note-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE:
            self.limit += PAGE
            keep = event.option_index
            self.reload()
            self.query_one(NoteList).highlighted = keep
            return
        self.action_edit()

    def action_edit(self, restore: dict[str, str] | None = None, note_id: str | None = None) -> None:
        if note_id is None:
            note = self._selected_note()
        else:
            note = next((note for note in self.notes if str(note.id) == note_id), None)
        if note is None:
            return

        opened = [note]  # the version the user last saw: theirs, once they chose to merge by hand

        def commit_on(base: QuestionNote, text: str) -> None:
            changed = base.edited(self.now(), default_author(), text)
            try:
                self._commit(lambda: self.store.replace_note(changed, expected=base))
            except StaleRecord as stale:
                raise self._stale(stale.current, base, text, commit_on, opened) from None

        self.app.push_screen(self._editor(t("note_edit_title"), note.text, lambda text: commit_on(opened[0], text),
                                          restore, note=str(note.id)))  # fmt: skip

    def _stale(self, theirs: object, base: QuestionNote, text: str, again: Callable[[QuestionNote, str], None],
               opened: list[QuestionNote]) -> StaleEdit:  # fmt: skip
        """Someone else changed or deleted the note while it was being edited: what to ask."""
        if not isinstance(theirs, QuestionNote):

            def as_new() -> None:
                now = self.now()
                note = replace(base, text=text, author=default_author(), created=now, updated=now, id=None,
                               revisions=())  # fmt: skip
                self._commit(lambda: self.store.add_note(note))

            return StaleEdit(t("conflict_deleted_note"), "", None, text, as_new)
        who = theirs.author or "?"
        return StaleEdit(
            t("conflict_question_note", who=who), who, theirs.text, text,
            keep_mine=lambda: again(theirs, text),  # theirs becomes the earlier version, with who and when
            rebase=lambda: opened.__setitem__(0, theirs),
            merged={"note-text": f"{theirs.text}\n{text}".strip()},
        )  # fmt: skip

    def action_delete(self) -> None:
        note = self._selected_note()
        if note is None or note.id is None:
            return
        note_id = note.id

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda: self.store.delete_note(note_id))

        self.app.push_screen(ConfirmScreen(t("note_delete_question")), answer)

    def action_context(self) -> None:
        self.app.push_screen(ContextScreen(self.library, self.question))

    def action_close(self) -> None:
        self.dismiss(self.changed)
