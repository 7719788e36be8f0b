"""Provides the messages that cross from one area of the main screen to another."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


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
