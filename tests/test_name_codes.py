"""A new code that reads like a name is questioned before it is created (records and `relasjon logg`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relasjon_tui.cli import main
from relasjon_tui.records.model import looks_like_name
from relasjon_tui.records.store import RecordStore


@pytest.mark.parametrize(
    "code", ["Emma", "Jonas", "Øystein", "Kari-7B", "OlaNordmann", "Ola.Nordmann", "Ola_N", "EvaLi", "emma", "kari",
             "øystein"]
)
def test_capitalised_words_of_four_letters_and_joined_names_look_like_names(code: str) -> None:
    assert looks_like_name(code)


@pytest.mark.parametrize("code", ["AB", "Ola", "OLA", "ola", "KRLE", "7B-gr1", "ab12", "A.B", "7Bgr", "Ab", "ØK"])
def test_initials_short_words_and_class_codes_do_not(code: str) -> None:
    assert not looks_like_name(code)


def test_logg_refuses_a_new_code_that_looks_like_a_name_unless_told(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "data" / "relasjon.json")
    base = ["--data", data, "logg", "--tiltak", "forbedre-relasjon", "--notat", "Spilte UNO"]
    assert main([*base, "--elev", "OlaNordmann"]) == 1
    err = capsys.readouterr().err
    assert "«OlaNordmann» ser ut som et navn" in err and "--ja-navn" in err and err.count("\n") == 1
    assert not Path(data).exists() or RecordStore(Path(data)).count_logs() == 0
    assert main([*base, "--elev", "Emma", "--ja-navn"]) == 0
    assert main([*base, "--elev", "Emma"]) == 0  # an existing code is fine
    assert main([*base, "--gruppe", "Jonas"]) == 1
    assert [subject.code for subject in RecordStore(Path(data)).subjects()] == ["Emma"]
