"""Search: case- and diacritics-tolerant, across titles, sections and questions."""

from __future__ import annotations

import pytest

from relasjon_tui.content.model import Library
from relasjon_tui.content.normalise import fold, slugify
from relasjon_tui.content.search import SearchIndex


@pytest.fixture(scope="module")
def index(library: Library) -> SearchIndex:
    return SearchIndex(library)


def test_fold_is_case_and_diacritics_tolerant() -> None:
    assert fold("Tett OPPFØLGING") == "tett oppfolging"
    assert fold("Særlig sårbare") == "saerlig sarbare"
    assert fold("Kärna") == "karna"
    assert slugify("Når passer tiltaket?") == "nar-passer-tiltaket"


@pytest.mark.parametrize(
    ("query", "document_id"),
    [
        ("tett oppfolging", "tett-oppfolging"),
        ("Tett Oppfølging", "tett-oppfolging"),
        ("elevgruppe", "elevgrupper"),
        ("VENNSKAP", "vennskap"),
        ("klasseledelse", "klasseledelse"),
    ],
)
def test_examples_find_the_title_first(index: SearchIndex, query: str, document_id: str) -> None:
    hits = index.search(query)
    assert hits, query
    assert hits[0].kind == "tittel"
    assert hits[0].document_id == document_id


def test_sections_are_found_with_the_heading_to_scroll_to(index: SearchIndex) -> None:
    hits = index.search("samtykke")
    assert hits[0].kind == "seksjon"
    assert hits[0].document_id == "elevgrupper"
    assert hits[0].section_id == "gjennomforing"
    assert "samtykke" in fold(hits[0].snippet)


def test_sub_headings_are_found(index: SearchIndex) -> None:
    hits = index.search("samhandling og smil")
    assert any(hit.heading == "Samhandling og smil" and hit.section_id == "sentrale-begreper" for hit in hits)


def test_questions_are_found_by_words_anywhere(index: SearchIndex) -> None:
    hits = [hit for hit in index.search("stigmatiserende belastning") if hit.kind == "spørsmål"]
    assert [hit.question_id for hit in hits] == ["eg-stigmatisering"]
    assert hits[0].heading == "Til ledere og ansatte på skolen"


def test_all_words_must_match(index: SearchIndex) -> None:
    assert index.search("elevgrupper xyzzy") == []
    assert index.search("   ") == []


def test_snippet_points_at_the_match_in_the_original_text(index: SearchIndex) -> None:
    hit = next(hit for hit in index.search("helsesoster") if hit.document_id == "tett-oppfolging")
    assert "helsesøster" in hit.snippet
    assert len(hit.snippet) <= 92
