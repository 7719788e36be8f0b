"""Provides the Saker area: what needs attention now, then every case with its plan's state.

Overdue evaluations, active measures with no session this week and measures ending within a
week come first; the list of cases follows. Everything comes from one read of the file.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_date
from relasjon_tui.records.cases import Alert, Case, is_mine, missing_items, next_evaluation, overview
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import local_now
from relasjon_tui.strings import t
from relasjon_tui.ui.display import NEWLINE, join, literal_line
from relasjon_tui.ui.format import measure_title
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.messages import notify_text
from relasjon_tui.ui.widgets.steady import MovingList

MAX_ALERTS = 50
"""Alerts listed at once; the count in the heading tells how many there are in all."""


class CaseList(MovingList):
    """Alerts and cases; option ids end in «case-ID»."""

    BINDINGS = vim_keys("cases")


class CasesPane(Vertical):
    """The overview and the cases."""

    BINDINGS = [
        Binding("a", "new_case", "key_new_case", id="cases.new"),
        Binding("ctrl+d", "delete_subject", "key_delete_subject", id="cases.delete_subject"),
        Binding("i", "toggle_mine", "key_filter_mine", id="cases.mine"),
    ]

    class OpenCase(Message):
        """Open a case (None: a new one)."""

        def __init__(self, case: Case | None) -> None:
            super().__init__()
            self.case = case

    class DeleteSubject(Message):
        """The user asked to delete a pupil or group everywhere."""

    def __init__(self, store: RecordStore, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.library = library
        self.cases: dict[int, Case] = {}
        self._signature: list | None = None
        self.mine = False
        """Only the cases this account works on (`i`; see `cases.is_mine`)."""

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        notify_text(self, t("filter_mine_on" if self.mine else "filter_mine_off"))
        self.reload()

    def compose(self) -> ComposeResult:
        yield Static(id="cases-count")
        yield CaseList(id="case-list")

    def on_mount(self) -> None:
        if self.app.is_running:  # built in the background: the app may be closing already
            self.reload()

    def reload(self, today: date | None = None) -> None:
        """Read the cases and the session days again and redraw."""
        today = today or local_now().date()
        try:
            cases = self.store.cases()
            if self.mine:
                me = default_author()
                cases = [case for case in cases if is_mine(case, me)]
            codes = {code for case in cases if case.is_open for code in case.subjects}
            sessions = self.store.session_dates(codes)
        except Exception as error:  # noqa: BLE001 - shown; nothing is written here
            self.query_one("#cases-count", Static).update(literal_line(str(error), "$text-error"))
            return
        self.cases = {case.id: case for case in cases if case.id is not None}
        alerts = overview(cases, sessions, today)
        heading = literal_line(t("cases_attention", count=len(alerts)), "bold $text-accent")
        options: list[Option | None] = [Option(heading, disabled=True)]
        for number, alert in enumerate(alerts[:MAX_ALERTS]):
            # A case can have several alerts and also stands in the list below: ids stay unique.
            options.append(Option(self._alert_prompt(alert), id=f"alert-{number}-case-{alert.case_id}"))
        if len(alerts) > MAX_ALERTS:
            more = literal_line(t("cases_more_alerts", count=len(alerts) - MAX_ALERTS), "dim italic")
            options.append(Option(more, disabled=True))
        if not alerts:
            options.append(Option(literal_line(t("cases_nothing_due"), "dim italic"), disabled=True))
        options += [None, Option(literal_line(t("cases_heading"), "bold $text-accent"), disabled=True)]
        for case in cases:
            options.append(Option(self._case_prompt(case, today), id=f"case-{case.id}"))
        if not cases:
            options.append(Option(literal_line(t("cases_none"), "dim italic"), disabled=True))
        case_list = self.query_one(CaseList)
        # Shown again on every visit: redrawn only when something changed (500 cases take a while to lay out).
        signature = [(option.id, str(option.prompt)) if option else None for option in options]
        if signature == self._signature:
            return
        self._signature = signature
        keep = case_list.highlighted
        case_list.set_options(options)
        enabled = [i for i in range(case_list.option_count) if not case_list.get_option_at_index(i).disabled]
        if enabled:
            case_list.highlighted = keep if keep in enabled else enabled[0]
        open_count = sum(1 for case in cases if case.is_open)
        self.query_one("#cases-count", Static).update(
            literal_line(t("cases_count", open=open_count, total=len(cases)), "dim")
        )

    def _alert_prompt(self, alert: Alert):
        case = self.cases.get(alert.case_id)
        measure = case.measures[alert.measure_index] if case and alert.measure_index is not None else None
        title = measure_title(self.library, measure) if measure else ""
        day = format_date(alert.day) if alert.day else ""
        text = t(f"alert_{alert.kind.replace('-', '_')}", day=day, measure=title)
        style = "bold $text-error" if alert.kind == "forfalt" else "$text-warning"
        number = literal_line(f"{t('case_number', number=alert.case_id)} · ", "bold $text-accent")
        return join([number, literal_line(alert.case_title, "bold"), literal_line(" · "), literal_line(text, style)])

    def _case_prompt(self, case: Case, today: date):
        missing = missing_items(case)
        state = t("cases_closed") if not case.is_open else (
            t("cases_incomplete", count=len(missing)) if missing else t("cases_complete"))  # fmt: skip
        day = next_evaluation(case, today) if case.is_open else None
        facts = [", ".join(case.subjects), state]
        if day:
            facts.append(t("cases_next_evaluation", day=format_date(day)))
        style = "dim" if not case.is_open else ("$text-error" if missing else "$text-success")
        number = literal_line(f"{t('case_number', number=case.id)} · ", "bold $text-accent" if case.is_open else "dim")
        return join([number, literal_line(case.title, "bold" if case.is_open else "dim"), NEWLINE,
                     literal_line(f"  {' · '.join(facts)}", style)])  # fmt: skip

    @on(OptionList.OptionSelected, "#case-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and "case-" in event.option.id:
            case = self.cases.get(int(event.option.id.rpartition("case-")[2]))
            if case is not None:
                self.post_message(self.OpenCase(case))

    def action_new_case(self) -> None:
        self.post_message(self.OpenCase(None))

    def action_delete_subject(self) -> None:
        self.post_message(self.DeleteSubject())
