"""`relasjon logg`, `eksport`, `importer` and `sjekk` as a script or a teacher uses them."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from relasjon_tui.cli import main


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "relasjon.json"
    monkeypatch.setenv("RELASJON_DATA", str(path))
    return path


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relasjon_tui", *args], capture_output=True, text=True, input=stdin, timeout=60
    )


def test_logg_saves_and_prints_the_id(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--notat", "Spilte UNO"]) == 0
    assert capsys.readouterr().out.strip() == "1"
    assert (
        main(["logg", "--gruppe", "7B-gr1", "--tiltak", "elevgrupper", "--minutter", "30", "--tid", "i går 11:00"]) == 0
    )
    assert capsys.readouterr().out.strip() == "2"
    saved = orjson.loads(data.read_bytes())
    assert saved["logs"]["1"]["minutes"] == 15  # the measure's usual session: 10 to 20 minutes
    assert saved["logs"]["1"]["note"] == "Spilte UNO"
    assert saved["logs"]["2"]["subject_kind"] == "gruppe"
    assert {doc["code"] for doc in saved["subjects"].values()} == {"AB", "7B-gr1"}


def test_logg_reads_the_note_from_stdin(data: Path) -> None:
    result = run("logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--notat", "-", stdin="linje 1\nlinje 2\n")
    assert result.returncode == 0, result.stderr
    assert orjson.loads(data.read_bytes())["logs"]["1"]["note"] == "linje 1\nlinje 2"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--elev", "AB", "--tiltak", "ukjent"], "Ukjent tiltak «ukjent»"),
        (["--elev", "Ola Nordmann", "--tiltak", "elevgrupper", "--minutter", "20"], "kort kode"),
        (["--elev", "AB", "--tiltak", "elevgrupper", "--minutter", "500"], "mellom 1 og 240"),
        (
            ["--elev", "AB", "--tiltak", "elevgrupper", "--minutter", "20", "--tid", "2025-02-30"],
            "2025-02-30 finnes ikke",
        ),
        (["--elev", "AB", "--tiltak", "elevgrupper", "--minutter", "20", "--tid", "2099-01-01 10:00"], "--fremtid"),
        (["--elev", "AB", "--tiltak", "tett-oppfolging"], "oppgi --minutter"),
    ],
)
def test_logg_data_problems_exit_1_with_one_line_and_write_nothing(data: Path, args: list[str], fragment: str) -> None:
    result = run("logg", *args)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("relasjon: ") and fragment in lines[0]
    assert not data.exists()


def test_logg_future_with_confirmation(data: Path) -> None:
    result = run(
        "logg", "--elev", "AB", "--tiltak", "elevgrupper", "--minutter", "20", "--tid", "2099-01-01 10:00", "--fremtid"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["logg", "--tiltak", "elevgrupper"],
        ["logg", "--elev", "A", "--gruppe", "B", "--tiltak", "x"],
        ["logg", "--elev", "AB"],
        ["logg", "--elev", "AB", "--tiltak", "x", "--minutter", "ti"],
    ],
)
def test_logg_usage_problems_exit_2(data: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("bruk: relasjon logg") and "relasjon logg: feil: " in result.stderr
    assert not data.exists()


def test_logg_refuses_a_damaged_file_and_leaves_it(data: Path) -> None:
    data.parent.mkdir(mode=0o700)
    data.write_bytes(b'{"logs": ')
    result = run("logg", "--elev", "AB", "--tiltak", "elevgrupper", "--minutter", "20")
    assert result.returncode == 1
    assert "kan ikke brukes" in result.stderr and "ikke endret" in result.stderr
    assert data.read_bytes() == b'{"logs": '


def test_export_json_and_import_round_trip(data: Path, tmp_path: Path) -> None:
    for note in ("første", "[b]andre[/b] \x1b]0;x\x07", "=SUM(A1)"):
        assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--notat", note]) == 0
    export = tmp_path / "ut" / "eksport.json"
    assert main(["eksport", "--format", "json", "--til", str(export)]) == 0
    assert stat.S_IMODE(os.stat(export).st_mode) == 0o600
    other = tmp_path / "annen" / "relasjon.json"
    assert main(["--data", str(other), "importer", str(export)]) == 0
    second = tmp_path / "ut" / "igjen.json"
    assert main(["--data", str(other), "eksport", "--til", str(second)]) == 0
    assert second.read_bytes() == export.read_bytes()


def test_import_merges_skips_identical_records_and_refuses_only_real_conflicts(data: Path, tmp_path: Path, capsys) -> None:
    assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon"]) == 0
    export = tmp_path / "eksport.json"
    assert main(["eksport", "--til", str(export)]) == 0
    before = data.read_bytes()
    assert main(["importer", str(export)]) == 0  # the same records again: nothing to add
    assert "0 poster importert" in capsys.readouterr().out
    assert data.read_bytes() == before
    changed = orjson.loads(export.read_bytes())
    changed["tables"]["logs"]["1"]["note"] = "annet innhold"
    export.write_bytes(orjson.dumps(changed))
    assert main(["importer", str(export)]) == 1
    err = capsys.readouterr().err
    assert "logs 1 finnes allerede her med annet innhold" in err and "ingenting er skrevet" in err
    assert data.read_bytes() == before


def test_import_of_something_else_is_refused(data: Path, tmp_path: Path, capsys) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    assert main(["importer", str(junk)]) == 1
    assert main(["importer", str(tmp_path / "mangler.json")]) == 1
    assert not data.exists()


def test_csv_opens_in_a_spreadsheet_and_keeps_formulas_as_text(data: Path, capsys) -> None:
    assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--notat", '=HYPERLINK("x")']) == 0
    assert (
        main(["logg", "--elev", "CD", "--tiltak", "forbedre-relasjon", "--notat", "linje 1\nlinje 2; med semikolon"])
        == 0
    )
    capsys.readouterr()
    result = run("eksport", "--format", "csv")
    raw = result.stdout.encode("utf-8")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[:8] == ["id", "elev/gruppe", "type", "tiltak", "tiltak-id", "dato", "klokkeslett", "minutter"]
    note = header.index("notat")
    assert rows[1][note] == '\'=HYPERLINK("x")'
    assert rows[2][note] == "linje 1\nlinje 2; med semikolon"
    assert len(rows) == 3 and raw
    # What a spreadsheet in a Norwegian locale reads as a date, a time and a number; the measure by name.
    assert rows[1][3] == "Forbedre negativ eller svak relasjon" and rows[1][4] == "forbedre-relasjon"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", rows[1][5]) and re.fullmatch(r"\d\d:\d\d", rows[1][6])
    assert rows[1][7].isdigit()
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", rows[1][header.index("opprettet")])


def test_markdown_export_per_subject(data: Path, capsys) -> None:
    assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--notat", "# ikke en overskrift"]) == 0
    assert main(["logg", "--elev", "CD", "--tiltak", "forbedre-relasjon"]) == 0
    capsys.readouterr()
    assert main(["eksport", "--format", "md", "--elev", "AB"]) == 0
    out = capsys.readouterr().out
    assert "## AB" in out and "## CD" not in out
    assert "Forbedre negativ eller svak relasjon, 15 min" in out
    assert "> # ikke en overskrift" in out


def test_sjekk_reports_and_fails_on_problems(data: Path, capsys) -> None:
    assert main(["sjekk"]) == 0
    assert "ingen datafil ennå" in capsys.readouterr().out
    assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon"]) == 0
    assert main(["sjekk"]) == 0
    out = capsys.readouterr().out
    assert "logger 1," in out and "har tilgang 600" in out
    os.chmod(data, 0o644)
    assert main(["sjekk"]) == 1
    assert "FEIL" in capsys.readouterr().out
    os.chmod(data, 0o600)
    data.with_name(".relasjon.json.x.tmp").write_text("{")
    assert main(["sjekk"]) == 1
    data.write_text("{")
    assert main(["sjekk"]) == 1
    assert "skadet" in capsys.readouterr().out


def test_logg_does_not_import_textual_or_the_markdown_parser(data: Path) -> None:
    code = (
        "import sys; from relasjon_tui.cli import main; "
        "rc = main(['logg', '--elev', 'AB', '--tiltak', 'forbedre-relasjon']); "
        "print(rc, 'textual' in sys.modules, 'markdown_it' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split()[-3:] == ["0", "False", "False"], result.stderr


def test_messages_quoting_data_never_carry_control_characters(data: Path, tmp_path: Path) -> None:
    export = {
        "format": "relasjon-tui",
        "schema_version": 1,
        "tables": {
            "logs": {
                "1": {
                    "subject": "AB",
                    "measure": "\x1b]0;kapret\x07",
                    "start": "2026-11-20T10:00:00+01:00",
                    "minutes": 15,
                }
            }
        },
    }
    path = tmp_path / "fiendtlig.json"
    path.write_bytes(orjson.dumps(export))
    result = run("importer", str(path))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "␛]0;kapret␇" in result.stderr
