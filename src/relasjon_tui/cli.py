"""Provides the `relasjon` command line. Textual is imported only when the app starts."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from relasjon_tui import __version__, paths
from relasjon_tui.strings import LANGUAGES, current_language, set_language, t
from relasjon_tui.textsafe import visible

if TYPE_CHECKING:
    from relasjon_tui.ui.app import RelasjonApp

ENV_LANG = "RELASJON_LANG"
EXIT_OK, EXIT_DATA = 0, 1  # usage problems exit 2, from argparse
PROBLEMS_SHOWN = 50
"""An import refused for more reasons lists this many, then how many more."""


class _Failure(Exception):
    """A data problem: one line on stderr, exit 1, nothing written."""


def _os_message(error: OSError, path: Path | str | None = None) -> str:
    """An OSError as one sentence in the user's language: our own message if it carries one
    (a failed save, a refused path), else what went wrong with `path`."""
    from relasjon_tui.fsutil import UnsafePathError, os_reason
    from relasjon_tui.records.storage import WriteError

    if isinstance(error, WriteError | UnsafePathError) and error.strerror is None and error.args:
        return str(error.args[0])
    if isinstance(error, WriteError):
        return str(error.strerror)
    return t("cli_os_failed", path=path or error.filename or "?", error=os_reason(error))


def _say(text: str, *, err: bool = True) -> None:
    # Messages can quote a file name, a code or an imported record: data, so no control
    # character in them reaches the terminal.
    print(visible(text), file=sys.stderr if err else sys.stdout)


def _pick_language(argv: list[str]) -> str:
    """The UI language, decided before the parser is built so its help text is translated.

    `--lang` first, then the environment, then the settings file, then bokmål.
    """
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    if ENV_LANG in os.environ:
        return os.environ[ENV_LANG]
    from relasjon_tui.settings import load_settings

    return load_settings(paths.settings_file())[0].language or "nb"


_ARGPARSE = {
    "usage: ": "argparse_usage",
    "%(prog)s: error: %(message)s\n": "argparse_error",
    "argument %(argument_name)s: %(message)s": "argparse_argument",
    "positional arguments": "argparse_positional",
    "options": "argparse_options",
    "show this help message and exit": "argparse_help",
    "the following arguments are required: %s": "argparse_required",
    "one of the arguments %s is required": "argparse_one_of",
    "unrecognized arguments: %s": "argparse_unrecognized",
    "not allowed with argument %s": "argparse_not_allowed",
    "ignored explicit argument %r": "argparse_ignored",
    "expected one argument": "argparse_expected_one",
    "expected at most one argument": "argparse_expected_at_most_one",
    "expected at least one argument": "argparse_expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse_ambiguous",
    "unexpected option string: %s": "argparse_unexpected",
    "invalid %(type)s value: %(value)r": "argparse_invalid_type",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse_invalid_choice",
    "can't open '%(filename)s': %(error)s": "argparse_cant_open",
}
"""argparse's own messages (it asks gettext for each), to say in the user's language."""


def _argparse_text(message: str) -> str:
    key = _ARGPARSE.get(message)
    return t(key) if key else message


def _argparse_plural(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return t("argparse_expected_one") if count == 1 else t("argparse_expected_n")
    return _argparse_text(singular if count == 1 else plural)


def _int(text: str) -> int:
    """A whole number (argparse names the type in its message: «et heltall», not «int»)."""
    return int(text)



def build_parser() -> argparse.ArgumentParser:
    # argparse's usage lines and errors in the language chosen (it asks gettext for each text).
    argparse._ = _argparse_text  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_plural  # type: ignore[attr-defined]
    _int.__name__ = t("argparse_type_int")
    parser = argparse.ArgumentParser(prog="relasjon", description=t("cli_description"))
    parser.add_argument("--version", action="store_true", help=t("cli_version_help"))
    parser.add_argument("--content", action="append", metavar=t("cli_metavar_folder"), help=t("cli_content_help"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli_lang_help"))
    parser.add_argument("--data", metavar=t("cli_metavar_file"), help=t("cli_data_help"))
    parser.add_argument("--demo", action="store_true", help=t("cli_demo_help"))
    commands = parser.add_subparsers(dest="command", metavar=t("cli_metavar_command"))

    log = commands.add_parser("logg", help=t("cli_logg_help"))
    who = log.add_mutually_exclusive_group(required=True)
    who.add_argument("--elev", metavar=t("cli_metavar_code"), help=t("cli_elev_help"))
    who.add_argument("--gruppe", metavar=t("cli_metavar_code"), help=t("cli_gruppe_help"))
    log.add_argument("--tiltak", required=True, metavar="ID", help=t("cli_tiltak_help"))
    log.add_argument("--minutter", type=_int, metavar="N", help=t("cli_minutter_help"))
    log.add_argument("--tid", default="", metavar=t("cli_metavar_when"), help=t("cli_tid_help"))
    log.add_argument("--notat", default="", metavar=t("cli_metavar_text"), help=t("cli_notat_help"))
    log.add_argument("--fremtid", action="store_true", help=t("cli_fremtid_help"))
    log.add_argument("--ja-navn", action="store_true", help=t("cli_ja_navn_help"))

    export = commands.add_parser("eksport", help=t("cli_eksport_help"))
    # No default here: a meeting is Markdown unless asked otherwise, everything else json.
    export.add_argument("--format", choices=("json", "csv", "md", "pdf"), default=None)
    export.add_argument("--elev", metavar=t("cli_metavar_code"), help=t("cli_export_elev_help"))
    export.add_argument("--mote", metavar="ID", type=_int, help=t("cli_export_mote_help"))
    export.add_argument("--sak", metavar="ID", type=_int, help=t("cli_export_sak_help"))
    export.add_argument("--pseudonym", action="store_true", help=t("cli_pseudonym_help"))
    export.add_argument("--til", metavar=t("cli_metavar_file"), help=t("cli_til_help"))

    team = commands.add_parser("felles", help=t("cli_felles_help"))
    team.add_argument("mappe", metavar=t("cli_metavar_folder"), help=t("cli_felles_folder_help"))
    team.add_argument("--gruppe", required=True, metavar=t("cli_metavar_group"), help=t("cli_felles_group_help"))

    archive = commands.add_parser("arkiver", help=t("cli_arkiver_help"))
    archive.add_argument("--sak", metavar="ID", type=_int, required=True, help=t("cli_arkiver_sak_help"))
    archive.add_argument("--ref", required=True, metavar=t("cli_metavar_text"), help=t("cli_arkiver_ref_help"))
    archive.add_argument("--dato", default="", metavar=t("cli_metavar_when"), help=t("cli_arkiver_dato_help"))

    load = commands.add_parser("importer", help=t("cli_importer_help"))
    load.add_argument("fil", metavar=t("cli_metavar_file"))
    load.add_argument("--bare-sjekk", action="store_true", dest="dry_run", help=t("cli_import_dry_help"))

    check = commands.add_parser("sjekk", help=t("cli_sjekk_help"))
    check.add_argument("--mnd", type=_int, default=12, metavar="N", help=t("cli_sjekk_months_help"))
    # Its own dest: the top-level --content must not be overwritten by this one's default.
    check.add_argument(
        "--content", action="append", dest="check_content", metavar=t("cli_metavar_folder"),
        help=t("content_check_help"),
    )
    check.add_argument("--reparer", action="store_true", help=t("cli_sjekk_repair_help"))
    check.add_argument("--historikk", action="store_true", dest="history_only", help=t("cli_sjekk_history_help"))

    delete = commands.add_parser("slett", help=t("cli_slett_help"))
    what = delete.add_mutually_exclusive_group(required=True)
    what.add_argument("--elev", metavar=t("cli_metavar_code"), help=t("cli_slett_elev_help"))
    what.add_argument("--sak", metavar="ID", type=_int, help=t("cli_slett_sak_help"))
    delete.add_argument("--erstatt", action="store_true", help=t("cli_slett_replace_help"))
    delete.add_argument("--ja", action="store_true", help=t("cli_slett_yes_help"))
    return parser


def version_text() -> str:
    # Imported here: reading package metadata costs ~20 ms that starting the app should not pay.
    from importlib.metadata import PackageNotFoundError, version

    try:
        textual_version = version("textual")
    except PackageNotFoundError:
        textual_version = "?"
    return f"relasjon-tui {__version__} (Textual {textual_version})"


def _open_store(args: argparse.Namespace):
    from relasjon_tui.records.storage import DataFileError
    from relasjon_tui.records.store import RecordStore

    path = paths.data_file(args.data)
    try:
        store = RecordStore(path)
        store.check_readable()
    except DataFileError as error:
        raise _Failure(_data_file_message(error)) from None
    except OSError as error:
        raise _Failure(t("cli_store_failed", path=path, error=_os_reason(error))) from None
    for warning in store.warnings:
        _say(t("cli_warning", text=warning))
    return store


def _os_reason(error: OSError) -> str:
    from relasjon_tui.fsutil import UnsafePathError, os_reason

    return str(error) if isinstance(error, UnsafePathError) else os_reason(error)


def _data_file_message(error) -> str:
    message = t("cli_data_file_bad", path=error.path, reason=error.reason)
    if error.backups:
        message += " " + t("cli_backup_hint", backup=error.backups[0])
    return message


def _measures(args: argparse.Namespace):
    from relasjon_tui.content.loader import scan_measures

    return scan_measures(paths.builtin_content_dir(), paths.local_content_dirs(args.content))


def cmd_logg(args: argparse.Namespace) -> int:
    from relasjon_tui.records.model import SessionLog, ValidationError, looks_like_name, validate_log
    from relasjon_tui.records.store import default_author
    from relasjon_tui.records.when import WhenError, local_now, parse_when

    measures = _measures(args)
    now = local_now()
    note = sys.stdin.read() if args.notat == "-" else args.notat
    try:
        start = parse_when(args.tid, now)
    except WhenError as error:
        raise _Failure(t("cli_bad_time", error=error)) from None
    minutes = args.minutter
    if minutes is None:
        info = measures.get(args.tiltak)
        if info is not None and info.cadence.session_minutes is None:
            raise _Failure(t("cli_minutes_needed", measure=args.tiltak))
        minutes = info.cadence.session_minutes.middle if info and info.cadence.session_minutes else 0
    log = SessionLog(
        subject=(args.elev or args.gruppe or "").strip(),
        subject_kind="elev" if args.elev is not None else "gruppe",
        measure=args.tiltak,
        start=start,
        minutes=minutes,
        note=note.rstrip("\n") if args.notat == "-" else note,
        author=default_author(),
        created=now,
        updated=now,
    )
    try:
        validate_log(log, measures, now, allow_future=args.fremtid)
    except ValidationError as error:
        hint = [t("cli_future_hint")] if error.future else []
        raise _Failure(" ".join(error.problems + hint)) from None
    store = _open_store(args)
    try:
        if looks_like_name(log.subject) and not args.ja_navn:
            if log.subject not in {subject.code for subject in store.subjects()}:
                raise _Failure(t("err_subject_name_like", subject=log.subject) + " " + t("cli_name_hint"))
        log_id = store.add_log(log)
    except OSError as error:
        raise _Failure(_os_message(error, store.path)) from None
    finally:
        store.close()
    print(log_id)
    return EXIT_OK


def _write_output(data: bytes, target: str | None) -> None:
    if target is None or target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from relasjon_tui.fsutil import write_private_atomic

    try:
        write_private_atomic(Path(target).expanduser().absolute(), data)
    except OSError as error:
        raise _Failure(t("cli_export_failed", path=target, error=_os_reason(error))) from None


def cmd_eksport(args: argparse.Namespace) -> int:
    from relasjon_tui.records import export

    if args.format is None:
        args.format = "md" if args.mote is not None or args.sak is not None else "json"
    store = _open_store(args)
    try:
        if args.sak is not None:
            data = _case_export(args, store)
        elif args.mote is not None:
            data = _meeting_export(args, store)
        elif args.format == "json":
            if args.elev:
                raise _Failure(t("cli_json_whole"))
            data = export.to_json(store.dump())
            for problem in _damaged_records(store):
                _say(t("cli_export_damaged_json", record=problem))
        else:
            logs = store.logs(subject=args.elev)
            titles = {m.id: m.title for m in _measures(args).values()}
            if args.format == "csv":
                data = export.to_csv(logs, titles)
            else:
                data = export.to_markdown(logs, titles).encode("utf-8")
            if args.sak is None and args.mote is None:
                for problem in _damaged_records(store):
                    _say(t("cli_export_damaged", record=problem))
    finally:
        store.close()
    _write_output(data, args.til)
    return EXIT_OK


def _damaged_records(store) -> list[str]:
    """Each damaged record once, named by table and id, for a warning on stderr."""
    names: dict[tuple[str, str], str] = {}
    for problem in store.damaged():
        names.setdefault((problem.table, problem.key), t("problem_where_record", table=problem.table, id=problem.key))
    return list(names.values())


def _library(args: argparse.Namespace):
    from relasjon_tui.content.cache import load_library_cached

    return load_library_cached(
        paths.builtin_content_dir(), paths.local_content_dirs(args.content), paths.content_cache_file()
    )


def _meeting_export(args: argparse.Namespace, store) -> bytes:
    from relasjon_tui.records.export import meeting_to_markdown

    if args.format != "md" or args.elev:
        raise _Failure(t("cli_meeting_md_only"))
    meeting = store.get_meeting(args.mote)
    if meeting is None:
        raise _Failure(t("cli_no_meeting", id=args.mote))
    notes = {question_id: [note] for question_id, note in store.meeting_notes(args.mote).items()}
    return meeting_to_markdown(meeting, notes, _library(args).question_labels()).encode("utf-8")


def _case_export(args: argparse.Namespace, store) -> bytes:
    from relasjon_tui.records.case_document import Facts, render
    from relasjon_tui.records.store import default_author
    from relasjon_tui.records.when import local_now
    from relasjon_tui.settings import load_settings

    if args.format not in ("md", "pdf") or args.elev or args.mote is not None:
        raise _Failure(t("cli_case_md_only"))
    if args.format == "pdf" and args.til in (None, "-") and sys.stdout.isatty():
        raise _Failure(t("cli_pdf_needs_file"))
    case = store.get_case(args.sak)
    if case is None:
        raise _Failure(t("cli_no_case", id=args.sak))
    titles = {m.id: m.title for m in _measures(args).values()}
    codes = [subject.code for subject in store.subjects()] if args.pseudonym else []
    settings, _problem = load_settings(paths.settings_file())
    facts = Facts(default_author(), local_now(), settings.school, settings.unit)
    return render(case, store.case_logs(case), titles, facts, pdf=args.format == "pdf", pseudonym=args.pseudonym,
                  other_codes=codes)  # fmt: skip


def _confirm(args: argparse.Namespace, question: str) -> bool:
    """True if the user agrees; `--ja` agrees for a script; without a terminal nothing is deleted."""
    if args.ja:
        return True
    if not sys.stdin.isatty():
        raise _Failure(t("cli_slett_needs_yes"))
    return input(visible(question) + " [j/n] ").strip().lower() in ("j", "ja", "y", "yes")


def cmd_slett(args: argparse.Namespace) -> int:
    from relasjon_tui.records import deletion
    from relasjon_tui.records.drafts import DraftStore
    from relasjon_tui.records.store import default_author
    from relasjon_tui.records.when import local_now

    data = paths.data_file(args.data)
    drafts = DraftStore(paths.drafts_dir(data), legacy=paths.legacy_draft_file(data))
    store = _open_store(args)
    try:
        if args.sak is not None:
            case = store.get_case(args.sak)
            if case is None:
                raise _Failure(t("cli_no_case", id=args.sak))
            if case.archived is None:
                _say(t("archive_duty_case", id=args.sak), err=False)
            question = t("cli_slett_case_question", id=args.sak, title=case.title, evaluations=len(case.evaluations))
            if not _confirm(args, question):
                raise _Failure(t("cli_slett_cancelled"))
            try:
                done = deletion.delete_case(store, drafts, args.sak)
            except KeyError:  # deleted by another window since it was read above
                raise _Failure(t("cli_no_case", id=args.sak)) from None
            _say(t("cli_slett_case_done", id=args.sak, **done), err=False)
            return EXIT_OK
        code = args.elev
        counts = store.subject_records(code)
        if not any(counts.values()):
            raise _Failure(t("cli_slett_unknown", code=code))
        unarchived = [c for c in store.cases() if code in c.subjects and c.archived is None]
        if unarchived:
            _say(t("archive_duty_subject", code=code, ids=", ".join(str(c.id) for c in unarchived),
                   id=unarchived[0].id), err=False)  # fmt: skip
        # Before anything is deleted: which other records still name the code, for review.
        found = store.subject_mentions(code)
        records = len({(mention.kind, mention.id) for mention in found})
        if found:
            _say(t("delete_subject_mentions", count=records, code=code), err=False)
            for mention in found:
                _say(deletion.mention_line(mention), err=False)
        if not _confirm(args, t("delete_subject_question", code=code, **counts)):
            raise _Failure(t("cli_slett_cancelled"))
        replace = args.erstatt
        if found and not replace and not args.ja:
            word = deletion.redacted_word()
            replace = _confirm(args, t("delete_subject_replace_question", code=code, word=word))
        done = deletion.delete_subject(
            store, drafts, code, replace_mentions=replace, author=default_author(), now=local_now()
        )
    except OSError as error:
        raise _Failure(str(error)) from None
    finally:
        store.close()
    _say(t("delete_subject_done", code=code, **done), err=False)
    if done["replaced"]:
        _say(t("delete_subject_done_replaced", word=deletion.redacted_word(), **done), err=False)
    elif done["mentions"]:
        _say(t("delete_subject_done_kept", code=code, **done), err=False)
    return EXIT_OK


def cmd_importer(args: argparse.Namespace) -> int:
    import orjson

    from relasjon_tui.records.store import ImportRefused

    try:
        dump = orjson.loads(Path(args.fil).read_bytes())
    except OSError as error:
        raise _Failure(t("cli_import_unreadable", path=args.fil, error=_os_reason(error))) from None
    except orjson.JSONDecodeError:
        raise _Failure(t("import_not_export")) from None
    store = _open_store(args)
    try:
        questions = {question.id for question in _library(args).questions}
        plan = store.import_dump(dump, set(_measures(args)), questions, dry_run=args.dry_run)
    except ImportRefused as error:
        for problem in error.problems[:PROBLEMS_SHOWN]:
            _say(problem)
        if len(error.problems) > PROBLEMS_SHOWN:
            _say(t("import_more", count=len(error.problems) - PROBLEMS_SHOWN))
        raise _Failure(t("cli_import_refused", count=len(error.problems))) from None
    except OSError as error:
        raise _Failure(_os_message(error, store.path)) from None
    finally:
        store.close()
    if args.dry_run:
        details = ", ".join(f"{name} {count}" for name, count in plan.per_table().items()) or "–"
        _say(t("cli_import_dry", count=plan.added, details=details), err=False)
    else:
        _say(t("cli_imported", count=plan.added), err=False)
    if plan.same:
        _say(t("cli_import_same", count=plan.same), err=False)
    return EXIT_OK


def cmd_felles(args: argparse.Namespace) -> int:
    """Make a team folder for one Unix group (see relasjon_tui/team.py) and say how members use it."""
    from relasjon_tui.team import TeamFolderError, create_team_folder

    try:
        folder = create_team_folder(Path(args.mappe), args.gruppe)
    except TeamFolderError as error:
        raise _Failure(str(error)) from None
    except OSError as error:
        raise _Failure(t("cli_felles_failed", path=args.mappe, error=_os_reason(error))) from None
    _say(t("cli_felles_done", path=folder, group=args.gruppe, data=folder / "relasjon.json"), err=False)
    return EXIT_OK


def cmd_arkiver(args: argparse.Namespace) -> int:
    """Mark a case as received by the archive, with the archive's reference and the day."""
    from relasjon_tui.records.store import default_author
    from relasjon_tui.records.when import WhenError, local_now, parse_when

    now = local_now()
    ref = " ".join(args.ref.split())
    if not ref or len(ref) > 200:
        raise _Failure(t("archive_ref_needed"))
    try:
        day = parse_when(args.dato, now, plan=True).date() if args.dato.strip() else now.date()
    except WhenError as error:
        raise _Failure(str(error)) from None
    store = _open_store(args)
    try:
        case = store.get_case(args.sak)
        if case is None:
            raise _Failure(t("cli_no_case", id=args.sak))
        store.replace_case(case.edited(now, default_author(), archived=day, archive_ref=ref))
    except OSError as error:
        raise _Failure(str(error)) from None
    finally:
        store.close()
    from relasjon_tui.dates import format_date

    _say(t("archive_marked", id=args.sak, day=format_date(day), ref=ref), err=False)
    return EXIT_OK


def cmd_sjekk(args: argparse.Namespace) -> int:
    if args.check_content:
        return _check_content([Path(folder).expanduser() for folder in args.check_content])
    from relasjon_tui.records.check import check_data_file, history_broken
    from relasjon_tui.records.rules import Known

    path = paths.data_file(args.data)
    if args.history_only:  # what the app runs beside itself at start (see RelasjonApp._check_history)
        return EXIT_DATA if history_broken(path) else EXIT_OK
    if args.reparer and path.exists():
        store = _open_store(args)
        try:
            moved, target, backup = store.move_damaged_out()
        except OSError as error:
            raise _Failure(t("check_repair_refused", reason=_os_message(error, path))) from None
        finally:
            store.close()
        if moved:
            _say(t("check_repaired", count=moved, target=target, backup=backup), err=False)
        else:
            _say(t("check_nothing_to_repair"), err=False)
    try:
        known = Known(
            measures=frozenset(_measures(args)), questions=frozenset(q.id for q in _library(args).questions)
        )
    except Exception:  # noqa: BLE001 - the content is checked elsewhere; references are then not listed
        known = None
    report = check_data_file(path, months=args.mnd, known=known, backups_seen=paths.backups_seen_file(path))
    for line in report.lines:
        _say(line, err=False)
    return EXIT_OK if report.ok else EXIT_DATA


def _check_content(folders: list[Path]) -> int:
    """`sjekk --content`: the folders with the built-in guidance, parsed afresh (no cache)."""
    from relasjon_tui.content.loader import content_report, load_library

    library = load_library(paths.builtin_content_dir(), folders)
    for line in content_report(library):
        _say(line, err=False)
    return EXIT_DATA if library.errors else EXIT_OK


def start_app(args: argparse.Namespace) -> int:
    if args.demo:
        return _start_demo(args)
    return _run_app(args, paths.data_file(args.data))


def _start_demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from relasjon_tui.records.demo import fill_demo
    from relasjon_tui.records.store import RecordStore
    from relasjon_tui.records.when import local_now

    folder = Path(tempfile.mkdtemp(prefix="relasjon-demo-"))
    try:
        data = folder / "data" / paths.DATA_FILE_NAME
        fill_demo(RecordStore(data), local_now())
        # The demo's drafts go with its temporary folder, not into the user's own.
        os.environ[paths.ENV_STATE_DIR] = str(folder / "state")
        return _run_app(args, data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build_app(data: Path, content_dirs: list[Path], *, lang: str | None = None) -> RelasjonApp:
    """The app as `relasjon` starts it; the start-up benchmark builds it through here too."""
    # Start-up allocates many objects and frees few; the collector's scans of them cost
    # ~50 ms before the first screen. The app turns it back on once it has read the records.
    gc.disable()
    from relasjon_tui.content.cache import open_library
    from relasjon_tui.records.drafts import DraftStore

    library, write_cache = open_library(paths.builtin_content_dir(), content_dirs, paths.content_cache_file())

    from relasjon_tui.ui.app import RelasjonApp

    return RelasjonApp(
        library,
        data_file=data,  # opened and read once the first screen is up; an unusable one is said there
        drafts=DraftStore(partial(paths.drafts_dir, data), legacy=paths.legacy_draft_file(data)),
        settings_path=paths.settings_file(),
        after_start=[write_cache] if write_cache else [],
        lang=lang,
    )


def _run_app(args: argparse.Namespace, data: Path) -> int:
    app = build_app(data, paths.local_content_dirs(args.content), lang=current_language())
    # Textual hands each frame to a writer thread, which waits for the interpreter lock while
    # the app goes on working (up to the switch interval, 5 ms): a frame reached the terminal
    # that much later. The writer and input threads are idle otherwise, so this costs nothing.
    sys.setswitchinterval(0.0005)
    try:
        app.run()
    except KeyboardInterrupt:
        _say(t("cli_interrupted"))
        return 130
    finally:
        app.close_store()  # folds the journal: once the app is closed, the data file stands alone
    if app.stop_message:
        _say(f"relasjon: {app.stop_message}")
    return app.return_code or 0


COMMANDS = {
    "logg": cmd_logg, "eksport": cmd_eksport, "importer": cmd_importer, "sjekk": cmd_sjekk, "slett": cmd_slett,
    "arkiver": cmd_arkiver, "felles": cmd_felles,
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    language = _pick_language(argv)
    set_language(language if language in LANGUAGES else "nb")
    args = build_parser().parse_args(argv)
    if args.version:
        print(version_text())
        return EXIT_OK
    try:
        paths.builtin_content_dir()
    except FileNotFoundError as error:
        _say(t("cli_no_content", error=error))
        return EXIT_DATA
    command = COMMANDS.get(args.command)
    try:
        if command is None:
            return start_app(args)
        # A command reads the whole file once and ends: the collector would only rescan that
        # tree, several times while a large file is parsed and checked (`sjekk` at 100 000 logs).
        gc.disable()
        try:
            return command(args)
        finally:
            gc.enable()
    except _Failure as failure:
        _say(f"relasjon: {failure}")
        return EXIT_DATA
    except BrokenPipeError:
        # The reader went away (`relasjon eksport … | head`): nothing to say, and no traceback
        # when Python flushes stdout on the way out.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_DATA
