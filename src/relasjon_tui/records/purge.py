"""Provides what deleting a pupil or group does to a whole data file: the records about the
code go, and the free texts that still mention it are found or rewritten.

Pure functions over the stored form (a dict of tables), so the data file, every backup and
every damaged copy are cleaned by the same code. Every record kind is covered through the
registry (records/kinds.py): its subject fields say what is about a code, its `free_text`
flag whether its texts are searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from relasjon_tui.records.kinds import BY_TABLE, FREE_TEXT_TABLES, KINDS, without_code
from relasjon_tui.records.mentions import CodeMatcher, Mention, mentions
from relasjon_tui.records.rules import SUBJECTS

STRUCTURAL_KEYS = frozenset({
    "subject", "subjects", "subject_kind", "measure", "start", "end", "created", "updated", "closed", "saved",
    "day", "decision", "frequency", "consent_pupil", "consent_parents", "question_id", "meeting_id",
    "evaluation_dates", "author", "agenda", "current", "ended", "code", "kind",
})  # fmt: skip
"""Keys whose values are codes, ids, times or choices rather than free text: never searched or rewritten."""


def purge_subject(data: dict[str, Any], code: str) -> dict[str, Any]:
    """`data` (a whole data file) without `code`: every record about it alone goes (its subject
    row, its logs, its own cases); a record about others too keeps them (a group case)."""
    cleaned = dict(data)
    for kind in KINDS:
        if not kind.subject_fields or kind.table not in data:
            continue
        rows = {}
        for key, record in data[kind.table].items():
            kept = without_code(kind, record, code)
            if kept is not None:
                rows[key] = kept
        cleaned[kind.table] = rows
    return cleaned


def _free_texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every free text in a record with where it stands; earlier versions (revisions) included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in STRUCTURAL_KEYS:
                yield from _free_texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _free_texts(item, (*path, index))


def other_codes(data: dict[str, Any], code: str) -> list[str]:
    """The codes of `data`'s subjects other than `code` (and other than it in another case)."""
    folded = code.casefold()
    codes = (str(r.get("code", "")) for r in data.get(SUBJECTS, {}).values())
    return [other for other in codes if other and other.casefold() != folded]


def find_mentions(data: dict[str, Any], code: str) -> list[Mention]:
    """Every free text in `data` (a whole data file) that mentions `code` (see `records.mentions`):
    titles, problems, notes, evaluations, meeting titles, and every earlier version of them.
    Another code of the file that begins with it («7B-gr1» for «7B») is not a mention."""
    found = []
    matcher = CodeMatcher(code, other_codes(data, code))
    for table in FREE_TEXT_TABLES:
        for key, record in data.get(table, {}).items():
            for path, text in _free_texts(record):
                count = matcher.count(text)
                if count:
                    where = ".".join(map(str, path))
                    found.append(Mention(table, int(key), where, matcher.excerpt(text, 48), count))
    return found


def _replaced(value: Any, matcher: CodeMatcher, word: str) -> Any:
    if isinstance(value, str):
        return matcher.replace(value, word)
    if isinstance(value, dict):
        return {k: v if k in STRUCTURAL_KEYS else _replaced(v, matcher, word) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(item, matcher, word) for item in value]
    return value


def replace_code_in_texts(data: dict[str, Any], code: str, word: str, note: dict[str, Any]) -> dict[str, Any]:
    """`data` with every mention of `code` in free text replaced by `word`; each record changed
    gets `note` (a stored revision) added to its revisions, if its kind keeps revisions."""
    cleaned = dict(data)
    matcher = CodeMatcher(code, other_codes(data, code))
    for table in FREE_TEXT_TABLES:
        rows = data.get(table, {})
        changed = {}
        for key, record in rows.items():
            if any(matcher.mentions(text) for _, text in _free_texts(record)):
                new = _replaced(record, matcher, word)
                if BY_TABLE[table].keeps_revisions:
                    new["revisions"] = [*new.get("revisions", []), note]
                changed[key] = new
        if changed:
            cleaned[table] = {**rows, **changed}
    return cleaned


def raw_mentions(raw: bytes, code: str) -> bool:
    """True if the bytes of a file that cannot be parsed mention `code` (JSON escapes undone as spaces)."""
    text = _JSON_ESCAPE.sub(" ", raw.decode("utf-8", "replace"))
    return mentions(text, code)


_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")
