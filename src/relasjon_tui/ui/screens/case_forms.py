"""Provides the forms of a case: the plan's written parts, one planned measure, an evaluation, a
dated entry (a hearing, a step of the activity duty), and the archive's receipt.

Each form checks what it can and keeps everything typed on screen when something is wrong.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_input_date
from relasjon_tui.records.cases import (
    CONSENT_STATUSES,
    DECISIONS,
    ENTRY_KINDS,
    Case,
    CaseEntry,
    ConsentStatus,
    Decision,
    EntryKind,
    Evaluation,
    Frequency,
    PlannedMeasure,
    propose_measure,
    proposed_evaluations,
    validate_case,
    validate_entry,
    validate_evaluation,
)
from relasjon_tui.records.model import ValidationError
from relasjon_tui.records.store import default_author
from relasjon_tui.records.when import WhenError, parse_when
from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal, literal_line
from relasjon_tui.ui.screens.form import FormScreen
from relasjon_tui.ui.widgets.steady import SteadyInput

ResultT = TypeVar("ResultT")

LOCAL = "lokalt"


def parse_day(text: str, now: datetime, *, plan: bool = True) -> date:
    """A day as typed: «26.11.2026», «15.12», «fredag», «i dag»; raises WhenError.

    In a plan (`plan`, the default) a day without a year, or a weekday, is the coming one; an
    evaluation already held (`plan=False`) is the latest one.
    """
    return parse_when(text.strip(), now, plan=plan).date()


def day_text(day: date | None) -> str:
    return format_input_date(day) if day else ""


class _Form(FormScreen[ResultT]):
    """What the three forms share beyond FormScreen: labelled rows, and a field's text by selector."""

    def row(self, label: str, *widgets) -> Horizontal:
        return Horizontal(Label(label, classes="form-label"), *widgets, classes="form-row")

    def value(self, selector: str) -> str:
        widget = self.query_one(selector)
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, (Input, Select)):
            return str(widget.value)
        raise TypeError(selector)


PLAN_FORM_FIELDS = {
    "title": "case-title",
    "subjects": "case-subjects",
    "problem": "case-problem",
    "evaluation_dates": "case-evaluations",
    "pupil_view": "case-pupil-view",
    "best_interests": "case-best-interests",
}
"""The case's fields the plan form edits, and the id of the field that holds each."""
PLAN_FORM_LABELS = {
    "title": "case_form_title",
    "subjects": "case_form_subjects",
    "problem": "case_item_problem",
    "evaluation_dates": "case_form_evaluations",
    "pupil_view": "case_field_pupil_view",
    "best_interests": "case_field_best_interests",
}
PLAN_FORM_TEXTS = frozenset({"problem", "pupil_view", "best_interests"})
"""The free texts, which two versions can be merged in by putting both in the field."""


def plan_form_values(case: Case) -> dict[str, str]:
    """What the plan form shows for `case`, by field id."""
    return {
        "case-title": case.title,
        "case-subjects": ", ".join(case.subjects),
        "case-problem": case.problem,
        "case-evaluations": ", ".join(day_text(d) for d in case.evaluation_dates),
        "case-pupil-view": case.pupil_view,
        "case-best-interests": case.best_interests,
    }


class CaseFormScreen(_Form[Case]):
    """A new case, or the written parts of an existing one. Dismisses with the case (stored by `commit`)."""

    DRAFT_FORM = "sak"

    def __init__(
        self,
        library: Library,
        case: Case | None = None,
        *,
        evaluation_weeks: tuple[int, ...] = (1, 2, 4),
        **form: Any,
    ) -> None:
        context = {"case": str(case.id)} if case is not None and case.id is not None else {}
        title = t("draft_title_case", number=context["case"]) if context else t("draft_title_new_case")
        super().__init__(draft_context=context, draft_title=title, **form)
        self.library = library
        self.case = case
        self.evaluation_weeks = evaluation_weeks

    def compose(self) -> ComposeResult:
        case = self.case
        today = self.now().date()
        dates = case.evaluation_dates if case else proposed_evaluations(today, self.evaluation_weeks)
        with VerticalScroll(classes="form-dialog") as box:
            box.border_title = t("case_form_edit" if case else "case_form_new")
            box.border_subtitle = t("form_keys")
            yield self.row(t("case_form_title"), SteadyInput(case.title if case else "", id="case-title", compact=True))
            yield self.row(
                t("case_form_subjects"),
                SteadyInput(
                    ", ".join(case.subjects) if case else "",
                    placeholder=t("case_form_subjects_placeholder"),
                    id="case-subjects",
                    compact=True,
                ),  # fmt: skip
            )
            yield Static(literal_line(t("case_item_problem"), "bold"), classes="form-heading")
            yield TextArea(case.problem if case else "", id="case-problem", soft_wrap=True, tab_behavior="focus")
            yield self.row(
                t("case_form_evaluations"),
                SteadyInput(", ".join(day_text(d) for d in dates), id="case-evaluations", compact=True),
            )
            yield Static(literal_line(t("case_field_pupil_view"), "bold"), classes="form-heading")
            yield TextArea(case.pupil_view if case else "", id="case-pupil-view", soft_wrap=True, tab_behavior="focus")
            yield Static(literal_line(t("case_field_best_interests"), "bold"), classes="form-heading")
            yield TextArea(
                case.best_interests if case else "", id="case-best-interests", soft_wrap=True, tab_behavior="focus"
            )
            yield Static(literal_line(t("case_form_hint"), "dim italic"))
            yield Static(classes="form-errors")

    def on_mount(self) -> None:
        self.query_one("#case-title" if self.case is None else "#case-problem").focus()

    def action_save(self) -> None:
        now = self.now()
        problems: list[str] = []
        dates: list[date] = []
        for part in self.value("#case-evaluations").replace(";", ",").split(","):
            if part.strip():
                try:
                    dates.append(parse_day(part, now))
                except WhenError as error:
                    problems.append(t("case_form_bad_date", text=part.strip(), error=error))
        codes = tuple(dict.fromkeys(code.strip() for code in self.value("#case-subjects").split(",") if code.strip()))
        fields: dict[str, Any] = dict(
            title=self.value("#case-title").strip(),
            subjects=codes,
            problem=self.value("#case-problem"),
            pupil_view=self.value("#case-pupil-view"),
            best_interests=self.value("#case-best-interests"),
            evaluation_dates=tuple(sorted(set(dates))),
        )
        if self.case is None:
            case = Case(**fields, author=default_author(), created=now, updated=now)
        else:
            case = self.case.edited(now, default_author(), **fields)
        try:
            validate_case(case, [doc.id for doc in self.library.measures])
        except ValidationError as error:
            problems.extend(error.problems)
        if problems:
            self.show_problems(problems)
            return
        self.finish(case)


class MeasureFormScreen(_Form[PlannedMeasure]):
    """One planned measure; choosing one of the guidance's measures proposes its cadence."""

    DRAFT_FORM = "tiltak"

    def __init__(self, library: Library, measure: PlannedMeasure | None = None, **form: Any) -> None:
        super().__init__(**form)
        self.library = library
        self.measure = measure or PlannedMeasure()

    def compose(self) -> ComposeResult:
        m = self.measure
        options = [(literal_line(doc.title), doc.id) for doc in self.library.measures]
        options.append((literal_line(t("case_form_local")), LOCAL))
        with VerticalScroll(classes="form-dialog") as box:
            box.border_title = t("case_form_measure")
            box.border_subtitle = t("form_keys")
            choice = m.measure if m.measure else (LOCAL if m.local_title else Select.NULL)
            yield self.row(t("case_form_measure_choice"),
                           Select(options, value=choice, prompt=t("case_form_measure_prompt"), id="pm-measure",
                                  compact=True))  # fmt: skip
            yield self.row(t("case_form_local_title"), SteadyInput(m.local_title, id="pm-local", compact=True))
            yield self.row(
                t("case_form_start"),
                SteadyInput(day_text(m.start), id="pm-start", compact=True),
                Label(t("case_form_end"), classes="form-label-inline"),
                SteadyInput(day_text(m.end), id="pm-end", compact=True),
            )
            yield self.row(
                t("case_form_frequency"),
                Select([(t("freq_daglig"), "daglig"), (t("freq_ukentlig"), "ukentlig")], value=m.frequency,
                       allow_blank=False, id="pm-frequency", compact=True),
                Label(t("case_form_per_week"), classes="form-label-inline"),
                SteadyInput(str(m.per_week), id="pm-per-week", type="integer", max_length=2, compact=True),
                Label(t("case_form_minutes"), classes="form-label-inline"),
                SteadyInput(str(m.minutes), id="pm-minutes", type="integer", max_length=3, compact=True),
            )  # fmt: skip
            carried_out_by = SteadyInput(m.carried_out_by, id="pm-carried-out-by", compact=True)
            yield self.row(t("case_form_carried_out_by"), carried_out_by)
            yield self.row(t("case_form_responsible"), SteadyInput(m.responsible, id="pm-responsible", compact=True))
            consent = [(t(f"consent_status_{status}"), status) for status in CONSENT_STATUSES]
            yield self.row(
                t("case_form_consent_pupil"),
                Select(consent, value=m.consent_pupil, allow_blank=False, id="pm-consent-pupil", compact=True),
                Label(t("case_form_consent_parents"), classes="form-label-inline"),
                Select(consent, value=m.consent_parents, allow_blank=False, id="pm-consent-parents", compact=True),
            )
            yield Static(id="pm-guidance")
            yield Static(classes="form-errors")

    def on_mount(self) -> None:
        self.query_one("#pm-measure").focus()
        self._describe()

    def restored(self) -> None:
        choice = self.query_one("#pm-measure", Select).value
        if choice not in (Select.NULL, LOCAL):
            self.measure = replace(self.measure, measure=str(choice))
        self._describe()

    def _describe(self) -> None:
        """The guidance's cadence and consent for the chosen measure, as a reminder."""
        from relasjon_tui.ui.format import document_facts

        choice = self.query_one("#pm-measure", Select).value
        doc = self.library.document(str(choice)) if choice not in (Select.NULL, LOCAL) else None
        facts = " · ".join(document_facts(doc)[1:]) if doc else ""
        self.query_one("#pm-guidance", Static).update(literal(facts, "$text-secondary") if facts else "")

    @on(Select.Changed, "#pm-measure")
    def _measure_chosen(self, event: Select.Changed) -> None:
        self._describe()
        doc = self.library.document(str(event.value)) if event.value not in (Select.NULL, LOCAL) else None
        if doc is None or self.measure.measure == doc.id:
            return
        try:
            start = parse_day(self.value("#pm-start"), self.now()) if self.value("#pm-start").strip() else None
        except WhenError:
            start = None
        proposal = propose_measure(doc.id, doc.cadence, start or self.now().date())
        self.query_one("#pm-start", Input).value = day_text(proposal.start)
        self.query_one("#pm-end", Input).value = day_text(proposal.end)
        self.query_one("#pm-frequency", Select).value = proposal.frequency
        self.query_one("#pm-minutes", Input).value = str(proposal.minutes)
        self.measure = replace(self.measure, measure=doc.id)

    def action_save(self) -> None:
        now = self.now()
        problems: list[str] = []
        days: dict[str, date | None] = {}
        for key in ("start", "end"):
            text = self.value(f"#pm-{key}")
            try:
                days[key] = parse_day(text, now) if text.strip() else None
            except WhenError as error:
                problems.append(t("case_form_bad_date", text=text.strip(), error=error))
                days[key] = None
        numbers: dict[str, int] = {}
        for key in ("per-week", "minutes"):
            try:
                numbers[key] = int(self.value(f"#pm-{key}"))
            except ValueError:
                problems.append(t("case_form_number", field=t(f"case_form_{key.replace('-', '_')}")))
                numbers[key] = 0
        choice = self.query_one("#pm-measure", Select).value
        if choice is Select.NULL:
            problems.append(t("case_form_choose_measure"))
        measure = PlannedMeasure(
            measure="" if choice in (LOCAL, Select.NULL) else str(choice),
            local_title=self.value("#pm-local").strip() if choice == LOCAL else "",
            start=days["start"],
            end=days["end"],
            frequency=cast(Frequency, self.value("#pm-frequency")),
            per_week=numbers["per-week"],
            minutes=numbers["minutes"],
            carried_out_by=self.value("#pm-carried-out-by").strip(),
            responsible=self.value("#pm-responsible").strip(),
            consent_pupil=cast(ConsentStatus, self.value("#pm-consent-pupil")),
            consent_parents=cast(ConsentStatus, self.value("#pm-consent-parents")),
        )
        if not problems:
            try:
                validate_case(Case("x", ("x",), measures=(measure,)), [doc.id for doc in self.library.measures])
            except ValidationError as error:
                problems.extend(error.problems)
        if problems:
            self.show_problems(problems)
            return
        self.finish(measure)


class EvaluationFormScreen(_Form[Evaluation]):
    """A dated evaluation: what worked, what did not, the pupil's experience, the decision."""

    DRAFT_FORM = "evaluering"

    def __init__(self, day: date, **form: Any) -> None:
        super().__init__(**form)
        self.day = day

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-dialog") as box:
            box.border_title = t("case_form_evaluation")
            box.border_subtitle = t("form_keys")
            yield self.row(t("case_form_day"), SteadyInput(day_text(self.day), id="ev-day", compact=True))
            for key, label in (("worked", "eval_worked"), ("not-worked", "eval_not_worked"), ("pupil", "eval_pupil")):
                yield Static(literal_line(t(label), "bold"), classes="form-heading")
                yield TextArea(id=f"ev-{key}", soft_wrap=True, tab_behavior="focus", classes="short")
            yield self.row(
                t("case_form_decision"),
                Select([(t(f"decision_{d}"), d) for d in DECISIONS], value="fortsette", allow_blank=False,
                       id="ev-decision", compact=True),
            )  # fmt: skip
            yield Static(classes="form-errors")

    def on_mount(self) -> None:
        self.query_one("#ev-worked").focus()

    def action_save(self) -> None:
        now = self.now()
        try:
            day = parse_day(self.value("#ev-day"), now, plan=False)
        except WhenError as error:
            self.show_problems([t("case_form_bad_date", text=self.value("#ev-day"), error=error)])
            return
        evaluation = Evaluation(
            day=day,
            worked=self.value("#ev-worked"),
            not_worked=self.value("#ev-not-worked"),
            pupil_experience=self.value("#ev-pupil"),
            decision=cast(Decision, self.value("#ev-decision")),
            author=default_author(),
            created=now,
        )
        try:
            validate_evaluation(evaluation)
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        self.finish(evaluation)


class EntryFormScreen(_Form[CaseEntry]):
    """A dated entry: the pupil (or other pupils directly affected) heard, and how; or what the school
    did under one of the activity duty's steps (kept watch, intervened, reported, investigated, measures)."""

    DRAFT_FORM = "oppforing"

    def __init__(self, day: date, **form: Any) -> None:
        super().__init__(**form)
        self.day = day

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-dialog") as box:
            box.border_title = t("case_form_entry")
            box.border_subtitle = t("form_keys")
            yield self.row(
                t("case_form_entry_kind"),
                Select([(t(f"entry_{kind}"), kind) for kind in ENTRY_KINDS], value="elev-hort", allow_blank=False,
                       id="en-kind", compact=True),
            )  # fmt: skip
            yield self.row(t("case_form_day"), SteadyInput(day_text(self.day), id="en-day", compact=True))
            yield Static(literal_line(t("case_form_entry_text"), "bold"), classes="form-heading")
            yield TextArea(id="en-text", soft_wrap=True, tab_behavior="focus")
            yield Static(classes="form-errors")

    def on_mount(self) -> None:
        self.query_one("#en-kind").focus()

    def action_save(self) -> None:
        now = self.now()
        try:
            day = parse_day(self.value("#en-day"), now, plan=False)
        except WhenError as error:
            self.show_problems([t("case_form_bad_date", text=self.value("#en-day"), error=error)])
            return
        entry = CaseEntry(day, cast(EntryKind, self.value("#en-kind")), self.value("#en-text").strip(),
                          default_author(), now)  # fmt: skip
        try:
            validate_entry(entry, now)
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        self.finish(entry)


class ArchiveFormScreen(_Form[tuple[date, str]]):
    """The case was received by the archive: the day, and the archive's reference."""

    DRAFT_FORM = "arkivert"

    def __init__(self, day: date, reference: str = "", **form: Any) -> None:
        super().__init__(**form)
        self.day = day
        self.reference = reference

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-dialog") as box:
            box.border_title = t("case_form_archive")
            box.border_subtitle = t("form_keys")
            yield Static(literal(t("case_form_archive_help")), classes="form-help")
            yield self.row(t("case_form_day"), SteadyInput(day_text(self.day), id="ar-day", compact=True))
            yield self.row(t("case_form_archive_ref"), SteadyInput(self.reference, id="ar-ref", compact=True))
            yield Static(classes="form-errors")

    def on_mount(self) -> None:
        self.query_one("#ar-ref").focus()

    def action_save(self) -> None:
        now = self.now()
        try:
            day = parse_day(self.value("#ar-day"), now, plan=False)
        except WhenError as error:
            self.show_problems([t("case_form_bad_date", text=self.value("#ar-day"), error=error)])
            return
        reference = " ".join(self.value("#ar-ref").split())
        if not reference or len(reference) > 200:
            self.show_problems([t("archive_ref_needed_form")])
            return
        self.finish((day, reference))
