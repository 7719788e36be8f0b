"""Provides what a stale edit is: someone else changed or deleted a record since a form opened it.
`StaleRecord` is what the store raises when a write that expected one version finds another;
`Conflict` is what a form shows about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Conflict(Generic[T]):
    """The record changed (`current` is how it is stored now) or was deleted (`current` is None)."""

    kind: Literal["changed", "deleted"]
    current: T | None


class StaleRecord(Exception):
    """A replace expected the record as it was opened; it is stored as `current` now (None: deleted).
    Nothing was written."""

    def __init__(self, current: object | None) -> None:
        super().__init__("changed" if current is not None else "deleted")
        self.current = current
