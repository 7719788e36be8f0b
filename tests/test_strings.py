"""The UI string catalogue: both languages complete and consistent."""

from __future__ import annotations

import re
import string

import pytest

from relasjon_tui import strings

DATE_PARTS = {"day", "month", "mon", "year", "yy", "date", "time", "start", "end"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_fields() -> None:
    nb, en = strings.CATALOGUES["nb"], strings.CATALOGUES["en"]
    assert nb.keys() == en.keys()
    for key in nb:
        if key.startswith("fmt_"):
            # A date pattern picks its parts per language (a month's number or its name), from a fixed set.
            assert _fields(nb[key]) | _fields(en[key]) <= DATE_PARTS, key
            continue
        assert _fields(nb[key]) == _fields(en[key]), key


def test_no_rich_markup_in_catalogue() -> None:
    # Strings are shown as literal Content; markup would appear as brackets.
    for text in strings.CATALOGUES["nb"].values():
        assert not re.search(r"\[/?[a-z@]", text)


def test_set_language_switches_and_rejects_unknown() -> None:
    try:
        strings.set_language("en")
        assert strings.t("area_tiltak") == "Measures"
        strings.set_language("nb")
        assert strings.t("area_tiltak") == "Tiltak"
        with pytest.raises(ValueError):
            strings.set_language("sv")
    finally:
        strings.set_language("nb")


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_singular_forms_are_chosen_by_the_count(language: str) -> None:
    try:
        strings.set_language(language)
        one = strings.t("note_edited", count=1)
        many = strings.t("note_edited", count=3)
        assert one != many and "(" not in one + many  # no «gang(er)»
        assert strings.t("cases_count", open=1, total=1) != strings.t("cases_count", open=2, total=2)
        assert strings.t("logs_week", week="uke 47", count=1, minutes=15).endswith("15 min")
    finally:
        strings.set_language("nb")
    assert strings.t("note_edited", count=1) == "endret 1 gang"
    assert strings.t("note_edited", count=2) == "endret 2 ganger"
    assert strings.t("cases_count", open=1, total=1) == "1 åpen av 1 sak"
    assert strings.t("cases_count", open=0, total=1) == "0 åpne av 1 sak"
    assert strings.t("cases_count", open=1, total=4) == "1 åpen av 4 saker"
    assert strings.t("case_evaluation_overdue", day="01.12.2026", days=1) == "Evaluering forfalt 01.12.2026 (1 dag siden)"


def test_no_half_plurals_like_er_in_parentheses_remain() -> None:
    for language, catalogue in strings.CATALOGUES.items():
        for key, text in catalogue.items():
            assert not re.search(r"\w\((er|e|s|ar)\)", text), (language, key, text)


def test_avslutt_means_only_quitting() -> None:
    """One verb per meaning: «Avslutt» quits the app; a case is «lukket», a meeting «fullført»."""
    for key, text in strings.CATALOGUES["nb"].items():
        if re.search(r"\bavslutt", text, re.IGNORECASE):
            assert key in {"key_quit", "cmd_quit", "cmd_quit_help", "content_header_unclosed"}, (key, text)
