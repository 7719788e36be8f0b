"""The nynorsk catalogue: complete against bokmål, same fields, no markup, no bokmål words."""

from __future__ import annotations

import re
import string

from relasjon_tui.strings import CATALOGUES
from relasjon_tui.strings_nn import NN

# Bokmål forms the nynorsk catalogue must not use, with the form it uses instead. A few are
# also tolerated or mean something else in nynorsk («nå» to reach, «uke», «kun»), but this
# catalogue's choice is the nynorsk form. («mellom», «også», «etter», «ingen» and «ukjent» are
# nynorsk too and are not listed.)
BOKMAL_ONLY = {
    "ikke": "ikkje", "hva": "kva", "hvem": "kven", "hvilke": "kva", "hvilket": "kva",
    "hvordan": "korleis", "hvor": "kor", "hvis": "dersom", "nå": "no", "kun": "berre",
    "bare": "berre", "ble": "vart", "noen": "nokon/nokre", "være": "vere", "fra": "frå",
    "ennå": "enno", "forrige": "førre", "lagret": "lagra", "uke": "veke", "uker": "veker",
    "uka": "veka", "velg": "vel", "åpne": "opne", "veiledning": "rettleiing",
    "veiledningen": "rettleiinga", "foreldrene": "foreldra", "elever": "elevar",
    "tiltakene": "tiltaka", "beslutning": "avgjerd", "mangler": "manglar", "navn": "namn",
    "tegn": "teikn", "mye": "mykje",
}  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+")
# Bokmål kept on purpose: the source's title, a measure id, and command-line names.
_ALLOWED_BOKMAL = re.compile(r"«Tiltak for å bedre relasjoner»|forbedre-relasjon|--[a-z-]+")


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


def test_nn_has_exactly_the_keys_of_nb_in_order() -> None:
    nb = CATALOGUES["nb"]
    assert list(NN) == list(nb)


def test_nn_has_the_same_placeholders_per_key() -> None:
    nb = CATALOGUES["nb"]
    for key, text in NN.items():
        assert _fields(text) == _fields(nb[key]), key


def test_nn_keeps_the_layout_around_the_text() -> None:
    # Leading spaces indent report lines; a trailing space joins a label to what follows.
    nb = CATALOGUES["nb"]
    for key, text in NN.items():
        assert text, key
        original = nb[key]
        assert len(text) - len(text.lstrip(" ")) == len(original) - len(original.lstrip(" ")), key
        assert text.endswith(" ") == original.endswith(" "), key
        assert text.count("\n") == original.count("\n"), key


def test_no_rich_markup_in_nn() -> None:
    # Strings are shown as literal Content; markup would appear as brackets.
    for key, text in NN.items():
        assert not re.search(r"\[/?[a-z@]", text), key


def test_no_bokmal_only_words_in_nn() -> None:
    for key, text in NN.items():
        words = {w.lower() for w in _WORD.findall(_ALLOWED_BOKMAL.sub(" ", text))}
        found = sorted(words & BOKMAL_ONLY.keys())
        assert not found, (key, {word: BOKMAL_ONLY[word] for word in found})


def test_area_names_are_the_same_as_in_bokmal() -> None:
    for key in ("area_tiltak", "area_refleksjon", "area_logg", "area_saker"):
        assert NN[key] == CATALOGUES["nb"][key]


def test_nn_fills_in_like_bokmal() -> None:
    nb = CATALOGUES["nb"]
    for key, text in NN.items():
        values = {name: "x" for name in _fields(nb[key])}
        assert "{" not in text.format(**values), key
