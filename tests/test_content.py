"""Loader and content model: the guidance is complete, faithful in structure and stable in ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from relasjon_tui import paths, strings
from relasjon_tui.cli import main
from relasjon_tui.content.loader import ContentFileError, load_file, load_library, scan_measures
from relasjon_tui.content.model import Library, Span

MEASURE_IDS = {
    "klasseledelse",
    "forbedre-relasjon",
    "tett-oppfolging",
    "mobilisere-medelever",
    "elevgrupper",
    "vennskap",
}

# The ids other features hang notes and meetings off. They must never change; a wording
# change in content/ keeps the id. Adding a question adds to this list.
QUESTION_IDS = [
    "kl-avklaring-tillatt", "kl-avklaring-medbestemmelse", "kl-avklaring-leder-bestemmer",
    "kl-avklaring-samarbeidsregler", "kl-elever-fungerer-godt", "kl-elever-fungerer-mindre",
    "kl-elever-laerer-bedre", "kl-elever-stotte-bidrag", "kl-ledere-videreutvikle",
    "kl-ledere-stotte-klasseledere", "kl-ansatte-styrke", "kl-ansatte-utfordring",
    "kl-ansatte-strategier-godt", "kl-ansatte-strategier-darlig", "kl-ansatte-mer-mindre",
    "fr-fordeler-ulemper", "fr-elevens-beste", "fr-verdi-av-tid", "fr-for-den-voksne", "fr-vektlegge",
    "fr-hindringer", "to-fordeler-ulemper", "to-ledelsen-oppfolging", "to-kombinere", "mm-motarbeide",
    "mm-vedlikeholde", "eg-stigmatisering", "eg-gevinst", "eg-organisering", "vs-undervisning",
    "vs-friminutt", "vs-nett", "va-ressurser-tillit", "va-hore-til", "va-bevissthet-stotte", "va-empati",
    "va-konfrontere",
]  # fmt: skip

MEASURE = """---
id: {id}
tittel: Lokalt tiltak
type: tiltak
relasjon: elev-elev
---

## Beskrivelse

Tekst.

## Når passer tiltaket?

Tekst.

## Når bør dere være forsiktige?

Tekst.

## Refleksjonsspørsmål

- ?{id}-q1 (alle): Et spørsmål?
"""


def test_builtin_content_loads_without_errors(library: Library) -> None:
    assert library.errors == ()
    assert {doc.id for doc in library.measures} == MEASURE_IDS


def test_general_parts_are_present(library: Library) -> None:
    assert [doc.id for doc in library.general] == [
        "om-relasjoner",
        "voksnes-ansvar",
        "etter-mobbing",
        "rett-tiltak",
        "referanser",
    ]


@pytest.mark.parametrize("measure_id", sorted(MEASURE_IDS))
def test_every_measure_has_the_core_sections_and_a_question(library: Library, measure_id: str) -> None:
    doc = library.document(measure_id)
    assert doc is not None
    for kind in ("beskrivelse", "passer", "forsiktig"):
        section = doc.section(kind)
        assert section is not None, kind
        assert len(section.markdown.strip()) > 40, kind
    assert doc.section("refleksjon") is not None
    assert any(question.reflection for question in doc.questions)


def test_measures_are_grouped_by_relation(library: Library) -> None:
    assert [d.id for d in library.measures_for("ansatt-elev")] == [
        "klasseledelse",
        "forbedre-relasjon",
        "tett-oppfolging",
    ]
    assert [d.id for d in library.measures_for("elev-elev")] == ["mobilisere-medelever", "elevgrupper", "vennskap"]


def test_question_ids_are_stable_and_unique(library: Library) -> None:
    ids = [question.id for question in library.questions]
    assert ids == QUESTION_IDS
    assert len(set(ids)) == 37


def test_reflection_questions_and_other_prompts_are_counted_as_in_the_source(library: Library) -> None:
    reflection = [q for q in library.questions if q.reflection]
    prompts = [q for q in library.questions if not q.reflection]
    assert len(reflection) == 24
    assert len(prompts) == 13
    per_measure = {m: sum(1 for q in reflection if q.document_id == m) for m in MEASURE_IDS}
    assert per_measure == {
        "klasseledelse": 7,
        "forbedre-relasjon": 6,
        "tett-oppfolging": 3,
        "mobilisere-medelever": 2,
        "elevgrupper": 3,
        "vennskap": 3,
    }
    groups = {}
    for q in prompts:
        groups.setdefault(q.group, []).append(q.id)
    assert sorted(len(ids) for ids in groups.values()) == [4, 4, 5]


def test_audiences_follow_the_source_headings(library: Library) -> None:
    leaders = [q.id for q in library.questions if q.audience == "ledere"]
    assert leaders == ["kl-ledere-videreutvikle", "kl-ledere-stotte-klasseledere"]
    staff = [q for q in library.questions if q.audience == "ansatte" and q.reflection]
    assert len(staff) == 5 and all(q.group == "Til andre ansatte på skolen" for q in staff)


def test_question_markers_do_not_leak_into_rendered_text(library: Library) -> None:
    for doc in library.documents:
        text = doc.body_markdown()
        for question in doc.questions:
            assert f"?{question.id}" not in text
            assert question.text in " ".join(text.split())


def test_cadence_facts_parse_to_numbers(library: Library) -> None:
    relation = library.document("forbedre-relasjon")
    assert relation is not None
    assert relation.cadence.weeks == Span(2, 4)
    assert relation.cadence.session_minutes == Span(10, 20)
    assert relation.cadence.session_minutes.middle == 15
    assert relation.cadence.frequencies == ("daglig", "ukentlig")
    assert relation.cadence.fixed_times is True

    groups = library.document("elevgrupper")
    assert groups is not None
    assert groups.cadence.frequencies == ()  # «for eksempel ukentlige møter» is an example, not a rule
    assert groups.cadence.group_max == Span(5, 6)
    assert groups.cadence.consent == ("elev", "foreldre")

    follow_up = library.document("tett-oppfolging")
    assert follow_up is not None and follow_up.cadence.frequencies == ("jevnlig",)


def test_key_facts_from_the_source_are_in_the_text(library: Library) -> None:
    def text(doc_id: str) -> str:
        doc = library.document(doc_id)
        assert doc is not None
        return " ".join(doc.body_markdown().split())

    assert "to til fire uker" in text("forbedre-relasjon")
    assert "10 til 20 minutter" in text("forbedre-relasjon")
    assert "Utenom den voksne og eleven gruppa er for, bør gruppa **bestå av høyst fem til seks elever**" in text(
        "elevgrupper"
    )
    assert "krever samtykke **både fra eleven selv og fra foreldrene**" in text("elevgrupper")
    assert "for eksempel holde møter en gang i uka" in text("elevgrupper")
    assert "ikke egnet til å løse akutte mobbesaker" in text("mobilisere-medelever")
    assert "asymmetrisk, men likeverdig" in text("voksnes-ansvar")
    assert "ressursteam" in text("etter-mobbing")
    assert "29.01.2019" in text("referanser")


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("id: x\n", 1, "toppblokk"),
        ("---\nid: x\ntittel: T\ntype: tiltak\nrelasjon: elev-elev\n", 1, "avsluttende"),
        ("---\nid: x\ntittel: T\ntype: generelt\nfarge: blå\n---\n## Beskrivelse\n", 5, "ukjent nøkkel"),
        ("---\nid: x\ntittel: T\ntype: tiltak\nrelasjon: venner\n---\n## Beskrivelse\n", 5, "relasjon"),
        ("---\nid: X Y\ntittel: T\ntype: generelt\n---\n## A\n", 2, "id «X Y»"),
        ("---\nid: x\ntittel: T\ntype: generelt\nokt-minutter: ti\n---\n## A\n", 5, "okt-minutter"),
        ("---\nid: x\ntittel: T\ntype: generelt\n---\n# Stor\n", 6, "##"),
        ("---\nid: x\ntittel: T\ntype: generelt\n---\nIntro\n\n## A\n", 6, "før første"),
        ("---\nid: x\ntittel: T\ntype: generelt\n---\n## A\n\n- ?q1 (elever): Hva?\n", 8, "målgruppe"),
        ("---\nid: x\ntittel: T\ntype: generelt\n---\n## A\n\n- ?Q 1: Hva?\n", 8, "spørsmål skrives"),
        ("---\nid: x\ntittel: T\ntype: tiltak\nrelasjon: elev-elev\n---\n## Beskrivelse\n\nTekst\n", 7, "Når passer"),
    ],
)
def test_a_broken_file_gives_an_error_with_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = _write(tmp_path, "feil.md", text)
    with pytest.raises(ContentFileError) as caught:
        load_file(path)
    assert caught.value.error.path == path
    assert caught.value.error.line == line
    assert fragment in caught.value.error.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("---\nid: x\ntittel: Bl\xe5\n".encode("latin-1"))
    with pytest.raises(ContentFileError) as caught:
        load_file(path)
    assert "UTF-8" in caught.value.error.message


def test_local_folder_adds_measures_and_broken_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    local = tmp_path / "skolen"
    _write(local, "lokal.md", MEASURE.format(id="lokal-lunsj"))
    _write(local, "odelagt.md", "ikke en toppblokk\n")
    _write(local, "README.md", "Ikke et tiltak, hoppes over.\n")
    library = load_library(paths.builtin_content_dir(), [local])
    assert library.document("lokal-lunsj") is not None
    assert library.document("lokal-lunsj").local is True  # type: ignore[union-attr]
    assert len(library.measures) == 7
    assert [error.path.name for error in library.errors] == ["odelagt.md"]
    # Local measures come after the built-in ones of the same relation.
    assert [d.id for d in library.measures_for("elev-elev")][-1] == "lokal-lunsj"
    assert library.question("lokal-lunsj-q1") is not None


def test_local_file_cannot_take_a_builtin_id_or_question_id(tmp_path: Path) -> None:
    local = tmp_path / "skolen"
    _write(local, "a.md", MEASURE.format(id="elevgrupper"))
    _write(local, "b.md", MEASURE.format(id="ny").replace("?ny-q1", "?eg-gevinst"))
    library = load_library(paths.builtin_content_dir(), [local])
    messages = sorted(error.message for error in library.errors)
    assert any("id «elevgrupper» er allerede brukt" in m for m in messages)
    assert any("spørsmåls-id «eg-gevinst» er allerede brukt" in m for m in messages)
    assert library.document("ny") is None
    assert library.document("elevgrupper").local is False  # type: ignore[union-attr]


def test_missing_local_folder_is_an_error_not_a_crash(tmp_path: Path) -> None:
    library = load_library(paths.builtin_content_dir(), [tmp_path / "finnes-ikke"])
    assert len(library.errors) == 1 and "finnes ikke" in library.errors[0].message
    assert len(library.measures) == 6


def test_control_characters_in_content_are_made_visible(tmp_path: Path) -> None:
    text = MEASURE.format(id="farlig").replace("Tekst.", "Før\x1b]52;c;aGk=\x07etter\u202e.", 1)
    doc = load_file(_write(tmp_path, "farlig.md", text))
    body = doc.body_markdown()
    assert "\x1b" not in body and "\x07" not in body and "\u202e" not in body
    assert "␛]52;c;aGk=␇etter⟨U+202E⟩" in body


# A school's own content: forgiving (comments, three languages of headings) and checked
# (every problem of every file, with file and line; `relasjon sjekk --content`).

# The README's example file, copied as it stands (section «Adding a school's own measures»).
README_EXAMPLE = """---
id: lunsjvenn
tittel: Lunsjvenn
type: tiltak              # tiltak (a measure) or generelt (a general part)
relasjon: elev-elev       # measures only: ansatt-elev or elev-elev
rekkefolge: 10            # optional: order within its group
periode-uker: 2-4         # optional cadence facts, as numbers or ranges
hyppighet: daglig, ukentlig   # daglig, ukentlig, jevnlig
faste-tidspunkter: ja
okt-minutter: 10-20
gruppe-maks: 5-6
samtykke: elev, foreldre
---

## Beskrivelse

Free Markdown: paragraphs, **bold**, *italic*, lists, `###` sub-headings, [links](https://example.org).

## Når passer tiltaket?

## Når bør dere være forsiktige?

## Refleksjonsspørsmål

### Til ledere og ansatte på skolen

- ?lunsjvenn-hvem (alle): Hvem bør spørres først?
"""


def test_the_readme_example_loads_as_it_stands(tmp_path: Path) -> None:
    local = tmp_path / "skolen"
    _write(local, "lunsjvenn.md", README_EXAMPLE)
    library = load_library(paths.builtin_content_dir(), [local])
    assert library.errors == ()
    doc = library.document("lunsjvenn")
    assert doc is not None and doc.local
    assert (doc.title, doc.kind, doc.relation, doc.order) == ("Lunsjvenn", "tiltak", "elev-elev", 10)
    assert doc.cadence.weeks == Span(2, 4)
    assert doc.cadence.frequencies == ("daglig", "ukentlig")
    assert doc.cadence.fixed_times is True
    assert doc.cadence.session_minutes == Span(10, 20)
    assert doc.cadence.group_max == Span(5, 6)
    assert doc.cadence.consent == ("elev", "foreldre")
    assert [s.kind for s in doc.sections] == ["beskrivelse", "passer", "forsiktig", "refleksjon"]
    question = library.question("lunsjvenn-hvem")
    assert question is not None and question.group == "Til ledere og ansatte på skolen" and question.reflection


def test_the_readme_still_shows_the_example_the_tests_load() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```markdown\n{README_EXAMPLE}```" in readme


REPO_ROOT = Path(__file__).resolve().parent.parent


def test_header_comments_whole_line_and_trailing(tmp_path: Path) -> None:
    text = MEASURE.format(id="kommentert").replace(
        "type: tiltak\n",
        "# Skolens eget tiltak, skrevet av ressursteamet\n  # innrykket kommentar\n"
        "type: tiltak # et tiltak\nokt-minutter: 15\t# kvarter\nhyppighet: ukentlig#ikke-kommentar?\n",
    )
    library = load_library(paths.builtin_content_dir(), [_write(tmp_path / "s", "k.md", text).parent])
    # «ukentlig#ikke-kommentar?»: a # with no space before it is part of the value.
    assert [(e.line, e.message) for e in library.errors] == [
        (8, "«hyppighet»: ukjent verdi «ukentlig#ikke-kommentar?»; gyldige er daglig, ukentlig, jevnlig")
    ]
    fixed = text.replace("ukentlig#ikke-kommentar?", "ukentlig")
    doc = load_file(_write(tmp_path, "k.md", fixed))
    assert doc.kind == "tiltak" and doc.cadence.session_minutes == Span(15, 15)
    assert doc.cadence.frequencies == ("ukentlig",)


BROKEN = """---
id: Feil Id
tittel: Et tiltak med mange feil
type: tiltak
relasjon: venner
farge: blå
okt-minutter: ti
okt-minutter: 10
hyppighet: daglig, av og til
---

## Beskrivelse

Tekst.

# Stor overskrift

- ?q1 (elever): Hvem?
- ?Q 2: Hva?
"""


def test_every_problem_of_a_file_is_listed_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "mange.md", BROKEN)
    with pytest.raises(ContentFileError) as caught:
        load_file(path)
    found = [(error.line, error.message) for error in caught.value.errors]
    assert found == [
        (2, "id «Feil Id» kan bare ha små bokstaver a–z, tall og bindestrek"),
        (5, "et tiltak må ha «relasjon: ansatt-elev» eller «relasjon: elev-elev»"),
        (
            6,
            "ukjent nøkkel «farge»; gyldige er faste-tidspunkter, gruppe-maks, hyppighet, id, okt-minutter, "
            "periode-uker, rekkefolge, relasjon, samtykke, tittel, type",
        ),
        (7, "«okt-minutter» må være et tall eller et spenn som 2-4, ikke «ti»"),
        (8, "nøkkelen «okt-minutter» står to ganger (første gang på linje 7)"),
        (9, "«hyppighet»: ukjent verdi «av og til»; gyldige er daglig, ukentlig, jevnlig"),
        (11, "tiltaket mangler seksjonen «Når passer tiltaket?» (## Når passer tiltaket?)"),
        (11, "tiltaket mangler seksjonen «Når bør dere være forsiktige?» (## Når bør dere være forsiktige?)"),
        (16, "bruk ## for seksjoner; tittelen står i toppblokken"),
        (18, "ukjent målgruppe «elever»; gyldige er ledere, ansatte, alle"),
        (19, "spørsmål skrives «- ?id (ledere|ansatte|alle): tekst»"),
    ]
    assert all(error.path == path for error in caught.value.errors)
    assert caught.value.error == caught.value.errors[0]
    assert (
        str(caught.value).splitlines()[0] == f"{path}:2: id «Feil Id» kan bare ha små bokstaver a–z, tall og bindestrek"
    )


def test_every_problem_of_every_file_reaches_the_library(tmp_path: Path) -> None:
    local = tmp_path / "skolen"
    _write(local, "a-mange.md", BROKEN)
    _write(local, "b-uten-topp.md", "## Beskrivelse\n")
    _write(local, "c-dobbel.md", MEASURE.format(id="elevgrupper").replace("?elevgrupper-q1", "?eg-gevinst"))
    _write(local, "d-god.md", MEASURE.format(id="god"))
    library = load_library(paths.builtin_content_dir(), [local, tmp_path / "borte"])
    where = [(error.path.name, error.line) for error in library.errors]
    assert where[:11] == [("a-mange.md", line) for line in (2, 5, 6, 7, 8, 9, 11, 11, 16, 18, 19)]
    assert where[11:] == [("b-uten-topp.md", 1), ("c-dobbel.md", 1), ("c-dobbel.md", 22), ("borte", 0)]
    assert "spørsmåls-id «eg-gevinst» er allerede brukt" in library.errors[13].message
    assert str(library.errors[-1]) == f"{tmp_path / 'borte'}: mappen finnes ikke"
    assert library.document("god") is not None


def _measure_with_headings(doc_id: str, headings: list[str]) -> str:
    head = f"---\nid: {doc_id}\ntittel: T\ntype: tiltak\nrelasjon: elev-elev\n---\n"
    return head + "".join(f"\n## {heading}\n\nTekst.\n" for heading in headings)


@pytest.mark.parametrize(
    "headings",
    [
        [
            "Skildring",
            "Er dette rett tiltak?",
            "Tidsperiode og varigheit",
            "Førebuingar",
            "Kven kan vere kontaktperson?",
            "Slik går de fram",
            "Døme på ressursar",
            "Når passar tiltaket?",
            "Når bør de vere forsiktige?",
            "Føresetnader for å lukkast",
            "Refleksjonsspørsmål",
        ],
        [
            "Description",
            "Is this the right measure?",
            "Period and duration",
            "Preparations",
            "Who can be the contact person?",
            "How to go about it",
            "Examples of resources",
            "When does the measure fit?",
            "When to be careful?",
            "Conditions for success",
            "Reflection questions",
        ],
        [
            "Beskrivelse",
            "Er dette rett tiltak?",
            "Tidsperiode og varighet",
            "Forberedelser",
            "Hvem kan være kontaktperson?",
            "Slik går dere fram",
            "Eksempler på ressurser",
            "Når passer tiltaket?",
            "Når bør dere være forsiktige?",
            "Forutsetninger for å lykkes",
            "Refleksjonsspørsmål",
        ],
    ],
    ids=["nynorsk", "english", "bokmal"],
)
def test_section_headings_are_recognised_in_three_languages(tmp_path: Path, headings: list[str]) -> None:
    doc = load_file(_write(tmp_path, "t.md", _measure_with_headings("tre-sprak", headings)))
    assert [section.kind for section in doc.sections] == [
        "beskrivelse", "rett-tiltak", "varighet", "forberedelser", "kontaktperson", "gjennomforing", "ressurser",
        "passer", "forsiktig", "forutsetninger", "refleksjon",
    ]  # fmt: skip
    assert [section.title for section in doc.sections] == headings  # shown as written


def test_loader_messages_in_english(tmp_path: Path) -> None:
    path = _write(tmp_path, "mange.md", BROKEN)
    strings.set_language("en")
    try:
        with pytest.raises(ContentFileError) as caught:
            load_file(path)
    finally:
        strings.set_language("nb")
    messages = [error.message for error in caught.value.errors]
    assert messages[0] == "the id «Feil Id» may only hold lowercase letters a–z, digits and hyphens"
    assert "the measure has no section «When does the measure fit?» (## When does the measure fit?)" in messages
    assert "the key «okt-minutter» appears twice (first on line 7)" in messages
    assert not any(word in " ".join(messages) for word in ("må", "ukjent", "mangler", "skrives"))


def test_no_norwegian_message_is_written_in_the_loader() -> None:
    from relasjon_tui.content import loader

    source = Path(loader.__file__).read_text(encoding="utf-8")
    for fragment in ("må være", "ukjent", "mangler", "finnes ikke", "kan ikke", "toppblokk"):
        assert fragment not in source.split('"""', 2)[2], fragment


def test_scan_measures_leaves_out_a_file_whose_header_has_a_problem(tmp_path: Path) -> None:
    local = tmp_path / "skolen"
    _write(local, "ok.md", README_EXAMPLE)
    _write(local, "feil.md", BROKEN.replace("id: Feil Id", "id: feil-id"))
    measures = scan_measures(paths.builtin_content_dir(), [local])
    assert "lunsjvenn" in measures and "feil-id" not in measures
    assert measures["lunsjvenn"].cadence.session_minutes == Span(10, 20)


def test_cli_sjekk_content_lists_every_problem_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RELASJON_DATA", str(tmp_path / "data" / "relasjon.json"))
    good, bad = tmp_path / "god", tmp_path / "feil"
    _write(good, "lunsjvenn.md", README_EXAMPLE)
    _write(bad, "mange.md", BROKEN)
    _write(bad, "tom.md", "")
    assert main(["sjekk", "--content", str(good), "--content", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{bad / 'mange.md'}:2: id «Feil Id» kan bare ha små bokstaver a–z, tall og bindestrek"
    assert len(out) == 13
    assert out[11] == f"{bad / 'tom.md'}:1: filen må starte med en toppblokk mellom to linjer med ---"
    assert out[12] == "12 problemer; filene de står i lastes ikke, resten gjør det"
    assert not (tmp_path / "data").exists()  # the data file is not looked at


def test_cli_sjekk_content_passes_on_sound_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RELASJON_DATA", str(tmp_path / "data" / "relasjon.json"))
    _write(tmp_path / "god", "lunsjvenn.md", README_EXAMPLE)
    assert main(["sjekk", "--content", str(tmp_path / "god")]) == 0
    assert capsys.readouterr().out.splitlines() == ["innholdet er i orden: 12 dokumenter, 7 tiltak, 38 spørsmål"]
    assert main(["--lang", "en", "sjekk", "--content", str(tmp_path / "borte")]) == 1
    strings.set_language("nb")
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path / 'borte'}: the folder does not exist",
        "one problem; the file it is in is not loaded, the rest is",
    ]


def test_cli_sjekk_without_content_still_checks_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RELASJON_DATA", str(tmp_path / "data" / "relasjon.json"))
    _write(tmp_path / "feil", "mange.md", BROKEN)
    # The top-level --content (folders for the app) is not the check's option.
    assert main(["--content", str(tmp_path / "feil"), "sjekk"]) == 0
    assert "ingen datafil ennå" in capsys.readouterr().out
