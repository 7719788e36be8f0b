"""Provides the area registry: each area of the main screen defined once (its key, label, pane,
what it shows first, and which record changes make it reload).

The main screen, the area bar, the command palette and the case view's keys all read it; a
new area is one entry here plus its pane.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relasjon_tui.records.tables import CASES, LOGS, MEETINGS, NOTES, SUBJECTS

if TYPE_CHECKING:
    from textual.widget import Widget

    from relasjon_tui.content.model import Library
    from relasjon_tui.records.store import RecordStore


def _reflection(library: Library, store: RecordStore) -> Widget:
    from relasjon_tui.ui.widgets.reflection_pane import ReflectionPane

    return ReflectionPane(library, store, id="reflection")


def _log(library: Library, store: RecordStore) -> Widget:
    from relasjon_tui.ui.widgets.log_pane import LogPane

    return LogPane(store, library, id="log")


def _cases(library: Library, store: RecordStore) -> Widget:
    from relasjon_tui.ui.widgets.cases_pane import CasesPane

    return CasesPane(store, library, id="cases")


@dataclass(frozen=True, slots=True)
class Area:
    """One area: `name` is its id and the catalogue's «area_<name>» label."""

    name: str
    key: str
    pane_id: str
    focus: str
    """The widget focused when the area is shown."""
    build: Callable[[Library, RecordStore], Widget] | None = None
    """Builds the pane on the first visit (panes' modules are imported then); None: composed at start."""
    shows: tuple[str, ...] = ()
    """The record tables the pane shows: a change to one of them reloads it."""

    @property
    def container_id(self) -> str:
        return f"area-{self.name}"


AREAS: tuple[Area, ...] = (
    Area("tiltak", "1", "measures", "#document-list"),
    Area("refleksjon", "2", "reflection", "#question-list", _reflection, (NOTES, MEETINGS)),
    Area("logg", "3", "log", "#log-table", _log, (LOGS, SUBJECTS)),
    Area("saker", "4", "cases", "#case-list", _cases, (CASES, LOGS, SUBJECTS)),
)
BY_NAME: dict[str, Area] = {area.name: area for area in AREAS}
AREA_NAMES: tuple[str, ...] = tuple(BY_NAME)
