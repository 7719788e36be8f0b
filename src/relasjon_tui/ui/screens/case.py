"""Provides the case view: the plan (with what is missing), progress per measure, and evaluations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_date, format_period
from relasjon_tui.records.cases import (
    Case,
    CaseEntry,
    Evaluation,
    PlannedMeasure,
    missing_items,
    missing_voice,
    next_evaluation,
    overdue_evaluations,
    progress,
    proposed_evaluations,
    sparkline,
)
from relasjon_tui.records.conflicts import StaleRecord
from relasjon_tui.records.drafts import Draft, DraftStore
from relasjon_tui.records.storage import DataFileError
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import local_now
from relasjon_tui.strings import t
from relasjon_tui.ui.areas import AREAS
from relasjon_tui.ui.display import NEWLINE, join, literal, literal_line
from relasjon_tui.ui.format import measure_title
from relasjon_tui.ui.keys import quiet_focus, vim_keys
from relasjon_tui.ui.messages import LeaveCase, OpenLogForm, RecordsChanged, notify_text
from relasjon_tui.ui.screens.case_forms import (
    PLAN_FORM_FIELDS,
    PLAN_FORM_LABELS,
    PLAN_FORM_TEXTS,
    ArchiveFormScreen,
    CaseFormScreen,
    EntryFormScreen,
    EvaluationFormScreen,
    MeasureFormScreen,
    plan_form_values,
)
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.form import StaleEdit
from relasjon_tui.ui.widgets.key_hints import KeyHints


def evaluation_line(case: Case, today: date) -> Content:
    """«Neste evaluering 03.12.2026 (om 7 dager)», or overdue in red."""
    day = next_evaluation(case, today)
    if day is None:
        return literal_line(t("case_no_next_evaluation"), "dim")
    if day in overdue_evaluations(case, today):
        return literal_line(t("case_evaluation_overdue", day=format_date(day), days=(today - day).days),
                            "bold $text-error")  # fmt: skip
    if day == today:
        return literal_line(t("case_evaluation_today", day=format_date(day)), "bold $text-warning")
    return literal_line(t("case_evaluation_next", day=format_date(day), days=(day - today).days), "bold")


def _shape(content: object) -> object:
    """What a part shows, to compare (Content's own == compares the text alone, not its styles)."""
    return (content.plain, tuple(content.spans)) if isinstance(content, Content) else content


def _option_shape(option: Option) -> object:
    return option.id, option.disabled, _shape(option.prompt)


class MeasureList(OptionList):
    """The plan's measures with their progress; Enter edits one."""

    BINDINGS = vim_keys("case-measures")


class CaseScreen(Screen[None]):
    """One case. Every change is stored at once."""

    focused: Reactive[Widget | None] = quiet_focus()
    AUTO_FOCUS = ""  # the measures are focused on mount, without scrolling the case's head away

    BINDINGS = [
        Binding("n", "log_session", "key_log_in_case", id="case.log"),
        Binding("p", "edit_plan", "key_edit_plan", id="case.plan"),
        Binding("t", "add_measure", "key_add_measure", id="case.measure"),
        Binding("v", "evaluate", "key_evaluate", id="case.evaluate"),
        Binding("h", "add_entry", "key_add_entry", id="case.entry"),
        Binding("A,shift+a", "archive", "key_archive_case", show=False, id="case.archive"),
        Binding("delete", "remove_measure", "key_remove_measure", show=False, id="case.remove_measure"),
        Binding("x", "export", "key_export_case", id="case.export"),
        Binding("X,shift+x", "export(True)", "key_export_case_pseudonym", show=False, id="case.export_pseudonym"),
        # `l` closes or reopens (only one of the two is offered); `a` means «new» everywhere.
        Binding("l", "close_case", "key_close_case", id="case.close"),
        Binding("l", "reopen_case", "key_reopen_case", id="case.reopen"),
        Binding("escape,q", "dismiss(None)", "key_back", id="case.back"),
        # The keys that work everywhere: back to the main screen, then the area or the search.
        *(Binding(a.key, f"leave('{a.name}')", f"key_area_{a.name}", show=False, id=f"area.{a.name}") for a in AREAS),
        Binding("slash", "leave('search')", "key_search", show=False, id="search"),
    ]

    @property
    def help_area(self) -> str:
        """The screen's name, for the help dialog."""
        return t("area_case")

    def __init__(
        self,
        store: RecordStore,
        library: Library,
        case: Case,
        *,
        evaluation_weeks: tuple[int, ...] = (1, 2, 4),
        drafts: DraftStore | None = None,
        resume: Draft | None = None,
        now: Callable[[], datetime] = local_now,
        school: str = "",
        unit: str = "",
    ) -> None:
        super().__init__()
        self.school = school
        self.unit = unit
        """School and unit (the settings), at the head of the document exported for the archive."""
        self.store = store
        self.library = library
        self.case = case
        self.evaluation_weeks = evaluation_weeks
        self.drafts = drafts
        self.resume = resume
        """A draft of one of this case's forms, left by a crash: the form is opened again with it."""
        self.now = now
        self._composed = False
        """Whether the view was composed since it was last shown (its first resume redraws nothing)."""

    def compose(self) -> ComposeResult:
        # Built with its text: filled in on mount instead, the view was laid out and painted
        # empty first, then again with the text (46 KB and 130 ms at 140×40 to open a case).
        head, plan, measures, evaluations, entries = self._sections()
        self._composed = True
        measure_list = MeasureList(*measures, id="case-measures")
        if self.case.measures:
            measure_list.highlighted = 0
        with VerticalScroll(id="case-view"):
            yield Static(head, id="case-head")
            yield Static(plan, id="case-plan")
            yield Static(literal_line(t("case_measures_heading"), "bold $text-accent"), classes="case-heading")
            yield measure_list
            yield Static(evaluations, id="case-evaluations")
            yield Static(entries, id="case-entries")
        yield KeyHints(id="case-key-hints")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(MeasureList), scroll_visible=False)
        if self.resume is not None:
            draft, self.resume = self.resume, None
            self._reopen(draft)

    def _reopen(self, draft: Draft) -> None:
        if draft.form == "sak":
            self.action_edit_plan(restore=draft.fields)
        elif draft.form == "evaluering":
            self.action_evaluate(restore=draft.fields)
        elif draft.form == "oppforing":
            self.action_add_entry(restore=draft.fields)
        elif draft.form == "arkivert":
            self.action_archive(restore=draft.fields)
        elif draft.form == "tiltak":
            index = draft.context.get("measure", "ny")
            if index.isascii() and index.isdigit() and int(index) < len(self.case.measures):
                self._open_measure_form(int(index), restore=draft.fields)
            else:
                self.action_add_measure(restore=draft.fields)

    def _form(self, **context: str) -> dict:
        """What every form of this case is given: the drafts, what the draft is about, and the clock."""
        return {"drafts": self.drafts, "draft_context": {"case": str(self.case.id), **context}, "now": self.now}

    def redraw(self) -> None:
        """Show the case as it is now (after a change, a colleague's save, or back from a form);
        a part whose text and styles are as shown is left alone (no layout, no paint)."""
        head, plan, measures, evaluations, entries = self._sections()
        for selector, content in (("#case-head", head), ("#case-plan", plan),
                                  ("#case-evaluations", evaluations), ("#case-entries", entries)):  # fmt: skip
            static = self.query_one(selector, Static)
            if _shape(static.content) != _shape(content):
                static.update(content)
        options = self.query_one(MeasureList)
        if [_option_shape(option) for option in options.options] != [_option_shape(o) for o in measures if o]:
            keep = options.highlighted
            options.set_options(measures)
            if self.case.measures:
                options.highlighted = min(keep or 0, len(self.case.measures) - 1)

    def _sections(self) -> tuple[Content, Content, list[Option | None], Content, Content]:
        """The view's parts: head, plan, the measures' options, evaluations, entries."""
        case = self.case
        today = self.now().date()
        missing = missing_items(case)
        state = t("case_closed", day=format_date(case.closed)) if case.closed else t("case_open")
        if case.archived:
            state = t("case_archived", day=format_date(case.archived), ref=case.archive_ref)
        head: list[Content] = [
            join([literal_line(f"{t('case_number', number=case.id)}: ", "bold $text-accent"),
                  literal_line(case.title, "bold $text-primary")]),  # fmt: skip
            join(
                [
                    literal_line(t("case_concerns"), "dim"),
                    literal_line(", ".join(case.subjects), "bold"),
                    literal_line(f"  ·  {state}", "dim"),
                ]
            ),  # fmt: skip
        ]
        if missing:
            items = ", ".join(t(f"case_item_{item}") for item in missing)
            head.append(literal_line(t("case_incomplete", items=items), "bold $text-error"))
        else:
            head.append(literal_line(t("case_complete"), "$text-success"))
        for gap in missing_voice(case):
            if gap == "plan":
                head.append(literal_line(t("case_voice_missing_plan"), "bold $text-warning"))
            else:
                day = format_date(date.fromisoformat(gap.split(":", 1)[1]))
                head.append(literal_line(t("case_voice_missing_evaluation", day=day), "$text-warning"))
        head.append(evaluation_line(case, today))
        plan = []
        for label, value in (("case_item_problem", case.problem), ("case_field_pupil_view", case.pupil_view),
                             ("case_field_best_interests", case.best_interests)):  # fmt: skip
            plan.append(literal_line(t(label), "bold $text-secondary"))
            plan.append(literal(value) if value.strip() else literal_line(t("case_not_written"), "dim italic"))
        lines = [literal_line(t("case_evaluations_heading"), "bold $text-accent")]
        dates = ", ".join(format_date(day) for day in case.evaluation_dates) or t("case_not_written")
        lines.append(literal_line(t("case_evaluation_dates", dates=dates), "dim"))
        for evaluation in sorted(case.evaluations, key=lambda e: e.day, reverse=True):
            lines.append(
                literal_line(
                    t(
                        "case_evaluation_entry",
                        day=format_date(evaluation.day),
                        author=evaluation.author or "?",
                        decision=t(f"decision_{evaluation.decision}"),
                    ),
                    "bold",
                )  # fmt: skip
            )
            for label, value in (("eval_worked", evaluation.worked), ("eval_not_worked", evaluation.not_worked),
                                 ("eval_pupil", evaluation.pupil_experience)):  # fmt: skip
                if value.strip():
                    lines.append(join([literal_line(f"  {t(label)}: ", "dim"), literal(value)]))
        entries = [literal_line(t("case_entries_heading"), "bold $text-accent")]
        if not case.entries:
            entries.append(literal_line(t("case_no_entries"), "dim italic"))
        for entry in sorted(case.entries, key=lambda e: (e.day, e.created or self.now()), reverse=True):
            entries.append(literal_line(t("case_entry_line", day=format_date(entry.day), kind=t(f"entry_{entry.kind}"),
                                          author=entry.author or "?"), "bold"))  # fmt: skip
            entries.append(join([literal_line("  "), literal(entry.text)]))
        return join(head, "\n"), join(plan, "\n"), self._measure_options(today), join(lines, "\n"), join(entries, "\n")

    def _measure_options(self, today: date) -> list[Option | None]:
        try:
            sessions = self.store.session_days(set(self.case.subjects))
        except (OSError, DataFileError) as error:
            notify_text(self, str(error), severity="error")
            sessions = {}
        options: list[Option | None] = []
        for index, measure in enumerate(self.case.measures):
            if options:
                options.append(None)
            options.append(Option(self._measure_prompt(measure, sessions, today), id=str(index)))
        if not options:
            options.append(Option(literal_line(t("case_no_measures"), "italic"), disabled=True))
        return options

    def _measure_summary(self, measure: PlannedMeasure) -> tuple[str, str, str | None, bool]:
        """The measure's title, its period, cadence and who; its consent line (None where the guidance
        asks for none), and whether consent is given."""
        period = (format_period(measure.start, measure.end)
                  if measure.start and measure.end else t("case_no_period"))  # fmt: skip
        cadence = t(f"case_cadence_{measure.frequency}", minutes=measure.minutes, per_week=measure.per_week)
        who = measure.carried_out_by or t("case_no_responsible")
        if measure.responsible.strip() and measure.responsible != measure.carried_out_by:
            who = t("case_who_and_responsible", who=who, responsible=measure.responsible)
        detail = f"{period} · {cadence} · {t('case_responsible', who=who)}"
        doc = self.library.document(measure.measure) if measure.measure else None
        if doc is None or not doc.cadence.consent:
            return measure_title(self.library, measure), detail, None, True
        consent = t("case_consent", pupil=t(f"consent_status_{measure.consent_pupil}"),
                    parents=t(f"consent_status_{measure.consent_parents}"))  # fmt: skip
        given = measure.consent_pupil == "gitt" and measure.consent_parents == "gitt"
        return measure_title(self.library, measure), detail, consent, given

    def _measure_text(self, measure: PlannedMeasure) -> str:
        """The measure as plain lines, to compare two versions of it."""
        return "\n".join(part for part in self._measure_summary(measure)[:3] if isinstance(part, str))

    def _measure_prompt(self, measure: PlannedMeasure, sessions, today: date) -> Content:
        title, detail, consent, given = self._measure_summary(measure)
        parts = [literal_line(title, "bold"), NEWLINE, literal_line(f"  {detail}", "dim")]
        if measure.is_local:
            parts += [NEWLINE, literal_line(f"  {t('case_local_not_logged')}", "dim italic")]
        else:
            days = [item for code in self.case.subjects for item in sessions.get((code, measure.measure), ())]
            done = progress(measure, days)
            line = t("case_progress", done=done.done, planned=done.planned, minutes=done.minutes)
            parts += [NEWLINE, literal_line(f"  {line}  ", "$text-success"), literal_line(sparkline(done.per_day),
                                                                                          "$text-accent")]  # fmt: skip
        if consent is not None:
            parts += [NEWLINE, literal_line(f"  {consent}", "$text-success" if given else "bold $text-warning")]
        return join(parts)

    # Changes
    #
    # Every change is a function from the case as it is stored now to the new case: someone else may
    # have saved since this view was drawn, and their version is what the change is applied to (in
    # one locked step, `expected`), so nothing they wrote is overwritten by a save that did not see it.
    # Only where both changed the same field of the plan or the same measure does the user choose.

    def _store(self, change: Callable[[Case], Case]) -> bool:
        """Apply a change asked for in a dialog; say so if it could not be stored."""
        try:
            self._apply(change)
        except StaleEdit as stale:
            notify_text(self, stale.question, severity="error")
            return False
        except (OSError, DataFileError, KeyError) as error:
            notify_text(self, t("case_not_saved", error=error), severity="error")
            return False
        return True

    def _apply(self, change: Callable[[Case], Case]) -> None:
        """Store `change` applied to the stored case and show it; raises StaleEdit (the case is gone,
        or `change` found a clash) or what the store raises (a form then stays open)."""
        assert self.case.id is not None
        for _attempt in range(5):
            current = self.store.get_case(self.case.id)
            if current is None:
                raise StaleEdit(t("conflict_case_gone"), "", None, "", None)
            changed = change(current)
            try:
                self.store.replace_case(changed, expected=current)
            except StaleRecord:
                continue  # saved by someone else this very moment: apply the change to theirs
            self.case = changed
            self.redraw()
            self.refresh_bindings()  # closed or reopened: «Lukk saken» becomes «Gjenåpne», and back
            return
        raise OSError(t("case_busy"))

    def action_edit_plan(self, restore: dict[str, str] | None = None) -> None:
        opened = [self.case]  # what the form was built on: theirs, once the user chose to merge by hand
        form = CaseFormScreen(
            self.library, self.case, evaluation_weeks=self.evaluation_weeks, restore=restore,
            commit=lambda edited: self._apply_plan(opened, edited), drafts=self.drafts, now=self.now,
        )  # fmt: skip
        self.app.push_screen(form)

    def _apply_plan(self, opened: list[Case], edited: Case, *, over_theirs: bool = False) -> None:
        """The fields the user changed in the plan form, on top of the stored case; a field someone
        else changed too (to something else) is a clash the user resolves."""
        base = opened[0]
        mine = {name: getattr(edited, name) for name in PLAN_FORM_FIELDS
                if getattr(edited, name) != getattr(base, name)}  # fmt: skip

        def change(current: Case) -> Case:
            clash = [name for name, value in mine.items()
                     if getattr(current, name) != getattr(base, name) and getattr(current, name) != value]  # fmt: skip
            if clash and not over_theirs:
                raise self._plan_clash(opened, current, edited, clash)
            return current.edited(self.now(), default_author(), **mine) if mine else current

        self._apply(change)

    def _plan_clash(self, opened: list[Case], theirs: Case, edited: Case, clash: list[str]) -> StaleEdit:
        base = opened[0]
        mine_text, theirs_text = plan_form_values(edited), plan_form_values(theirs)

        def shown(values: dict[str, str]) -> str:
            return "\n".join(f"{t(PLAN_FORM_LABELS[name])}: {values[PLAN_FORM_FIELDS[name]]}" for name in clash)

        merged: dict[str, str] = {}
        for name, field_id in PLAN_FORM_FIELDS.items():
            if name in clash and name in PLAN_FORM_TEXTS:
                merged[field_id] = f"{theirs_text[field_id]}\n{mine_text[field_id]}".strip()
            elif name not in clash and getattr(theirs, name) != getattr(base, name):
                merged[field_id] = theirs_text[field_id]  # theirs alone changed it: the form shows theirs
        who = theirs.author or "?"
        return StaleEdit(
            t("conflict_question_case", who=who), who, shown(theirs_text), shown(mine_text),
            keep_mine=lambda: self._apply_plan(opened, edited, over_theirs=True),
            rebase=lambda: opened.__setitem__(0, theirs), merged=merged,
        )  # fmt: skip

    def _with_measures(self, case: Case, measures: tuple[PlannedMeasure, ...]) -> Case:
        """The plan with these measures; the measures before are kept as a revision (who, when)."""
        changes: dict[str, object] = {"measures": measures}
        if not case.evaluation_dates and measures and measures[0].start:
            changes["evaluation_dates"] = proposed_evaluations(measures[0].start, self.evaluation_weeks)
        return case.edited(self.now(), default_author(), **changes)

    def action_add_measure(self, restore: dict[str, str] | None = None) -> None:
        def commit(measure: PlannedMeasure) -> None:
            self._apply(lambda case: self._with_measures(case, (*case.measures, measure)))

        form = MeasureFormScreen(self.library, restore=restore, commit=commit, draft_title=self._draft_title("tiltak"),
                                 **self._form(measure="ny"))  # fmt: skip
        self.app.push_screen(form)

    @on(OptionList.OptionSelected, "#case-measures")
    def _edit_measure(self, event: OptionList.OptionSelected) -> None:
        self._open_measure_form(int(event.option.id or 0))

    def _open_measure_form(self, index: int, restore: dict[str, str] | None = None) -> None:
        opened = [self.case.measures[index]]
        form = MeasureFormScreen(self.library, self.case.measures[index], restore=restore,
                                 commit=lambda measure: self._apply_measure(opened, index, measure),
                                 draft_title=self._draft_title("tiltak"), **self._form(measure=str(index)))  # fmt: skip
        self.app.push_screen(form)

    def _apply_measure(self, opened: list[PlannedMeasure], index: int, measure: PlannedMeasure) -> None:
        """The edited measure in place of the one the form opened; if someone else changed or removed
        that one meanwhile, the user chooses."""
        base = opened[0]

        def change(current: Case) -> Case:
            measures = list(current.measures)
            if base in measures:
                measures[measures.index(base)] = measure
                return self._with_measures(current, tuple(measures))
            raise self._measure_clash(opened, index, current, measure)

        self._apply(change)

    def _measure_clash(self, opened: list[PlannedMeasure], index: int, current: Case,
                       measure: PlannedMeasure) -> StaleEdit:  # fmt: skip
        mine = self._measure_text(measure)
        same = [m for m in current.measures[index : index + 1] if m.measure == opened[0].measure]
        if not same:

            def add_back() -> None:
                self._apply(lambda case: self._with_measures(case, (*case.measures, measure)))

            return StaleEdit(t("conflict_measure_removed"), "", None, mine, add_back)
        theirs = same[0]
        who = current.author or "?"

        def keep_mine() -> None:
            self._apply_measure([theirs], index, measure)

        return StaleEdit(t("conflict_question_measure", who=who), who, self._measure_text(theirs), mine,
                         keep_mine=keep_mine, rebase=lambda: opened.__setitem__(0, theirs))  # fmt: skip

    def _draft_title(self, form: str) -> str:
        return t(f"draft_title_{form}", number=self.case.id)

    def action_remove_measure(self) -> None:
        measures = self.query_one(MeasureList)
        if not self.case.measures or measures.highlighted is None:
            return
        index = int(measures.get_option_at_index(measures.highlighted).id or 0)
        target = self.case.measures[index]
        title = measure_title(self.library, target)

        def without(case: Case) -> Case:
            if target not in case.measures:
                raise StaleEdit(t("case_measure_changed_not_removed", title=title), "", None, "", None)
            return self._with_measures(case, tuple(m for m in case.measures if m != target))

        def answer(yes: bool | None) -> None:
            if yes:
                self._store(without)

        self.app.push_screen(ConfirmScreen(t("case_remove_measure_question", title=title)), answer)

    def action_log_session(self) -> None:
        """The quick-log form with the case's code and the highlighted measure filled in."""
        fields = {"subject": self.case.subjects[0] if self.case.subjects else ""}
        measures = self.query_one(MeasureList)
        if self.case.measures and measures.highlighted is not None:
            planned = self.case.measures[int(measures.get_option_at_index(measures.highlighted).id or 0)]
            if not planned.is_local:
                fields.update(measure=planned.measure, minutes=str(planned.minutes))
        if len(self.case.subjects) > 1:
            fields["kind"] = "gruppe"
        self.post_message(OpenLogForm(prefill=fields))

    def on_records_changed(self, message: RecordsChanged) -> None:
        """Someone else saved: show the case as it is stored now (a form on top keeps what is typed)."""
        if self.case.id is None:
            return
        try:
            fresh = self.store.get_case(self.case.id)
        except Exception:  # noqa: BLE001 - the areas report an unreadable file; this view keeps what it shows
            return
        if fresh is not None and fresh != self.case:
            self.case = fresh
            self.redraw()

    def on_screen_resume(self) -> None:
        # Back from the quick-log form (or another dialog): show the new sessions. Not on the
        # first resume, when the view was just composed with what is stored.
        if self._composed:
            self._composed = False
            return
        self.redraw()

    def action_evaluate(self, restore: dict[str, str] | None = None) -> None:
        today = self.now().date()
        day = next_evaluation(self.case, today)

        def evaluated(case: Case, evaluation: Evaluation) -> Case:
            case = replace(case, evaluations=(*case.evaluations, evaluation), updated=self.now())
            if evaluation.decision == "avslutte" and case.closed is None:
                case = replace(case, closed=self.now())
            return case

        def commit(evaluation: Evaluation) -> None:
            self._apply(lambda case: evaluated(case, evaluation))

        form = EvaluationFormScreen(day if day and day <= today else today, restore=restore, commit=commit,
                                    draft_title=self._draft_title("evaluering"), **self._form())  # fmt: skip
        self.app.push_screen(form)

    def action_add_entry(self, restore: dict[str, str] | None = None) -> None:
        """A dated entry: a hearing, or a step of the activity duty."""

        def commit(entry: CaseEntry) -> None:
            self._apply(lambda case: replace(case, entries=(*case.entries, entry), updated=self.now()))

        form = EntryFormScreen(self.now().date(), restore=restore, commit=commit,
                               draft_title=self._draft_title("oppforing"), **self._form())  # fmt: skip
        self.app.push_screen(form)

    def action_archive(self, restore: dict[str, str] | None = None) -> None:
        """Mark the case as received by the archive (the day, the archive's reference)."""

        def commit(receipt: tuple[date, str]) -> None:
            day, reference = receipt
            self._apply(lambda case: case.edited(self.now(), default_author(), archived=day, archive_ref=reference))

        form = ArchiveFormScreen(self.case.archived or self.now().date(), self.case.archive_ref, restore=restore,
                                 commit=commit, draft_title=self._draft_title("arkivert"), **self._form())  # fmt: skip
        self.app.push_screen(form)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_case":
            return self.case.closed is None
        if action == "reopen_case":
            return self.case.closed is not None
        return True

    def action_leave(self, where: str) -> None:
        """Back to the main screen, then to an area (or the search): those keys work everywhere."""
        self.dismiss(None)
        self.app.post_message(LeaveCase(where))

    def action_reopen_case(self) -> None:
        self.action_close_case()

    def action_close_case(self) -> None:
        closing = self.case.closed is None
        question = t("case_close_question" if closing else "case_reopen_question")

        def answer(yes: bool | None) -> None:
            if yes:
                self._store(lambda case: replace(case, closed=self.now() if closing else None, updated=self.now()))

        self.app.push_screen(ConfirmScreen(question), answer)

    def action_export(self, pseudonym: bool = False) -> None:
        from relasjon_tui.records.case_document import Facts, render
        from relasjon_tui.records.export import write_export
        from relasjon_tui.ui.screens.save_as import SaveAsScreen

        case = self.case
        suffix = "-pseudonym" if pseudonym else ""
        suggested = Path.home() / f"sak-{case.id}-{self.now().strftime('%Y-%m-%d')}{suffix}.md"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                titles = {doc.id: doc.title for doc in self.library.measures}
                codes = [subject.code for subject in self.store.subjects()] if pseudonym else []
                logs = self.store.case_logs(case)
                facts = Facts(default_author(), self.now(), self.school, self.unit)
                data = render(case, logs, titles, facts, pdf=path.suffix.lower() == ".pdf", pseudonym=pseudonym,
                              other_codes=codes)  # fmt: skip
                write_export(path, data)
            except Exception as error:  # noqa: BLE001 - the case is safe in the store; say what failed
                notify_text(self, t("export_failed", path=path, error=error), severity="error")
                return
            notify_text(self, t("export_written", path=path))

        title = t("export_case_pseudonym_title" if pseudonym else "export_case_title")
        self.app.push_screen(SaveAsScreen(title, suggested), chosen)
