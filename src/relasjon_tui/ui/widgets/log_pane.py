"""Provides the Logg area: session logs newest first, filters, details, edits and deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_datetime_short
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import WhenError, local_now, parse_when
from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal_cell, literal_line
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.messages import OpenLogForm, notify_text
from relasjon_tui.ui.widgets.kept_table import KeptTable

MAX_ROWS = 100
"""Rows shown at once; the filters find older logs. Keeps the area quick at 100 000 logs."""

# Starting widths; `_fit_columns` sizes the code and measure columns to what they hold, and
# the note gets what is left on the line.
_COLUMNS = (("time", 14), ("subject", 11), ("measure", 18), ("minutes", 3), ("note", 20))
_CELL_PADDING = 2
_WIDEST_TIME = datetime(2026, 12, 28, 23, 59)
"""A time whose short form is as wide as any (two-digit day, a month's name in English)."""
WHOLE_TITLES_FROM = 100
"""From this many columns the measure column shows every measure's name whole; below, its short name."""
SHORT_TITLE_WIDTH = 18
"""The widest short name (designed for 80 columns)."""
_SUMMARY_WEEKS = 5
"""Weeks back from the selected log that the per-week summary reads; it shows the last four with logs."""


def short_title(measure_id: str, title: str, width: int = SHORT_TITLE_WIDTH) -> str:
    """A measure's name for narrow screens: the catalogue's short name, or whole words that fit (never cut)."""
    try:
        return t(f"short_title_{measure_id}")
    except KeyError:  # a school's own measure
        pass
    if len(title) <= width:
        return title
    words: list[str] = []
    for word in title.split():
        if len(" ".join([*words, word])) > width:
            break
        words.append(word)
    return " ".join(words) or title[:width]


def weekly_summary(logs: list[SessionLog], weeks: int = 4) -> list[tuple[str, int, int]]:
    """(ISO week label, sessions, minutes) for the last `weeks` weeks that have logs, oldest first."""
    totals: dict[tuple[int, int], list[int]] = {}
    for log in logs:
        year, week, _ = log.start.isocalendar()
        entry = totals.setdefault((year, week), [0, 0])
        entry[0] += 1
        entry[1] += log.minutes
    chosen = sorted(totals)[-weeks:]
    return [(f"{t('week_short')} {week}", *totals[(year, week)]) for year, week in chosen]  # type: ignore[misc]


class LogTable(KeptTable):
    """The log rows; row keys are log ids."""

    BINDINGS = vim_keys("logs")


class LogPane(Vertical):
    """Owns the filters and the table; reads and writes through the store it was given."""

    @dataclass
    class ShowLog(Message):
        """Show a log whole (and offer to edit or delete it); `measure_title` is its measure's name."""

        log: SessionLog
        measure_title: str

    @dataclass
    class DeleteLog(Message):
        """Delete a log, after asking."""

        log: SessionLog

    BINDINGS = [
        Binding("enter", "open", "key_open", id="logs.open"),
        Binding("e", "edit", "key_edit", id="logs.edit"),
        Binding("d", "delete", "key_delete", id="logs.delete"),
        Binding("f", "focus_filter", "key_filter", id="logs.filter"),
        Binding("i", "toggle_mine", "key_filter_mine", id="logs.mine"),
        Binding("escape", "to_list", "key_back_to_list", id="logs.to_list"),
    ]

    def __init__(self, store: RecordStore, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mine = False
        """Only the logs this account wrote (`i`)."""
        self.store = store
        self.library = library
        self.shown: list[SessionLog] = []
        self._summary_key: tuple[str, str] | None = None
        self._summary_text = ""
        self._filtered = False
        self._wide = False
        """Whether the pane is wide enough for whole measure names (see WHOLE_TITLES_FROM)."""
        """Whether the rows shown are filtered (an empty table then says nothing matches, not «no logs yet»)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="log-filters"):
            # Plain Inputs (not SteadyInput): the layout their new value asks for has the screen
            # paint the typed character before the table is filtered (10 000 logs, 20–40 ms).
            yield Input(placeholder=t("logs_filter_subject"), id="filter-subject", compact=True)
            yield Select(
                [(literal_line(doc.title), doc.id) for doc in self.library.measures],
                prompt=t("logs_filter_measure"), id="filter-measure", compact=True,
            )  # fmt: skip
            yield Input(placeholder=t("logs_filter_from"), id="filter-from", compact=True)
            yield Input(placeholder=t("logs_filter_to"), id="filter-to", compact=True)
        yield Static(id="log-status")
        table = LogTable(id="log-table", cursor_type="row", zebra_stripes=True)
        for key, width in _COLUMNS:
            table.add_column(t(f"logs_col_{key}"), width=width, key=key)
        yield table
        yield Static(id="log-summary")

    def on_mount(self) -> None:
        # The pane is built in the background; if the app began closing meanwhile, its
        # children are already being removed and there is nothing to show.
        if self.app.is_running:
            self.watch(self.query_one("#filter-measure", Select), "expanded", self._menu_toggled, init=False)
            # Filled for the width it will have when shown: that spares a second fill then.
            self._wide = self._width() >= WHOLE_TITLES_FROM
            self.reload()

    def on_resize(self) -> None:
        wide = self.size.width >= WHOLE_TITLES_FROM
        if wide != self._wide:
            self._wide = wide
            self.reload()  # the measure column changes between whole and short names
        else:
            self._fit_columns()

    def _width(self) -> int:
        # Built hidden, the pane has no size yet: it will be as wide as the screen.
        return self.size.width or self.app.size.width

    def _fit_columns(self) -> None:
        """Each column as wide as what it holds (header included, never cut); the note gets the rest.

        Only a width that changes is set: a new width draws every cell again."""
        table = self.query_one(LogTable)
        pane_width = self._width()
        ids = {doc.id for doc in self.library.measures} | {log.measure for log in self.shown}
        widths = {
            "time": len(format_datetime_short(_WIDEST_TIME)),
            "subject": max([len(t("logs_col_subject"))] + [len(log.subject) for log in self.shown]),
            "measure": max([len(t("logs_col_measure"))] + [len(self._cell_title(measure)) for measure in ids]),
            "minutes": 3,
        }
        fixed = sum(width + _CELL_PADDING for width in widths.values())
        widths["note"] = max(12, pane_width - fixed - _CELL_PADDING - 2)
        changed = False
        for key, width in widths.items():
            column = table.columns[key]  # type: ignore[index]
            if column.width != width:
                column.width = width
                changed = True
        if changed:
            table.refresh(layout=True)

    def _title(self, measure_id: str) -> str:
        doc = self.library.document(measure_id)
        return doc.title if doc else measure_id

    def _cell_title(self, measure_id: str) -> str:
        """The measure's name in the table: whole from WHOLE_TITLES_FROM columns, its short name below."""
        title = self._title(measure_id)
        return title if self._wide else short_title(measure_id, title)

    def action_toggle_mine(self) -> None:
        """Only my own logs, or everyone's again."""
        self.mine = not self.mine
        notify_text(self, t("filter_mine_on" if self.mine else "filter_mine_off"))
        self.reload()

    def _filters(self) -> tuple[dict[str, object], list[str]]:
        problems: list[str] = []
        filters: dict[str, object] = {}
        if self.mine:
            filters["author"] = default_author()
        subject = self.query_one("#filter-subject", Input).value.strip()
        if subject:
            filters["subject"] = self._known_code(subject)
        measure = self.query_one("#filter-measure", Select).value
        if measure is not Select.NULL:
            filters["measure"] = str(measure)
        now = local_now()
        for key, selector, end_of_day in (("since", "#filter-from", False), ("until", "#filter-to", True)):
            text = self.query_one(selector, Input).value.strip()
            if not text:
                continue
            try:
                when = parse_when(text, now)
            except WhenError as error:
                problems.append(str(error))
                continue
            day_start = when.replace(hour=0, minute=0)
            filters[key] = day_start + timedelta(days=1) - timedelta(seconds=1) if end_of_day else day_start
        return filters, problems

    def _known_code(self, typed: str) -> str:
        """The stored code that `typed` names, whatever its case (`ab` is AB); as typed if none is known."""
        try:
            codes = [subject.code for subject in self.store.subjects()]
        except Exception:  # noqa: BLE001 - the filter then matches exactly; the table reports the error
            return typed
        if typed in codes:
            return typed
        return next((code for code in codes if code.casefold() == typed.casefold()), typed)

    def reload(self) -> None:
        """Read the logs again with the current filters, keeping the cursor on the same log if it is still there."""
        filters, problems = self._filters()
        table = self.query_one(LogTable)
        keep = self.current_log_id()
        try:
            logs, total = self.store.logs_page(limit=MAX_ROWS, **filters)  # type: ignore[arg-type]
        except Exception as error:  # noqa: BLE001 - shown to the user; the store never half-writes
            self.query_one("#log-status", Static).update(literal_line(str(error), "$text-error"))
            return
        self.shown = logs
        self._filtered = bool(filters)
        self._summary_key = None  # the logs may have changed
        table.clear()
        for log in self.shown:
            table.add_row(
                literal_cell(format_datetime_short(log.start)), literal_cell(log.subject),
                literal_cell(self._cell_title(log.measure)), literal_cell(str(log.minutes)), literal_cell(log.note),
                key=str(log.id),
            )  # fmt: skip
        count = self._count_text(total, filtered=bool(filters))
        status = " ".join(problems) if problems else count
        damaged = self.store.damaged_count()  # held aside, never shown: say so, first
        if damaged:
            status = t("logs_damaged_one") if damaged == 1 else t("logs_damaged_many", count=damaged)
            status += " · " + count
        style = "$text-error" if problems or damaged else "dim"
        self.query_one("#log-status", Static).update(literal_line(status, style))
        self._fit_columns()
        if keep is not None and any(log.id == keep for log in self.shown):
            table.move_cursor(row=table.get_row_index(str(keep)))
        self._update_summary()

    def _count_text(self, matched: int, *, filtered: bool) -> str:
        """How many logs are shown, of how many: with a filter, of how many match and of all."""
        if not filtered:
            return t("logs_count", shown=len(self.shown), total=matched)
        total = self.store.count_logs()
        if len(self.shown) < matched:
            return t("logs_count_filtered_more", shown=len(self.shown), matched=matched, total=total)
        return t("logs_count_filtered", matched=matched, total=total)

    def current_log_id(self) -> int | None:
        table = self.query_one(LogTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row].id

    def current_log(self) -> SessionLog | None:
        log_id = self.current_log_id()
        return self.store.get_log(log_id) if log_id is not None else None

    @on(DataTable.RowHighlighted, "#log-table")
    def _row_moved(self) -> None:
        self._update_summary()

    def _update_summary(self) -> None:
        summary = self.query_one("#log-summary", Static)
        table = self.query_one(LogTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            empty = t("logs_no_match") if self._filtered else t("logs_empty")
            summary.update(literal_line(empty if not self.shown else ""))
            return
        selected = self.shown[table.cursor_row]
        key = (selected.subject, selected.measure)
        if key != self._summary_key:
            # From the store, not from the rows shown: those stop at MAX_ROWS.
            since = selected.start - timedelta(weeks=_SUMMARY_WEEKS)  # not the clock: same view tomorrow
            logs, _ = self.store.logs_page(subject=selected.subject, measure=selected.measure, since=since)
            weeks = " · ".join(t("logs_week", week=w, count=c, minutes=m) for w, c, m in weekly_summary(logs))
            self._summary_key, self._summary_text = (
                key,
                f"{selected.subject} – {self._title(selected.measure)}: {weeks}",
            )
        summary.update(literal_line(self._summary_text))

    @on(Input.Changed, "#log-filters Input")
    @on(Select.Changed, "#filter-measure")
    def _filter_changed(self) -> None:
        self.reload()

    @on(DataTable.RowSelected, "#log-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_focus_filter(self) -> None:
        self.query_one("#filter-subject", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":  # esc leaves the filters; in the table it belongs to the screen
            focused = self.screen.focused
            return focused is not None and self.query_one("#log-filters") in focused.ancestors
        return True

    def action_to_list(self) -> None:
        """Back from the filters to the logs."""
        self.query_one(LogTable).focus()

    def _menu_toggled(self, expanded: bool) -> None:
        if not expanded:  # the measure's menu closed (a choice, or esc): back to the logs
            self.call_after_refresh(self.action_to_list)

    def action_open(self) -> None:
        log = self.current_log()
        if log is not None:
            self.post_message(self.ShowLog(log, self._title(log.measure)))

    def action_edit(self) -> None:
        log = self.current_log()
        if log is not None:
            self.post_message(OpenLogForm(editing=log))

    def action_delete(self) -> None:
        log = self.current_log()
        if log is not None:
            self.post_message(self.DeleteLog(log))
