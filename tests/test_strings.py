"""The UI string catalogue: both languages complete and consistent."""

from __future__ import annotations

import re
import string

import pytest

from relasjon_tui import strings


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_fields() -> None:
    nb, en = strings.CATALOGUES["nb"], strings.CATALOGUES["en"]
    assert nb.keys() == en.keys()
    for key in nb:
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
