"""Provides the history: one chained entry per change of any record, written by each save, and its verification.

The data file's `history` table holds entries keyed 1, 2, 3, … Each entry says when, who
(the account), which table and key, what happened (`baseline`, `create`, `edit`, `delete`),
a hash of the record's new content, and the hash of the entry before it (`prev`); its own
`hash` covers all of that, so an entry edited, removed or moved breaks the chain.

Entries are derived by the storage from what a save changed (see `journal.diff`), so no record
kind can be forgotten. A record's content hash is salted with 128 random bits that belong to
that one version: the salt is kept in the newest entry of the record only, and dropped when
the record changes again or is deleted. A pupil's code is short and guessable, but without the
salt the hash of a deleted or superseded version cannot be tested against guesses; the current
version can be checked, and its content is in the file anyway. An entry holds no record
content: a pupil deleted for privacy leaves entries saying only «subjects 12 deleted».

This makes changes made outside the app visible (a record edited, added or removed by hand;
entries edited, removed, reordered or cut off). It cannot stop someone with write access
from rewriting records and the whole chain to match: that needs the chain's head kept outside
the file, or entries signed by each member (see README).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import orjson

from relasjon_tui.records import forked
from relasjon_tui.records.rules import valid_key

HISTORY_TABLE = "history"
_HASH_BYTES = 16
"""128 bits: no collision can be made by hand, and each entry stays short (a file of 100 000
logs holds as many entries)."""


def content_hash(salt: str, record: Any) -> str:
    """SHA-256 of the version's salt followed by the record's content (keys sorted).

    Not an HMAC: the salt is no secret from whoever can read the file (it is in it), it only
    has to be unknown once it is dropped, which a 128-bit random prefix is; and at 100 000
    records `sjekk` has time for one hash per record, not HMAC's two."""
    message = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(bytes.fromhex(salt) + message).hexdigest()[: 2 * _HASH_BYTES]


_HASHED = ("n", "at", "by", "table", "key", "op", "content", "prev")
"""The fields an entry's hash covers: all but its own hash and the salt (which is dropped later)."""


def entry_hash(entry: dict[str, Any]) -> str:
    body = orjson.dumps(tuple(map(entry.get, _HASHED)))
    return hashlib.sha256(body).hexdigest()[: 2 * _HASH_BYTES]


@dataclass
class Chain:
    """Where the chain ends, and each record's newest entry: built once per read of the file,
    then kept up to date by each save and each journal line read."""

    head: int = 0
    head_hash: str = ""
    latest: dict[tuple[str, str], str] = field(default_factory=dict)
    """(table, key) → the key of the record's newest entry."""

    @classmethod
    def of(cls, rows: dict[str, Any]) -> Chain:
        chain = cls()
        if rows and all(map(str.isdecimal, rows)) and list(rows) == sorted(rows, key=int):
            # As the app writes them (in order, every entry a dict), in one pass: the first save
            # after a read at 100 000 logs must not wait for `update`'s checks of each entry.
            try:
                chain.latest = {(entry["table"], entry["key"]): key for key, entry in rows.items()}
                last = next(reversed(rows))
                chain.head, chain.head_hash = int(last), str(rows[last].get("hash", ""))
                return chain
            except (KeyError, TypeError):
                chain.latest = {}
        chain.update(rows)
        return chain

    def update(self, rows: dict[str, Any]) -> None:
        """Take in entries (new ones, or older ones that lost their salt)."""
        for key, entry in rows.items():
            if not (valid_key(key) and isinstance(entry, dict)):
                continue
            number = int(key)
            record = (str(entry.get("table")), str(entry.get("key")))
            newest = self.latest.get(record)
            if newest is None or int(newest) < number:
                self.latest[record] = key
            if number > self.head:
                self.head, self.head_hash = number, str(entry.get("hash", ""))


def record_changes(
    data: dict[str, Any],
    changed: dict[str, dict[str, Any]],
    removed: dict[str, set[str]],
    chain: Chain,
    author: str,
    when: str,
    untracked: frozenset[str],
) -> dict[str, dict[str, Any]]:
    """Append an entry to `data`'s history for every change; returns the history rows written
    (the new entries, and the earlier entries whose salt was dropped).

    A file without history (written by an older version) gets a `baseline` entry for each
    record it holds first, so every record is covered from then on.
    """
    history = data.setdefault(HISTORY_TABLE, {})
    written: dict[str, dict[str, Any]] = {}

    def add(table: str, key: str, op: str, record: Any) -> None:
        number = chain.head + 1
        entry: dict[str, Any] = {"n": number, "at": when, "by": author, "table": table, "key": key, "op": op,
                                 "prev": chain.head_hash}  # fmt: skip
        salt = secrets.token_hex(16) if op != "delete" else None
        if salt is not None:
            entry["content"] = content_hash(salt, record)
        entry["hash"] = entry_hash(entry)
        if salt is not None:
            entry["salt"] = salt
        previous = chain.latest.get((table, key))
        if previous is not None and "salt" in history.get(previous, {}):
            # A new dict, never changed in place: the storage tells changes by identity.
            history[previous] = written[previous] = {k: v for k, v in history[previous].items() if k != "salt"}
        history[str(number)] = written[str(number)] = entry
        chain.head, chain.head_hash = number, entry["hash"]
        chain.latest[(table, key)] = str(number)

    if chain.head == 0:
        for table, rows in data.items():
            if table in untracked or not isinstance(rows, dict):
                continue
            fresh = changed.get(table, {})
            for key, record in rows.items():
                if key not in fresh:
                    add(table, key, "baseline", record)
    for table, rows in changed.items():
        if table in untracked:
            continue
        for key, record in rows.items():
            newest = chain.latest.get((table, key))
            known = newest is not None and history.get(newest, {}).get("op") != "delete"
            add(table, key, "edit" if known else "create", record)
    for table, keys in removed.items():
        if table not in untracked:
            for key in sorted(keys, key=lambda k: (len(k), k)):
                add(table, key, "delete", None)
    return written


def drop_salts_of_changed(before: dict[str, Any], after: dict[str, Any], untracked: frozenset[str]) -> dict[str, Any]:
    """`after` (a kept file rewritten by a deletion) with the salt dropped from the entry of every
    record that the rewrite changed or removed: the hash of the version that named the pupil can
    then not be tested against guesses."""
    history = after.get(HISTORY_TABLE)
    if not isinstance(history, dict):
        return after
    chain = Chain.of(history)
    stale = []
    for table, rows in before.items():
        if table in untracked or not isinstance(rows, dict):
            continue
        kept = after.get(table, {})
        stale += [chain.latest.get((table, key)) for key, record in rows.items() if kept.get(key) != record]
    cleaned = dict(history)
    for key in stale:
        if key is not None and isinstance(cleaned.get(key), dict) and "salt" in cleaned[key]:
            cleaned[key] = {k: v for k, v in cleaned[key].items() if k != "salt"}
    return dict(after, **{HISTORY_TABLE: cleaned})


@dataclass(frozen=True)
class Finding:
    """One thing the history shows was done outside the app.

    `kind` is one of: `edited`, `moved`, `missing`, `link` (the chain itself: an entry edited,
    in the wrong place, entries missing before it, or not following the one before), and
    `changed`, `added`, `removed`, `restored` (a record that does not match its newest entry).
    """

    kind: str
    number: int = 0
    table: str = ""
    key: str = ""


CHAIN_KINDS = frozenset({"edited", "moved", "missing", "link"})
RECORD_KINDS = frozenset({"changed", "added", "restored"})


@dataclass
class Verdict:
    entries: int = 0
    records: int = 0
    findings: list[Finding] = field(default_factory=list)

    def unvouched(self) -> dict[str, set[str]] | None:
        """The records the history does not vouch for (by table), or None when it vouches for none:
        there is no history, or the chain itself was changed (an entry may then match a record
        that was edited along with it)."""
        if not self.entries or any(f.kind in CHAIN_KINDS for f in self.findings):
            return None
        found: dict[str, set[str]] = {}
        for finding in self.findings:
            if finding.kind in RECORD_KINDS:
                found.setdefault(finding.table, set()).add(finding.key)
        return found


def verify(data: dict[str, Any], untracked: frozenset[str], *, two_cores: bool = False) -> Verdict:
    """Check the chain from its first entry, then every record against its newest entry.

    The hashes are computed inline (the same as `entry_hash` and `content_hash`): at 100 000
    records, `sjekk` has about a microsecond per record to spare. With `two_cores`, the entries'
    own hashes are checked in a forked child while this process checks the records' (see
    records/forked.py); the verdict is the same either way."""
    rows = data.get(HISTORY_TABLE)
    verdict = Verdict()
    if not isinstance(rows, dict) or not rows:
        return verdict
    verdict.entries = len(rows)
    findings = verdict.findings
    order = _in_order(rows)
    job = partial(_edited_entries, rows, order)
    edited = forked.in_child(job) if two_cores else job
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    broken: dict[str, Finding] = {}  # by key: what is wrong with the entry's place in the chain
    expected, previous = 1, ""
    for key in order:
        entry = rows[key]
        if not (key.isdecimal() and key.isascii() and isinstance(entry, dict)):
            findings.append(Finding("edited", 0, HISTORY_TABLE, key))
            continue
        get = entry.get
        number = int(key)
        if get("n") != number:
            broken[key] = Finding("moved", number)
        elif number != expected:
            broken[key] = Finding("missing", number)
        elif get("prev") != previous:
            broken[key] = Finding("link", number)
        expected, previous = number + 1, get("hash", "")
        latest[(str(get("table")), str(get("key")))] = entry
    records = _changed_records(data, untracked, latest, verdict)
    bad = edited()
    # An entry whose own hash fails is «edited», whatever else is wrong with it.
    broken.update((key, Finding("edited", int(key))) for key in bad)
    findings += sorted(broken.values(), key=lambda f: f.number)
    findings += records
    return verdict


def _edited_entries(rows: dict[str, Any], order: list[str]) -> set[str]:
    """The keys of the entries whose own hash does not match what they say."""
    sha, dumps, width = hashlib.sha256, orjson.dumps, 2 * _HASH_BYTES
    bad = set()
    for key in order:
        entry = rows[key]
        if isinstance(entry, dict) and key.isdecimal() and key.isascii():
            get = entry.get
            if get("hash") != sha(dumps(tuple(map(get, _HASHED)))).hexdigest()[:width]:
                bad.add(key)
    return bad


def _changed_records(data: dict[str, Any], untracked: frozenset[str], latest: dict[tuple[str, str], dict[str, Any]],
                     verdict: Verdict) -> list[Finding]:  # fmt: skip
    """Every record that does not match its newest entry, and every entry whose record is gone."""
    sha, dumps, width, sort = hashlib.sha256, orjson.dumps, 2 * _HASH_BYTES, orjson.OPT_SORT_KEYS
    findings: list[Finding] = []
    for table, records in data.items():
        if table in untracked or not isinstance(records, dict):
            continue
        verdict.records += len(records)
        for key, record in records.items():
            entry = latest.pop((table, key), None)
            if entry is None:
                findings.append(Finding("added", 0, table, key))
                continue
            if entry.get("op") == "delete":
                findings.append(Finding("restored", _number(entry), table, key))
                continue
            try:
                digest = sha(bytes.fromhex(entry["salt"]) + dumps(record, option=sort)).hexdigest()
            except (KeyError, TypeError, ValueError):
                digest = ""  # no salt (dropped, or never there), or not one the app wrote
            if not digest or entry.get("content") != digest[:width]:
                findings.append(Finding("changed", _number(entry), table, key))
    for (table, key), entry in latest.items():
        if entry.get("op") != "delete":
            findings.append(Finding("removed", _number(entry), table, key))
    return findings


def _in_order(rows: dict[str, Any]) -> list[str]:
    """The keys in numeric order for plain digits, others after: as the app writes them («1» … «n»)
    that is one pass without sorting 100 000 keys."""
    plain = [str(number) for number in range(1, len(rows) + 1)]
    if all(map(rows.__contains__, plain)):
        return plain
    return sorted(rows, key=lambda k: (len(k), k))


def _number(entry: dict[str, Any]) -> int:
    number = entry.get("n")
    return number if isinstance(number, int) and not isinstance(number, bool) else 0
