"""Team folders (issue 15): `relasjon felles`, group-shared modes, clear refusals, two accounts."""

from __future__ import annotations

import errno
import grp
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from relasjon_tui import team
from relasjon_tui.cli import main
from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.storage import WriteError
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now

MY_GROUP = grp.getgrgid(os.getegid()).gr_name
SRC = Path(__file__).resolve().parent.parent / "src"


def a_log(note: str = "Økt") -> SessionLog:
    now = local_now()
    return SessionLog("AB", "forbedre-relasjon", now, 15, note=note, created=now)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_felles_makes_a_setgid_group_folder_and_every_file_in_it_is_group_shared(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "trinn7"
    assert main(["felles", str(folder), "--gruppe", MY_GROUP]) == 0
    assert "relasjon --data" in capsys.readouterr().out
    assert mode(folder) == 0o2770 and os.stat(folder).st_gid == os.getegid()
    old = os.umask(0o077)  # a strict umask must not take the group's bits away
    try:
        store = RecordStore(folder / "relasjon.json")
        store.add_log(a_log())
        store.add_log(a_log("neste"))  # the second save makes the day's backup
        store.close()
    finally:
        os.umask(old)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"relasjon.json", "relasjon.json.lock"}
    assert any(p.parent.name == "sikkerhetskopier" for p in files)
    for path in files:
        assert mode(path) == 0o660, (path, oct(mode(path)))
        assert os.stat(path).st_gid == os.stat(folder).st_gid
    assert mode(folder / "sikkerhetskopier") == 0o2770
    report = check_data_file(folder / "relasjon.json")
    assert report.ok, report.lines
    assert any(f"gruppe {MY_GROUP}, modus 2770" in line for line in report.lines)


def test_a_private_folder_stays_private(tmp_path: Path) -> None:
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    store.add_log(a_log())
    store.close()
    assert mode(tmp_path / "data") == 0o700 and mode(tmp_path / "data" / "relasjon.json") == 0o600


def test_felles_refuses_an_unknown_group_an_open_folder_and_another_groups_folder(tmp_path: Path, capsys) -> None:
    assert main(["felles", str(tmp_path / "a"), "--gruppe", "finnes-ikke-" + secrets.token_hex(3)]) != 0
    assert "finnes ikke på denne maskinen" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    open_folder = tmp_path / "open"
    open_folder.mkdir()
    os.chmod(open_folder, 0o775)
    assert main(["felles", str(open_folder), "--gruppe", MY_GROUP]) != 0
    assert "åpen for andre enn teamet (modus 775)" in capsys.readouterr().err
    assert mode(open_folder) == 0o775  # nothing changed


def test_sjekk_names_files_others_may_read_in_a_team_folder(tmp_path: Path) -> None:
    folder = team.create_team_folder(tmp_path / "t", MY_GROUP)
    store = RecordStore(folder / "relasjon.json")
    store.add_log(a_log())
    store.close()
    os.chmod(folder / "relasjon.json", 0o664)
    report = check_data_file(folder / "relasjon.json")
    assert not report.ok
    assert any("relasjon.json" in line and "664" in line for line in report.lines if line.startswith("FEIL"))


def test_membership_problems_are_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 4242)
    monkeypatch.setattr(os, "getegid", lambda: 4242)
    monkeypatch.setattr(os, "getgroups", lambda: [4242])
    monkeypatch.setattr(team, "_me", lambda: "kari")
    members = grp.struct_group(("team7", "x", 777, ["kari"]))
    outsiders = grp.struct_group(("team8", "x", 778, ["ola"]))
    monkeypatch.setattr(grp, "getgrgid", lambda gid: {777: members, 778: outsiders}[gid])
    assert "logg ut og inn igjen" in (team.membership_problem(777) or "")
    assert "Du er ikke med i gruppen «team8»" in (team.membership_problem(778) or "")
    assert team.membership_problem(4242) is None


def test_an_outsider_is_refused_before_anything_is_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys) -> None:
    folder = team.create_team_folder(tmp_path / "t", MY_GROUP)
    monkeypatch.setattr(team, "membership_problem", lambda gid: "Du er ikke med i gruppen «team7».")
    assert main(["--data", str(folder / "relasjon.json"), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon"]) == 1
    err = capsys.readouterr().err
    assert "Du er ikke med i gruppen «team7»" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_a_filesystem_without_locks_gets_a_sentence_and_nothing_is_written(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    store = RecordStore(tmp_path / "d" / "relasjon.json")

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.raises(WriteError, match="kan ikke låse filer"):
        store.add_log(a_log())
    assert not (tmp_path / "d" / "relasjon.json").exists()


WORKER = """
import sys
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import local_now
store = RecordStore(__import__("pathlib").Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    now = local_now()
    note = f"{sys.argv[3]} {n}"
    store.add_log(SessionLog("AB", "forbedre-relasjon", now, 15, note=note, author=default_author(), created=now))
store.close()
"""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("useradd"), reason="needs root to make two accounts")
def test_two_accounts_write_one_shared_file_each_as_themselves() -> None:
    tag = secrets.token_hex(3)
    group, users = f"rt{tag}", [f"rta{tag}", f"rtb{tag}"]
    tmp_path = Path(tempfile.mkdtemp(prefix="relasjon-team-"))
    os.chmod(tmp_path, 0o755)  # the other accounts must reach the folder and the worker script
    subprocess.run(["groupadd", group], check=True)
    try:
        for user in users:
            subprocess.run(["useradd", "-M", "-G", group, user], check=True)
        probe = subprocess.run(["runuser", "-u", users[0], "--", sys.executable, "-c", "import relasjon_tui"],
                               env={"PYTHONPATH": str(SRC), "PATH": os.environ["PATH"]}, capture_output=True)  # fmt: skip
        if probe.returncode != 0:
            pytest.skip("this Python or the source cannot be read by another account here")
        folder = team.create_team_folder(tmp_path / "felles", group)
        data = folder / "relasjon.json"
        script = tmp_path / "worker.py"
        script.write_text(WORKER)
        os.chmod(script, 0o644)
        env = {"PYTHONPATH": str(SRC), "LOGNAME": "someone-else", "USER": "someone-else", "PATH": os.environ["PATH"],
               "HOME": str(tmp_path)}  # fmt: skip
        workers = [
            subprocess.Popen(["runuser", "-u", user, "--", sys.executable, str(script), str(data), "20", user], env=env)
            for user in users
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
        logs = RecordStore(data).logs()
        assert len(logs) == 40
        assert {log.author for log in logs} == set(users)
        assert all(log.note.startswith(log.author) for log in logs)
        assert mode(data) == 0o660 and grp.getgrgid(os.stat(data).st_gid).gr_name == group
    finally:
        for user in users:
            subprocess.run(["userdel", user], check=False, capture_output=True)
        subprocess.run(["groupdel", group], check=False, capture_output=True)
        shutil.rmtree(tmp_path, ignore_errors=True)


async def test_a_colleagues_save_appears_in_the_open_log_and_case_within_two_seconds(make_app, tmp_path: Path) -> None:
    from datetime import timedelta

    from relasjon_tui.records.cases import Case, PlannedMeasure
    from relasjon_tui.ui.screens.case import CaseScreen

    data = tmp_path / "felles" / "relasjon.json"
    mine, colleague = RecordStore(data), RecordStore(data)
    mine.add_log(a_log("min økt"))
    start = local_now().date()
    case_id = mine.add_case(Case("AB trygghet", ("AB",), "Alene.", (PlannedMeasure("forbedre-relasjon", start=start,
                                 end=start + timedelta(days=13), carried_out_by="kari"),)))  # fmt: skip
    app = make_app(store=mine)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.main_screen.action_area("logg")
        await pilot.pause()
        colleague.add_log(a_log("kollegaens økt"))
        await pilot.pause(2.0)
        shown = [log.note for log in app.main_screen.query_one("#log").shown]
        assert "kollegaens økt" in shown and "min økt" in shown
        app.open_case(mine.get_case(case_id))
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        case = colleague.get_case(case_id)
        colleague.replace_case(case.edited(local_now(), "ola", problem="Alene, og holdt utenfor."))
        await pilot.pause(2.0)
        assert "holdt utenfor" in str(app.screen.query_one("#case-plan").render())


async def test_a_colleagues_save_while_the_app_closes_is_not_a_crash(make_app, tmp_path: Path) -> None:
    # The watch is a timer: Textual takes the screens down before it stops the timers, so a tick
    # that finds a changed file then had no screen to tell (a crash reported at exit, seen in CI).
    data = tmp_path / "felles" / "relasjon.json"
    mine, colleague = RecordStore(data), RecordStore(data)
    mine.add_log(a_log("min økt"))
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert not app.screen_stack
    colleague.add_log(a_log("kollegaens økt"))
    app._watch_records()
