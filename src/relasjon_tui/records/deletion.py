"""Provides deletion everywhere: a pupil or group, or one case, from the data file, every backup
and the user's drafts, as `relasjon slett` and the app's `ctrl+d` do it alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.mentions import CodeMatcher, Mention
from relasjon_tui.records.store import RecordStore
from relasjon_tui.strings import t

_CASE_KEYS = ("case", "sak")
_LOG_KEYS = ("log", "logg")


def purge_drafts(
    drafts: DraftStore,
    code: str | None = None,
    *,
    cases: Iterable[int] = (),
    logs: Iterable[int] = (),
    others: Iterable[str] = (),
) -> int:
    """Remove every draft that mentions `code` (by the same matcher as everything else; `others`
    are the store's other codes, see `mentions.code_matches`), and every draft of a form about
    one of the deleted `cases` or `logs`. Returns how many went."""
    removed = drafts.purge(CodeMatcher(code, others).mentions) if code else 0
    case_ids, log_ids = {str(i) for i in cases}, {str(i) for i in logs}
    if case_ids or log_ids:
        for draft in drafts.all():
            about = {draft.context.get(key) for key in _CASE_KEYS} & case_ids
            about |= {draft.context.get(key) for key in _LOG_KEYS} & log_ids
            if about:
                drafts.clear(draft.form, draft.context)
                removed += 1
    return removed


def delete_subject(
    store: RecordStore,
    drafts: DraftStore,
    code: str,
    *,
    replace_mentions: bool = False,
    author: str = "",
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete `code` everywhere (see `RecordStore.delete_subject`) and the drafts about it.

    With `replace_mentions`, other records' texts that still name the code get the neutral
    word of the catalogue (`redacted_word()`) instead. Returns what went, with `drafts`.
    """
    ids = store.subject_record_ids(code)
    others = [subject.code for subject in store.subjects() if subject.code.casefold() != code.casefold()]
    word = redacted_word() if replace_mentions else None
    counts = store.delete_subject(code, replace_with=word, author=author, now=now)
    counts["drafts"] = purge_drafts(drafts, code, cases=ids["cases"], logs=ids["logs"], others=others)
    return counts


def delete_case(store: RecordStore, drafts: DraftStore, case_id: int) -> dict[str, int]:
    """Delete one case with its evaluations everywhere, and the drafts of its forms."""
    counts = store.delete_case(case_id)
    counts["drafts"] = purge_drafts(drafts, cases=[case_id])
    return counts


REDACTED = "[SLETTET]"
"""What replaces a deleted pupil's code in other records: stored text, the same whatever the
language of whoever deleted it."""


def redacted_word() -> str:
    """The neutral word that replaces a deleted pupil's code in other records («[SLETTET]»)."""
    return REDACTED


_FIELD_KEYS = {
    "title": "case_field_title", "problem": "case_field_problem", "pupil_view": "case_field_pupil_view",
    "best_interests": "case_field_best_interests", "local_title": "case_field_measure",
    "responsible": "delete_subject_field_responsible", "worked": "eval_worked", "not_worked": "eval_not_worked",
    "pupil_experience": "eval_pupil", "text": "field_note", "attendees": "meeting_field_attendees",
    "redaction": "field_redaction",
}  # fmt: skip


def mention_field(mention: Mention) -> str:
    """Where a mention stands, in the user's words: «notat», «Hva virket (evaluering 1)»,
    «problem (tidligere versjon 2)»."""
    parts = mention.path.split(".")
    name = parts[-1]
    key = _FIELD_KEYS.get(name, f"field_{name}")
    try:
        label = t(key)
    except KeyError:
        label = name
    if mention.kind == "meetings" and name == "title":
        label = t("delete_subject_field_meeting_title")
    if parts[0] == "revisions" and len(parts) > 1 and parts[1].isdigit():
        return t("delete_subject_field_revision", field=label, number=int(parts[1]) + 1)
    if parts[0] == "evaluations" and len(parts) > 1 and parts[1].isdigit():
        return t("delete_subject_field_evaluation", field=label, number=int(parts[1]) + 1)
    return label


def mention_line(mention: Mention) -> str:
    """One line of the review list: record kind, id, field, a short excerpt."""
    return t(
        "delete_subject_mention",
        kind=t(f"delete_subject_kind_{mention.kind}"),
        id=mention.id,
        field=mention_field(mention),
        excerpt=mention.excerpt,
    )
