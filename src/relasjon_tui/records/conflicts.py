"""Provides the check for a stale edit: has someone else changed or deleted a record since a form
opened it? Pure: the record as it was opened and as it is stored now in, a small result out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Conflict(Generic[T]):
    """The record changed (`current` is how it is stored now) or was deleted (`current` is None)."""

    kind: Literal["changed", "deleted"]
    current: T | None


def stale(opened: T, current: T | None) -> Conflict[T] | None:
    """None when the stored record is still the one the form opened; else what happened to it."""
    if current is None:
        return Conflict("deleted", None)
    if current != opened:
        return Conflict("changed", current)
    return None
