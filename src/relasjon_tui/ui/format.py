"""Provides the short texts several screens and widgets show alike: a measure's facts and title,
a question's status. Plain strings in the user's language (shown through ui/display.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relasjon_tui.content.model import Document, Library
from relasjon_tui.dates import format_date
from relasjon_tui.strings import t

if TYPE_CHECKING:  # the guidance's first screen uses this module, and shows no record
    from relasjon_tui.records.cases import PlannedMeasure
    from relasjon_tui.records.reflection import QuestionStatus


def _list_words(words: list[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {t(conjunction)} {words[-1]}"


def document_facts(doc: Document) -> list[str]:
    """The measure's key facts for the header: relation and cadence, where the guidance gives them."""
    facts: list[str] = []
    if doc.relation:
        facts.append(t(f"meta_relation_{doc.relation}"))
    cadence = doc.cadence
    if cadence.weeks:
        facts.append(t("meta_period", span=cadence.weeks))
    if cadence.frequencies:
        frequencies = _list_words([t(f"freq_{f}") for f in cadence.frequencies], "word_or")
        if cadence.fixed_times:
            frequencies = f"{frequencies}, {t('meta_fixed_times')}"
        facts.append(t("meta_frequency", frequencies=frequencies))
    if cadence.session_minutes:
        facts.append(t("meta_session", span=cadence.session_minutes))
    if cadence.group_max:
        facts.append(t("meta_group", span=cadence.group_max))
    if cadence.consent:
        facts.append(t("meta_consent", who=_list_words([t(f"consent_{c}") for c in cadence.consent], "word_and")))
    return facts


def measure_title(library: Library, measure: PlannedMeasure) -> str:
    """A planned measure's name: the guidance's title, or the local name."""
    if measure.is_local:
        return measure.local_title
    doc = library.document(measure.measure)
    return doc.title if doc else measure.measure


def status_text(status: QuestionStatus | None) -> str:
    """«Ikke drøftet», or «Drøftet 26.11.2026 · 2 notater»."""
    if status is None or (status.last_discussed is None and not status.notes):
        return t("status_never")
    parts = []
    if status.last_discussed is not None:
        parts.append(t("status_discussed", date=format_date(status.last_discussed)))
    counted = {0: t("status_no_notes"), 1: t("status_one_note")}
    parts.append(counted.get(status.notes) or t("status_notes", count=status.notes))
    return " · ".join(parts)
