"""Provides the health check behind `relasjon sjekk`: readable, schema, history, permissions, backups, temp files."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import orjson

from relasjon_tui.fsutil import TEMP_SUFFIX, os_reason, read_regular, write_private_atomic
from relasjon_tui.records import history, quarantine
from relasjon_tui.records.journal import journal_path
from relasjon_tui.records.kinds import RECORD_TABLES, check_record
from relasjon_tui.records.rules import CASES, LOGS, MEETINGS, SUBJECTS, Known, Problem
from relasjon_tui.records.storage import UNTRACKED, DataFileError, backup_problem, backups_of, load
from relasjon_tui.strings import t
from relasjon_tui.team import describe_folder
from relasjon_tui.textsafe import visible


@dataclass
class CheckReport:
    """Lines to print; `ok` is False when any problem was found."""

    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def good(self, text: str) -> None:
        self.lines.append(t("check_line_ok", text=text))

    def bad(self, text: str) -> None:
        self.lines.append(t("check_line_bad", text=text))
        self.ok = False


def _old_cases(report: CheckReport, data: dict, months: int, today: date) -> None:
    limit = today - timedelta(days=round(months * 30.44))
    old = []
    for key, record in data.get(CASES, {}).items():
        closed = record.get("closed")
        if isinstance(closed, str) and closed[:10] < limit.isoformat():
            old.append((closed[:10], key, ", ".join(map(str, record.get("subjects", [])))))
    if not old:
        report.good(t("check_no_old_cases", months=months))
        return
    # Not an error: a reminder that what is no longer needed should be archived and deleted.
    report.lines.append(t("check_old_cases", count=len(old), months=months))
    for closed, key, codes in sorted(old):
        report.lines.append(t("check_old_case", id=key, closed=closed, codes=codes))


def _unarchived(report: CheckReport, data: dict) -> None:
    # Not an error either: a closed case belongs in the municipality's archive before it is deleted.
    waiting = [
        (str(record.get("closed"))[:10], key, str(record.get("title", "")))
        for key, record in data.get(CASES, {}).items()
        if record.get("closed") and not record.get("archived")
    ]
    if not waiting:
        report.good(t("check_all_archived"))
        return
    report.lines.append(t("check_unarchived", count=len(waiting)))
    for closed, key, title in sorted(waiting):
        report.lines.append(t("check_unarchived_case", id=key, closed=closed, title=visible(title)))


_SEEN_FORMAT = 1


def _backup_problems(backups: list[Path], seen_file: Path | None) -> list[tuple[Path, str]]:
    """Each backup that cannot be put in place of the data file, with why.

    Read as a restore would read it: a backup is only as good as that. At 100 000 logs that is
    half a second each, seven of them: so a backup found sound is remembered in `seen_file` by
    its inode, size and times (the change time moves with any write, chmod or rename, and no
    user can set it), and read again only when one of them has changed. A backup that failed
    is read again every time; a memory that cannot be read or written means reading them all.
    """
    seen: dict[str, list[int]] = {}
    if seen_file is not None:
        try:
            stored = orjson.loads(read_regular(seen_file))
            if (
                isinstance(stored, dict)
                and stored.get("format") == _SEEN_FORMAT
                and isinstance(stored.get("sound"), dict)
            ):
                seen = stored["sound"]
        except (OSError, orjson.JSONDecodeError):
            pass
    sound: dict[str, list[int]] = {}
    problems = []
    for backup in backups:
        stamp = _identity(backup)
        if stamp is not None and seen.get(backup.name) == stamp:
            sound[backup.name] = stamp
            continue
        why = backup_problem(backup)
        if why is not None:
            problems.append((backup, why))
        elif stamp is not None and stamp == _identity(backup):  # unchanged while it was read
            sound[backup.name] = stamp
    if seen_file is not None and sound != seen:
        try:
            write_private_atomic(seen_file, orjson.dumps({"format": _SEEN_FORMAT, "sound": sound}))
        except OSError:
            pass  # the next check reads them all again
    return problems


def _identity(path: Path) -> list[int] | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _records(report: CheckReport, data: dict, damaged: quarantine.Tables, known: Known | None) -> None:
    """Every damaged record by name (an error), then records pointing at unknown things (a note)."""
    problems = quarantine.problems_of(damaged)
    if problems:
        report.bad(t("check_damaged", count=quarantine.count(damaged)))
        report.lines += [t("check_damaged_record", problem=problem.line()) for problem in problems]
    if known is None:
        return
    codes = frozenset(r.get("code") for r in data.get(SUBJECTS, {}).values() if isinstance(r.get("code"), str))
    known = Known(known.measures, known.questions, codes, frozenset(data.get(MEETINGS, {})))
    references: list[Problem] = []
    measures = known.measures
    for table in RECORD_TABLES:
        for key, record in data.get(table, {}).items():
            # `data` passed the rules when it was read, so a log's only references are its code
            # and its measure: both known, nothing to say (a full check of 100 000 logs is 1 s).
            known_measure = measures is None or record.get("measure") in measures
            if table == LOGS and known_measure and record.get("subject") in codes:
                continue
            references += [p for p in check_record(table, key, record, known) if p.reference]
    if references:
        report.lines.append(t("check_references", count=len({(p.table, p.key) for p in references})))
        report.lines += [t("check_damaged_record", problem=problem.line()) for problem in references]


def _history(report: CheckReport, verdict: history.Verdict) -> None:
    """The chain, then every record against it: each thing done outside the app is named (an error)."""
    if not verdict.entries:
        report.good(t("check_history_none"))
        return
    if not verdict.findings:
        report.good(t("check_history_ok", entries=verdict.entries, records=verdict.records))
        return
    report.bad(t("check_history_broken", count=len(verdict.findings)))
    for finding in verdict.findings:
        line = t(f"check_history_{finding.kind}", number=finding.number, table=finding.table, id=finding.key)
        report.lines.append("        " + line)


def history_broken(path: Path) -> bool:
    """True if the history shows a change made outside the app (for the app's warning at start;
    a file that cannot be read is reported elsewhere)."""
    try:
        data = load(path).data
    except (DataFileError, OSError):
        return False
    return bool(history.verify(data, UNTRACKED).findings)


def check_data_file(
    path: Path,
    *,
    months: int = 12,
    today: date | None = None,
    known: Known | None = None,
    backups_seen: Path | None = None,
) -> CheckReport:
    """Look at the data file and everything beside it without changing anything there.

    Every damaged record is named (and makes the check fail); with `known` (the measures and
    questions of this installation), records pointing at something unknown are listed too.
    Closed cases older than `months` are listed, so the school can export and delete them.
    Every backup is read as a restore would read it; with `backups_seen` (a file of the user's
    own), those found sound before and not changed since are not read again.
    """
    report = CheckReport([t("check_title", path=path)])
    if path.is_symlink():
        report.bad(t("data_symlink", path=path))
        return report
    if not path.exists():
        report.good(t("check_no_file"))
        return report
    side = journal_path(path)
    try:
        loaded = load(path)
        verdict = history.verify(loaded.data, UNTRACKED, two_cores=True)
        data, damaged = quarantine.split(loaded.data, verdict.unvouched())
    except DataFileError as error:
        report.bad(error.reason)
        data = None
    except OSError as error:
        report.bad(t("data_unreadable", error=os_reason(error)))
        data = None
    if data is not None:
        counts = {name: len(data.get(name, {})) for name in RECORD_TABLES}
        size = loaded.checkpoint[1] + (loaded.journal_stamp[1] if loaded.journal_stamp else 0)
        report.good(t("check_readable", **counts, size=size))
        if loaded.journal.torn:
            report.lines.append(t("check_journal_torn", journal=side))
        _records(report, data, damaged, known)
        _history(report, verdict)
        _old_cases(report, data, months, today or date.today())
        _unarchived(report, data)
    shared = describe_folder(path)
    if shared is not None:
        # A team folder: the group reads and writes, others never (see relasjon_tui/team.py).
        for line in shared.good:
            report.good(line)
        for line in shared.bad:
            report.bad(line)
    for target, wanted in ((path.parent, 0o700), (path, 0o600), (side, 0o600)):
        if shared is not None or (target == side and not side.exists()):
            continue
        mode = _mode(target)
        if mode & 0o077:
            report.bad(t("data_loose_mode", path=target, mode=f"{mode:o}", wanted=f"{wanted:o}"))
        else:
            report.good(t("check_mode", path=target, mode=f"{mode:o}"))
    backups = backups_of(path)
    if backups:
        loose = [b for b in backups if _mode(b) & (0o007 if shared is not None else 0o077)]
        report.good(t("check_backups", count=len(backups), newest=backups[0].name))
        for backup in loose:
            report.bad(t("data_loose_mode", path=backup, mode=f"{_mode(backup):o}", wanted="600"))
        for backup, why in _backup_problems(backups, backups_seen):
            report.bad(t("check_backup_unusable", backup=backup, reason=why))
    else:
        report.good(t("check_no_backups"))
    stale = list(path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"))
    if stale:
        report.bad(t("check_stale", count=len(stale)))
    else:
        report.good(t("check_no_stale"))
    return report
