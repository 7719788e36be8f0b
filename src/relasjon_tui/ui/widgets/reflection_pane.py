"""Provides the Refleksjon area: every question in the guidance, filterable by document and audience."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import AUDIENCES, Library, Question
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal_line
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.messages import ShowGuidance

ALL = "*"


class QuestionList(OptionList):
    """Questions grouped under their document; option ids are question ids."""

    BINDINGS = vim_keys("questions")


class ReflectionPane(Vertical):
    """Lists the questions that match `document_filter` and `audience_filter`."""

    BINDINGS = [
        Binding("g", "open_context", t("key_open_context"), id="reflection.context"),
        Binding("t", "focus_filter('#filter-document')", t("key_filter_measure"), id="reflection.filter_document"),
        Binding("m", "focus_filter('#filter-audience')", t("key_filter_audience"), id="reflection.filter_audience"),
    ]

    document_filter: reactive[str] = reactive(ALL, init=False)
    """A document id, or ALL."""
    audience_filter: reactive[str] = reactive(ALL, init=False)
    """An audience, or ALL."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library

    def compose(self) -> ComposeResult:
        documents = [doc for doc in self.library.documents if doc.questions]
        with Horizontal(id="reflection-filters"):
            yield Select(
                [(literal_line(doc.title), doc.id) for doc in documents],
                prompt=t("filter_all_documents"),
                id="filter-document",
            )
            yield Select(
                [(t(f"audience_{audience}"), audience) for audience in AUDIENCES],
                prompt=t("filter_all_audiences"),
                id="filter-audience",
            )
        yield Static(id="reflection-count")
        yield QuestionList(id="question-list")

    def on_mount(self) -> None:
        self._refill()

    def matching(self) -> list[Question]:
        """The questions that pass both filters, in guidance order."""
        return [
            question
            for question in self.library.questions
            if self.document_filter in (ALL, question.document_id) and self.audience_filter in (ALL, question.audience)
        ]

    def watch_document_filter(self) -> None:
        self._refill()

    def watch_audience_filter(self) -> None:
        self._refill()

    def _refill(self) -> None:
        questions = self.matching()
        options: list[Option | None] = []
        current_doc = None
        for question in questions:
            if question.document_id != current_doc:
                current_doc = question.document_id
                doc = self.library.document(current_doc)
                if options:
                    options.append(None)
                title = doc.title if doc else current_doc
                options.append(Option(literal_line(title, "bold $text-accent"), disabled=True))
            options.append(Option(self._prompt(question), id=question.id))
        if not questions:
            options.append(Option(literal_line(t("reflection_empty"), "italic"), disabled=True))
        question_list = self.query_one(QuestionList)
        question_list.set_options(options)
        total = len(self.library.questions)
        self.query_one("#reflection-count", Static).update(
            literal_line(t("reflection_count", shown=len(questions), total=total), "dim")
        )

    @staticmethod
    def _prompt(question: Question) -> object:
        tag = t(f"audience_{question.audience}")
        if not question.reflection:
            tag = f"{tag}, {t('reflection_prompt_marker')}"
        return join([literal_line(question.text), literal_line(f"  ({tag})", "$text-secondary")])

    @on(Select.Changed, "#filter-document")
    def _document_changed(self, event: Select.Changed) -> None:
        self.document_filter = ALL if event.value is Select.NULL else str(event.value)

    @on(Select.Changed, "#filter-audience")
    def _audience_changed(self, event: Select.Changed) -> None:
        self.audience_filter = ALL if event.value is Select.NULL else str(event.value)

    def action_focus_filter(self, selector: str) -> None:
        self.query_one(selector, Select).focus()

    @on(OptionList.OptionSelected, "#question-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_context()

    def action_open_context(self) -> None:
        question_list = self.query_one(QuestionList)
        if question_list.highlighted is None:
            return
        option = question_list.get_option_at_index(question_list.highlighted)
        question = self.library.question(option.id) if option.id else None
        if question:
            self.post_message(ShowGuidance(question.document_id, question.section_id, question.group))
