"""Provides the Refleksjon area: every question in the guidance with its status, filterable.

A question's status (never discussed, or the day it last was and how many notes it has)
comes from the records; the pane asks the store once per reload, not once per question.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import AUDIENCES, Library, Question
from relasjon_tui.content.normalise import fold
from relasjon_tui.records.reflection import QuestionStatus
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.strings import t
from relasjon_tui.ui.display import NEWLINE, join, literal_line
from relasjon_tui.ui.format import status_text
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.messages import ShowGuidance, notify_text
from relasjon_tui.ui.widgets.steady import MovingList

ALL = "*"
STATUS_FILTERS = ("aldri", "droftet")


class QuestionList(MovingList):
    """Questions grouped under their document; option ids are question ids."""

    BINDINGS = vim_keys("questions")


class ReflectionPane(Vertical):
    """Lists the questions that pass every filter: document, audience, status and words."""

    BINDINGS = [
        Binding("g", "open_context", "key_open_context", id="reflection.context"),
        Binding("M", "meetings", "key_meetings", id="reflection.meetings"),
        Binding("slash", "focus_filter('#filter-words')", "key_search_questions", id="reflection.search"),
        Binding("t", "focus_filter('#filter-document')", "key_filter_measure", id="reflection.filter_document"),
        Binding("m", "focus_filter('#filter-audience')", "key_filter_audience", id="reflection.filter_audience"),
        Binding("s", "focus_filter('#filter-status')", "key_filter_status", id="reflection.filter_status"),
        Binding("i", "toggle_mine", "key_filter_mine", id="reflection.mine"),
        Binding("escape", "to_list", "key_back_to_list", id="reflection.to_list"),
    ]

    class OpenQuestion(Message):
        """The user chose a question to read and write notes on."""

        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    class OpenMeetings(Message):
        """The user asked for the team meetings; a new one starts from `document_id`'s questions, if set."""

        def __init__(self, document_id: str | None) -> None:
            super().__init__()
            self.document_id = document_id

    document_filter: reactive[str] = reactive(ALL, init=False)
    """A document id, or ALL."""
    audience_filter: reactive[str] = reactive(ALL, init=False)
    """An audience, or ALL."""
    status_filter: reactive[str] = reactive(ALL, init=False)
    """One of STATUS_FILTERS, or ALL."""
    words: reactive[str] = reactive("", init=False)
    """Words every shown question contains (case, accents and æøå ignored)."""

    def __init__(self, library: Library, store: RecordStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.store = store
        self.statuses: dict[str, QuestionStatus] = {}
        self._folded = {question.id: fold(question.text) for question in library.questions}
        self.mine = False
        """Only the questions this account has written notes on (`i`)."""
        self._mine: set[str] = set()

    def compose(self) -> ComposeResult:
        documents = [doc for doc in self.library.documents if doc.questions]
        with Horizontal(id="reflection-filters"):
            yield Select(
                [(literal_line(doc.title), doc.id) for doc in documents],
                prompt=t("filter_all_documents"),
                id="filter-document",
                compact=True,
            )
            yield Select(
                [(t(f"audience_{audience}"), audience) for audience in AUDIENCES],
                prompt=t("filter_all_audiences"),
                id="filter-audience",
                compact=True,
            )
            yield Select(
                [(t(f"filter_status_{name}"), name) for name in STATUS_FILTERS],
                prompt=t("filter_all_statuses"),
                id="filter-status",
                compact=True,
            )
        with Horizontal(id="reflection-search"):
            yield Input(placeholder=t("reflection_search_placeholder"), id="filter-words", compact=True)
            yield Static(id="reflection-count")
        yield QuestionList(id="question-list")

    def on_mount(self) -> None:
        if self.app.is_running:  # built in the background: the app may be closing already
            self._watch_menus()
            self.reload(force=True)

    def reload(self, *, force: bool = False) -> None:
        """Read the questions' status again (after a note or a meeting); redraw the list if it changed."""
        try:
            statuses = self.store.question_statuses()
            mine = self.store.noted_questions(default_author()) if self.mine else self._mine
        except Exception as error:  # noqa: BLE001 - shown to the user; the list still works without status
            statuses, mine = {}, set()
            notify_text(self, str(error), severity="error")
        if force or statuses != self.statuses or mine != self._mine:
            self.statuses = statuses
            self._mine = mine
            self._refill()

    def action_toggle_mine(self) -> None:
        """Only the questions I have written notes on, or all again."""
        self.mine = not self.mine
        notify_text(self, t("filter_mine_on" if self.mine else "filter_mine_off"))
        self.reload(force=True)

    def _discussed(self, question: Question) -> bool:
        status = self.statuses.get(question.id)
        return status is not None and (status.last_discussed is not None or status.notes > 0)

    def matching(self) -> list[Question]:
        """The questions that pass every filter, in guidance order."""
        words = fold(self.words).split()
        shown = []
        for question in self.library.questions:
            if self.document_filter not in (ALL, question.document_id):
                continue
            # «Ledere» and «Ansatte» include the questions for both («Ledere og ansatte»).
            if self.audience_filter not in (ALL, question.audience) and question.audience != "alle":
                continue
            if self.status_filter != ALL and self._discussed(question) != (self.status_filter == "droftet"):
                continue
            if words and not all(word in self._folded[question.id] for word in words):
                continue
            if self.mine and question.id not in self._mine:
                continue
            shown.append(question)
        return shown

    def watch_document_filter(self) -> None:
        self._refill()

    def watch_audience_filter(self) -> None:
        self._refill()

    def watch_status_filter(self) -> None:
        self._refill()

    def watch_words(self) -> None:
        self._refill()

    def _refill(self) -> None:
        questions = self.matching()
        options: list[Option | None] = []
        current_doc = current_group = None
        for question in questions:
            if question.document_id != current_doc:
                current_doc, current_group = question.document_id, None
                doc = self.library.document(current_doc)
                if options:
                    options.append(None)
                title = doc.title if doc else current_doc
                options.append(Option(literal_line(title, "bold $text-accent"), disabled=True))
            if question.group != current_group:
                # The heading the guidance puts the questions under: «Til ledere», «Til alle» …
                current_group = question.group
                options.append(Option(literal_line(question.group, "italic $text-secondary"), disabled=True))
            options.append(Option(self._prompt(question), id=question.id))
        if not questions:
            options.append(Option(literal_line(t("reflection_empty"), "italic"), disabled=True))
        question_list = self.query_one(QuestionList)
        keep = self.highlighted_question()
        question_list.set_options(options)
        if keep is not None and any(question.id == keep for question in questions):
            question_list.highlighted = question_list.get_option_index(keep)
        elif questions:
            # Highlighted now rather than when the list gets focus: one frame less on showing the area.
            question_list.highlighted = question_list.get_option_index(questions[0].id)
        total = len(self.library.questions)
        self.query_one("#reflection-count", Static).update(
            literal_line(t("reflection_count", shown=len(questions), total=total), "dim")
        )

    def _prompt(self, question: Question) -> Content:
        tag = t(f"audience_{question.audience}")
        if not question.reflection:
            tag = f"{tag}, {t('reflection_prompt_marker')}"
        status = self.statuses.get(question.id)
        status_style = "$text-success" if self._discussed(question) else "$text-warning"
        return join(
            [
                literal_line(question.text),
                NEWLINE,
                literal_line(f"  {tag} · ", "$text-secondary"),
                literal_line(status_text(status), status_style),
            ]
        )

    def highlighted_question(self) -> str | None:
        """The id of the highlighted question, if any."""
        question_list = self.query_one(QuestionList)
        if question_list.highlighted is None:
            return None
        return question_list.get_option_at_index(question_list.highlighted).id

    @on(Select.Changed, "#filter-document")
    def _document_changed(self, event: Select.Changed) -> None:
        self.document_filter = ALL if event.value is Select.NULL else str(event.value)

    @on(Select.Changed, "#filter-audience")
    def _audience_changed(self, event: Select.Changed) -> None:
        self.audience_filter = ALL if event.value is Select.NULL else str(event.value)

    @on(Select.Changed, "#filter-status")
    def _status_changed(self, event: Select.Changed) -> None:
        self.status_filter = ALL if event.value is Select.NULL else str(event.value)

    @on(Input.Changed, "#filter-words")
    def _words_changed(self, event: Input.Changed) -> None:
        self.words = event.value

    @on(Input.Submitted, "#filter-words")
    def _words_done(self) -> None:
        self.query_one(QuestionList).focus()

    def _watch_menus(self) -> None:
        """A dropdown's menu that closes (a choice, or esc) hands the keys back to the list."""
        for select in self.query("#reflection-filters Select").results(Select):
            self.watch(select, "expanded", self._menu_toggled, init=False)

    def _menu_toggled(self, expanded: bool) -> None:
        if not expanded:
            self.call_after_refresh(self.action_to_list)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":  # esc leaves a filter; in the list it belongs to the screen
            focused = self.screen.focused
            return focused is not None and not isinstance(focused, QuestionList) and self in focused.ancestors
        return True

    def action_to_list(self) -> None:
        """Back from a filter to the questions."""
        self.query_one(QuestionList).focus()

    def action_focus_filter(self, selector: str) -> None:
        """The words field, or a dropdown with its menu open (a choice or esc goes back to the list)."""
        target = self.query_one(selector)
        target.focus()
        if isinstance(target, Select):
            target.action_show_overlay()

    @on(OptionList.OptionSelected, "#question-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_question()

    def action_open_question(self) -> None:
        question_id = self.highlighted_question()
        if question_id:
            self.post_message(self.OpenQuestion(question_id))

    def action_open_context(self) -> None:
        question_id = self.highlighted_question()
        question = self.library.question(question_id) if question_id else None
        if question:
            self.post_message(ShowGuidance(question.document_id, question.section_id, question.group))

    def action_meetings(self) -> None:
        self.post_message(self.OpenMeetings(None if self.document_filter == ALL else self.document_filter))
