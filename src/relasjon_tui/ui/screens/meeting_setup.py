"""Provides the meeting set-up: title, time, who is there, and the agenda of questions.

Questions are picked from one measure at a time or from suggestions (never discussed first,
then longest since; measures the school logs sessions for before others). The agenda can be
reordered and each question given its own minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import Library, Question
from relasjon_tui.dates import format_input_datetime
from relasjon_tui.records.model import ValidationError
from relasjon_tui.records.reflection import (
    MAX_ITEM_MINUTES,
    MIN_ITEM_MINUTES,
    AgendaItem,
    Meeting,
    suggest,
    validate_meeting,
)
from relasjon_tui.records.storage import DataFileError
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import WhenError, parse_when
from relasjon_tui.strings import t
from relasjon_tui.ui.display import NEWLINE, join, literal_line
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.screens.form import FormScreen
from relasjon_tui.ui.widgets.key_hints import KeyHints
from relasjon_tui.ui.widgets.steady import SteadyInput

SUGGESTIONS = "forslag"
DEFAULT_MINUTES = 5


class PickList(OptionList):
    """Questions to choose from; Enter or space puts one on the agenda or takes it off."""

    BINDINGS = [
        *vim_keys("pick"),
        Binding("space", "select", "key_toggle_question", id="pick.toggle"),
    ]


class AgendaList(OptionList):
    """The agenda in order; keys move a question, change its minutes or take it off."""

    BINDINGS = [
        *vim_keys("agenda"),
        Binding("shift+up,K", "screen.move(-1)", "key_move_up", id="agenda.up"),
        Binding("shift+down,J", "screen.move(1)", "key_move_down", id="agenda.down"),
        Binding("plus,equals_sign", "screen.minutes(1)", "key_more_minutes", id="agenda.more"),
        Binding("minus", "screen.minutes(-1)", "key_fewer_minutes", id="agenda.fewer"),
        Binding("delete,x", "screen.remove", "key_remove", id="agenda.remove"),
    ]


class MeetingSetupScreen(FormScreen[Meeting]):
    """Dismisses with the started (stored) meeting, or None. Full-screen, though a form."""

    DRAFT_FORM = "mote"
    ERRORS_SELECTOR = "#setup-errors"
    BINDINGS = [
        Binding("ctrl+s", "save", "key_start_meeting", id="setup.start", priority=True),
        Binding("escape", "cancel", "key_cancel", id="setup.cancel"),
    ]

    @property
    def help_area(self) -> str:
        """The screen's name, for the help dialog."""
        return t("area_meeting_setup")

    def __init__(
        self,
        store: RecordStore,
        library: Library,
        *,
        initial_document: str | None = None,
        **form: Any,
    ) -> None:
        super().__init__(draft_title=t("draft_title_meeting"), **form)
        self.store = store
        self.library = library
        self.agenda: list[AgendaItem] = []
        self._suggestions: list[Question] | None = None
        documents = [doc for doc in library.documents if doc.questions]
        self._sources = [(literal_line(t("setup_source_suggestions")), SUGGESTIONS)] + [
            (literal_line(doc.title), doc.id) for doc in documents
        ]
        self._initial_source = initial_document if library.document(initial_document or "") else SUGGESTIONS

    def compose(self) -> ComposeResult:
        yield Static(literal_line(t("setup_title"), "bold $text-primary"), id="setup-heading")
        with Horizontal(classes="setup-row"):
            yield Label(t("setup_meeting_title"), classes="setup-label")
            yield SteadyInput(t("meeting_default_title"), id="setup-title", compact=True, max_length=200)
            yield Label(t("setup_when"), classes="setup-label-inline")
            yield SteadyInput(format_input_datetime(self.now()), id="setup-when", compact=True)
        with Horizontal(classes="setup-row"):
            yield Label(t("setup_attendees"), classes="setup-label")
            yield SteadyInput(
                placeholder=t("setup_attendees_placeholder"), id="setup-attendees", compact=True, max_length=200
            )
            yield Label(t("setup_minutes"), classes="setup-label-inline")
            yield SteadyInput(str(DEFAULT_MINUTES), id="setup-minutes", compact=True, type="integer", max_length=3)
        with Horizontal(classes="setup-row"):
            yield Label(t("setup_source"), classes="setup-label")
            yield Select(self._sources, value=self._initial_source, allow_blank=False, id="setup-source", compact=True)
        with Horizontal(id="setup-lists"):
            with Vertical(classes="setup-column"):
                yield Static(literal_line(t("setup_pick_heading"), "bold"), classes="setup-column-title")
                yield PickList(id="pick-list")
            with Vertical(classes="setup-column"):
                yield Static(id="agenda-heading", classes="setup-column-title")
                yield AgendaList(id="agenda-list")
        yield Static(id="setup-errors")
        yield KeyHints(id="setup-key-hints")

    def on_mount(self) -> None:
        self._fill_pick_list()
        self._fill_agenda()
        self.query_one(PickList).focus()

    # The two lists

    def _suggested(self) -> list[Question]:
        # Read once per set-up: the list is refilled on every toggle, and the records do not
        # change while the set-up is open.
        if self._suggestions is None:
            try:
                statuses = self.store.question_statuses()
                logged = self.store.logged_measures()
            except (OSError, DataFileError):
                statuses, logged = {}, set()
            order = suggest([(q.id, q.document_id) for q in self.library.questions], statuses, logged)
            self._suggestions = [q for question_id in order if (q := self.library.question(question_id))]
        return self._suggestions

    def _source_questions(self) -> list[Question]:
        source = self.query_one("#setup-source", Select).value
        if source == SUGGESTIONS:
            return self._suggested()
        return [question for question in self.library.questions if question.document_id == source]

    def _chosen(self) -> set[str]:
        return {item.question_id for item in self.agenda}

    def _fill_pick_list(self) -> None:
        pick = self.query_one(PickList)
        keep = pick.highlighted
        chosen = self._chosen()
        # From suggestions the measure is worth naming; from one measure only the audience is.
        mixed = self.query_one("#setup-source", Select).value == SUGGESTIONS
        options = []
        for question in self._source_questions():
            mark = "✓ " if question.id in chosen else "  "
            document = self.library.document(question.document_id)
            context = t(f"audience_{question.audience}")
            if mixed and document is not None:
                context = f"{document.title} · {context}"
            options.append(
                Option(
                    join(
                        [
                            literal_line(mark, "bold $text-success"),
                            literal_line(question.text),
                            NEWLINE,
                            literal_line(f"  {context}", "dim"),
                        ]
                    ),  # fmt: skip
                    id=question.id,
                )
            )
        pick.set_options(options)
        if keep is not None and options:
            pick.highlighted = min(keep, len(options) - 1)

    def _fill_agenda(self, highlight: int | None = None) -> None:
        agenda = self.query_one(AgendaList)
        options = []
        for number, item in enumerate(self.agenda, start=1):
            question = self.library.question(item.question_id)
            text = question.text if question else item.question_id
            options.append(
                Option(
                    join(
                        [
                            literal_line(f"{number}. ", "bold"),
                            literal_line(text),
                            NEWLINE,
                            literal_line(f"   {t('setup_item_minutes', minutes=item.minutes)}", "$text-accent"),
                        ]
                    )
                )  # fmt: skip
            )
        if not options:
            options.append(Option(literal_line(t("setup_agenda_empty"), "italic"), disabled=True))
        agenda.set_options(options)
        if highlight is not None and self.agenda:
            agenda.highlighted = max(0, min(highlight, len(self.agenda) - 1))
        planned = sum(item.minutes for item in self.agenda)
        self.query_one("#agenda-heading", Static).update(
            literal_line(t("setup_agenda_heading", count=len(self.agenda), minutes=planned), "bold")
        )

    @on(Select.Changed, "#setup-source")
    def _source_changed(self) -> None:
        self._fill_pick_list()
        self.query_one(PickList).highlighted = 0 if self.query_one(PickList).option_count else None

    def _default_minutes(self) -> int:
        try:
            minutes = int(self.query_one("#setup-minutes", Input).value)
        except ValueError:
            return DEFAULT_MINUTES
        return max(MIN_ITEM_MINUTES, min(MAX_ITEM_MINUTES, minutes))

    @on(OptionList.OptionSelected, "#pick-list")
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        question_id = event.option.id
        if not question_id:
            return
        if question_id in self._chosen():
            self.agenda = [item for item in self.agenda if item.question_id != question_id]
        else:
            self.agenda.append(AgendaItem(question_id, self._default_minutes()))
        self._fill_pick_list()
        self._fill_agenda_and_draft(len(self.agenda) - 1)

    def _agenda_index(self) -> int | None:
        agenda = self.query_one(AgendaList)
        return agenda.highlighted if self.agenda and agenda.highlighted is not None else None

    def action_move(self, step: int) -> None:
        index = self._agenda_index()
        if index is None or not 0 <= index + step < len(self.agenda):
            return
        self.agenda[index], self.agenda[index + step] = self.agenda[index + step], self.agenda[index]
        self._fill_agenda_and_draft(index + step)

    def action_minutes(self, step: int) -> None:
        index = self._agenda_index()
        if index is None:
            return
        item = self.agenda[index]
        minutes = max(MIN_ITEM_MINUTES, min(MAX_ITEM_MINUTES, item.minutes + step))
        self.agenda[index] = AgendaItem(item.question_id, minutes)
        self._fill_agenda_and_draft(index)

    def action_remove(self) -> None:
        index = self._agenda_index()
        if index is None:
            return
        del self.agenda[index]
        self._fill_pick_list()
        self._fill_agenda_and_draft(index)

    # Drafts: the agenda is kept with the fields

    def form_values(self) -> dict[str, str]:
        values = super().form_values()
        values["agenda"] = ",".join(f"{item.question_id}:{item.minutes}" for item in self.agenda)
        return values

    def apply_values(self, values: Mapping[str, str]) -> None:
        super().apply_values(values)
        known = {question.id for question in self.library.questions}
        agenda: list[AgendaItem] = []
        for part in values.get("agenda", "").split(","):
            question_id, _, minutes = part.partition(":")
            if question_id in known and minutes.isascii() and minutes.isdigit():
                agenda.append(AgendaItem(question_id, max(MIN_ITEM_MINUTES, min(MAX_ITEM_MINUTES, int(minutes)))))
        self.agenda = agenda

    def restored(self) -> None:
        self._fill_pick_list()
        self._fill_agenda()

    def _fill_agenda_and_draft(self, highlight: int | None = None) -> None:
        self._fill_agenda(highlight)
        self._typed()  # the agenda is not a field: say it changed

    # Starting

    def action_save(self) -> None:
        now = self.now()
        problems: list[str] = []
        try:
            start = parse_when(self.query_one("#setup-when", Input).value, now)
        except WhenError as error:
            problems.append(t("cli_bad_time", error=error))
            start = now
        meeting = Meeting(
            title=self.query_one("#setup-title", Input).value.strip(),
            start=start,
            attendees=self.query_one("#setup-attendees", Input).value.strip(),
            agenda=tuple(self.agenda),
            author=default_author(),
            created=now,
        )
        try:
            validate_meeting(meeting, [question.id for question in self.library.questions])
        except ValidationError as error:
            problems.extend(error.problems)
        if problems:
            self.show_problems(problems)
            return
        try:
            meeting_id = self.store.add_meeting(meeting)
        except (OSError, DataFileError) as error:
            self.save_draft()
            self.show_problems([str(error)])
            return
        self.finish(replace(meeting, id=meeting_id))
