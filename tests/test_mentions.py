"""The code matcher (records.mentions) and pseudonymised case exports: no code survives."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relasjon_tui.cli import main
from relasjon_tui.records.case_document import Facts, case_to_markdown
from relasjon_tui.records.cases import Case, Evaluation, PlannedMeasure
from relasjon_tui.records.mentions import (
    code_matches,
    count_mentions,
    excerpt,
    mentions,
    replace_code,
    replace_mentions,
)
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    "text",
    ["AB", "ABs bror", "AB's", "AB’s", "AB-s", "AB-gruppa", "AB_x", "ab", "Ab sa", "ABen", "ABene", "(AB)",
     "AB.", "x_AB", "«AB»", "ABgruppa", "så ab-s mor"],
)  # fmt: skip
def test_the_code_is_found_as_a_word_or_word_prefix_in_any_case_and_inflection(text: str) -> None:
    assert mentions(text, "AB")
    assert "AB" not in replace_mentions(text, {"AB": "X"}).upper().replace("X", "")


@pytest.mark.parametrize("text", ["xAB", "7AB", "AB2", "abonnement", "ABBA", "Abba", "ABC", "labben"])
def test_other_words_and_codes_are_left_alone(text: str) -> None:
    assert not mentions(text, "AB")
    assert replace_mentions(text, {"AB": "X"}) == text


def test_a_code_that_is_a_common_word_is_still_replaced_where_the_word_stands_alone() -> None:
    # Privacy first: «en» could be the pupil EN typed in a hurry; «enkel» and «ene» too?
    # Whole words and endings are replaced, longer words are not.
    assert replace_mentions("EN sa en ting, ENs bror var enkel", {"EN": "Elev A"}) == (
        "Elev A sa Elev A ting, Elev As bror var enkel"
    )
    assert replace_mentions("I dag i friminuttet. Ikke inne.", {"I": "Elev B"}) == (
        "Elev B dag Elev B friminuttet. Ikke inne."
    )


def test_replacement_is_one_pass_longest_code_first_and_glues_compounds() -> None:
    labels = {"AB": "Elev A", "ABC": "Elev B", "B": "Elev C"}
    assert replace_mentions("ABC og AB og b", labels) == "Elev B og Elev A og Elev C"
    assert replace_mentions("ABgruppa", labels) == "Elev A-gruppa"
    assert count_mentions("AB, ab og ABs", "AB") == 3


def test_excerpt_is_one_short_line_around_the_mention() -> None:
    text = "Lang tekst om mange ting\nsom skjedde i dag, og så sa AB-s bror at han ville være med på leken etterpå"
    piece = excerpt(text, "AB", width=40)
    assert "AB-s bror" in piece and "\n" not in piece and len(piece) <= 42 and piece.startswith("…")


# The property: random codes, random text around them, every inflection the issue names.

CODE_FIRST = "BCDFHIJKMOQTWYZ0123456789"
"""Code letters that never occur in the filler, in the endings tried («-gruppa», «en», «_x» …) or in the labels."""
CODE_REST = CODE_FIRST + "-_."
FILLER = "øæålgepr"
codes = st.builds(lambda a, b: a + b, st.sampled_from(CODE_FIRST), st.text(CODE_REST, max_size=5)).filter(
    lambda code: code[-1] not in "-_."  # «B-» + «-s» is «B--s»: still replaced, but reads as two codes
)
FORMS = ("{}", "{}s", "{}'s", "{}’s", "{}-s", "{}-gruppa", "{}_x", "{}en", "{}ene", "({})", "«{}»")


def _cased(code: str, choice: int) -> str:
    if choice == 0:
        return code
    if choice == 1:
        return code.lower()
    if choice == 2:
        return code.upper()
    return "".join(c.lower() if i % 2 else c.upper() for i, c in enumerate(code))


@st.composite
def texts_with_codes(draw, store_codes: list[str]) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            pieces.append(draw(st.text(FILLER, min_size=1, max_size=8)))
        code = draw(st.sampled_from(store_codes))
        if draw(st.integers(0, 4)) == 0 and any(c.isalpha() for c in code) and len(code) >= 2:
            pieces.append(code.upper() + "gruppa")  # a compound without hyphen: in capitals
        else:
            pieces.append(draw(st.sampled_from(FORMS)).format(_cased(code, draw(st.integers(0, 3)))))
    separators = draw(st.lists(st.sampled_from([" ", ", ", ". ", "\n", " – ", ": ", "! "]), min_size=len(pieces),
                               max_size=len(pieces)))  # fmt: skip
    return "".join(piece + sep for piece, sep in zip(pieces, separators, strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), store_codes=st.lists(codes, min_size=1, max_size=4, unique_by=str.casefold))
def test_no_code_survives_a_pseudonymised_export(data, store_codes: list[str]) -> None:
    subjects = tuple(store_codes[: data.draw(st.integers(1, len(store_codes)))])
    draw = lambda: data.draw(texts_with_codes(store_codes))  # noqa: E731
    case = Case(
        title=" ".join(draw().split()), subjects=subjects, problem=draw(), pupil_view=draw(),
        evaluations=(Evaluation(NOW.date(), draw(), draw(), draw(), "fortsette", "kari", NOW),),
        author="kari", created=NOW, updated=NOW,
    )  # fmt: skip
    logs = [SessionLog(subjects[0], "forbedre-relasjon", NOW + timedelta(hours=1), 15, note=draw(), id=1)]
    text = case_to_markdown(case, logs, {}, Facts("kari", NOW), pseudonym=True, other_codes=store_codes)
    assert "**Pseudonymisert" in text
    # User text is in the title line and the quoted lines; the rest is the app's own wording.
    written = [line.replace("\\", "") for line in text.splitlines() if line.startswith(("# ", "> "))]
    assert len(written) >= 6
    for line in written:
        user_text = line.split(": ", 1)[1] if line.startswith("# ") else line  # «# Sak N: <title>»
        rest = re.sub(r"Elev [A-Z]+", "", user_text).casefold()
        for code in store_codes:
            assert code.casefold() not in rest, (code, line)


# The CLI export


def test_cli_pseudonym_export_replaces_other_pupils_codes_and_says_so(tmp_path, capsys) -> None:
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    store.add_log(SessionLog("CD", "forbedre-relasjon", NOW, 10, note="Nevner ingen", created=NOW))
    week = PlannedMeasure("forbedre-relasjon", start=NOW.date(), end=NOW.date() + timedelta(days=6), responsible="KL")
    case_id = store.add_case(
        Case("AB og venner", ("AB",), problem="ABs venn cd-s bror og AB-gruppa", measures=(week,), author="kari",
             created=NOW)
    )  # fmt: skip
    store.add_log(SessionLog("AB", "forbedre-relasjon", NOW, 10, note="ab lekte med CD's søster", created=NOW))
    assert main(["--data", str(store.path), "eksport", "--sak", str(case_id), "--pseudonym"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("**Unntatt offentlighet") and "**Pseudonymisert:" in out
    assert "AB" not in out and "CD" not in out and "cd-s" not in out and "ab " not in out
    assert "Elev As venn Elev B-s bror og Elev A-gruppa" in out
    assert "> Elev A lekte med Elev B's søster" in out


async def test_the_case_view_exports_pseudonymised_with_shift_x(make_app, tmp_path) -> None:
    from textual.widgets import Input

    from relasjon_tui.ui.screens.case import CaseScreen
    from relasjon_tui.ui.screens.save_as import SaveAsScreen

    store = RecordStore(tmp_path / "data" / "relasjon.json")
    store.add_log(SessionLog("CD", "forbedre-relasjon", NOW, 10, created=NOW))
    case_id = store.add_case(Case("AB og CD", ("AB",), problem="ABs venn cd", author="kari", created=NOW))
    target = tmp_path / "ut" / "sak.md"
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(CaseScreen(store, app.library, store.get_case(case_id), now=lambda: NOW))
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsScreen) and app.screen.suggested.name.endswith("-pseudonym.md")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    text = target.read_text()
    assert text.startswith("**Unntatt offentlighet") and "**Pseudonymisert:" in text
    assert ": Elev A og Elev B" in text and "> Elev As venn Elev B" in text
    assert "AB" not in text and "CD" not in text and " cd" not in text
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_another_code_that_begins_with_the_code_is_not_a_mention_of_it() -> None:
    others = ["7B-gr1", "ABS", "CD"]
    text = "7B-gr1 og 7B, 7b-gr1s tur, 7B-s lærer"
    assert [m.group(0) for m in code_matches(text, "7B", others)] == ["7B", "7B"]
    assert replace_code(text, "7B", "[X]", others) == "7B-gr1 og [X], 7b-gr1s tur, [X]-s lærer"
    # «ABs» could be the genitive of AB: an ending never makes another code (privacy first).
    assert count_mentions("ABs bror", "AB", others) == 1 and not mentions("7B-gr1", "7B", others)
