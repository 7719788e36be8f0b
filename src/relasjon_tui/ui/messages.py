"""Provides the app-wide messages: requests that several screens and widgets send, which the app
handles in one place (a message only one widget sends is nested in that widget instead)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from relasjon_tui.records.model import SessionLog


@dataclass
class ShowGuidance(Message):
    """Ask the main screen to open a document in the Tiltak area, optionally at a section and heading."""

    document_id: str
    section_id: str | None = None
    heading: str | None = None


@dataclass
class LeaveCase(Message):
    """The case view was left with a key that works everywhere: show `where` (an area, or «search»)."""

    where: str


@dataclass
class OpenLogForm(Message):
    """Ask the app for the quick-log form: a new log (with `prefill`'s first values) or an edit of `editing`."""

    prefill: dict[str, str] | None = None
    editing: SessionLog | None = None


@dataclass
class RecordsChanged(Message):
    """Records changed (saved here, or by another process): the areas showing them reload.

    `tables` names what changed (the tables of records/kinds.py); None means anything may have.
    """

    tables: frozenset[str] | None = None

    def touches(self, *tables: str) -> bool:
        return self.tables is None or not self.tables.isdisjoint(tables)


@dataclass
class NotifyText(Message):
    """Show a notice whose text is data (literal, controls made visible), by the app."""

    text: str
    title: str = ""
    severity: SeverityLevel = "information"
    timeout: float | None = None


def notify_text(
    node: MessagePump,
    text: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """Post a NotifyText to the app itself, so it is shown even if the sender's screen closes at once."""
    node.app.post_message(NotifyText(text, title, severity, timeout))
