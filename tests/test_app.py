"""Pilot tests: the app as a keyboard user drives it."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList, Select

from relasjon_tui import paths
from relasjon_tui.content.loader import load_library
from relasjon_tui.ui.widgets.document_list import DocumentList
from relasjon_tui.ui.widgets.guidance import DocumentReader, GuidanceView
from relasjon_tui.ui.widgets.measures_pane import MeasuresPane
from relasjon_tui.ui.widgets.reflection_pane import QuestionList
from tests.test_forms import wait_for

NARROW = (80, 24)
WIDE = (140, 40)


def shown_document(app) -> str | None:
    reader = app.screen.query_one(GuidanceView).reader
    return reader.document.id if reader.document else None


def reader_text(app) -> str:
    """Every line the reader draws for the shown document: header, text and source."""
    return "\n".join(line.plain for line in app.screen.query_one(GuidanceView).reader.page().lines)


def reader_source(app) -> str:
    """The source line as the reader says it, after checking it is the last thing drawn."""
    source = app.screen.query_one(GuidanceView).reader.own_words()[-1]
    assert "".join(reader_text(app).split()).endswith("".join(source.split()))
    return source


def option_texts(option_list: OptionList) -> list[str]:
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_starts_on_the_measures_with_the_first_measure_shown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.screen.area == "tiltak"
        assert isinstance(app.focused, DocumentList)
        assert shown_document(app) == "klasseledelse"
        texts = option_texts(app.screen.query_one(DocumentList))
        for title in (
            "Tydelig og varm klasseledelse",
            "Forbedre negativ eller svak relasjon",
            "Tett oppfølging over tid",
            "Mobilisere støtte fra medelever",
            "Elevgrupper",
            "Legge til rette for vennskap",
        ):
            assert title in texts
        assert texts.index("Ansatt – elev") < texts.index("Tydelig og varm klasseledelse") < texts.index("Elev – elev")


async def test_arrows_and_jk_move_through_measures(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert shown_document(app) == "forbedre-relasjon"
        await pilot.press("j", "j")
        await pilot.pause()
        # The group heading «Elev – elev» is skipped.
        assert shown_document(app) == "mobilisere-medelever"
        await pilot.press("k")
        await pilot.pause()
        assert shown_document(app) == "tett-oppfolging"


async def test_narrow_enter_shows_text_and_escape_returns_to_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MeasuresPane)
        guidance = app.screen.query_one(GuidanceView)
        assert pane.query_one(DocumentList).display and not guidance.display
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert shown_document(app) == "elevgrupper"
        assert isinstance(app.focused, DocumentReader)
        assert guidance.display and not pane.query_one(DocumentList).display
        assert "5–6 elever" in " ".join(reader_text(app).split()[:60])  # among the facts in the header
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, DocumentList)
        assert not guidance.display


async def test_tab_moves_between_list_outline_and_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused.id == "outline"
        await pilot.press("tab")
        assert isinstance(app.focused, DocumentReader)
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, DocumentList)


async def test_outline_and_section_keys_scroll_the_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(GuidanceView).reader
        assert reader.scroll_y == 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        first_jump = reader.scroll_y
        assert first_jump > 0
        assert reader.current_section_index() == 0  # from the header to «Beskrivelse»
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert reader.scroll_y > first_jump
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert reader.scroll_y == 0


async def test_number_keys_switch_areas(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.area == "refleksjon"
        assert isinstance(app.focused, QuestionList)
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.area == "logg"
        assert app.focused is app.screen.query_one("#log-table")
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.area == "tiltak"
        assert isinstance(app.focused, DocumentList)


async def test_search_jumps_to_the_hit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"tett oppfolging")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert shown_document(app) == "tett-oppfolging"
        assert isinstance(app.focused, DocumentReader)

        await pilot.press("slash", *"elevgruppe", "enter")
        await pilot.pause()
        assert shown_document(app) == "elevgrupper"


async def test_search_hit_in_a_section_scrolls_there(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"samtykke")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.1)
        reader = app.screen.query_one(GuidanceView).reader
        assert reader.document.id == "elevgrupper"
        assert reader.scroll_y > 0
        assert reader.heading_at_top() == "Slik går dere fram"


async def test_search_with_no_hits_says_so_and_escape_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"xyzzy")
        await pilot.pause()
        assert "Ingen treff på «xyzzy»" in str(app.screen.query_one("#search-status").render())
        await pilot.press("escape")
        await pilot.pause()
        assert shown_document(app) == "klasseledelse"
        assert isinstance(app.focused, DocumentList)


async def test_reflection_lists_all_37_questions_and_filters(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        pane = app.screen.query_one("#reflection")
        questions = app.screen.query_one(QuestionList)
        ids = [questions.get_option_at_index(i).id for i in range(questions.option_count)]
        assert len([i for i in ids if i]) == 37
        assert "37 av 37 spørsmål" in str(app.screen.query_one("#reflection-count").render())

        pane.document_filter = "elevgrupper"
        await pilot.pause()
        ids = [questions.get_option_at_index(i).id for i in range(questions.option_count)]
        assert [i for i in ids if i] == ["eg-stigmatisering", "eg-gevinst", "eg-organisering"]

        pane.document_filter = "*"
        pane.audience_filter = "ledere"
        await pilot.pause()
        ids = [questions.get_option_at_index(i).id for i in range(questions.option_count)]
        leaders = [i for i in ids if i]
        # «Ledere» has the two questions for leaders and the 22 for «Ledere og ansatte».
        assert leaders[:2] == ["kl-ledere-videreutvikle", "kl-ledere-stotte-klasseledere"]
        both = {question.id for question in app.library.questions if question.audience == "alle"}
        assert len(both) == 22 and both <= set(leaders)
        assert not any(app.library.question(i).audience == "ansatte" for i in leaders)
        assert "24 av 37" in str(app.screen.query_one("#reflection-count").render())
        pane.audience_filter = "ansatte"
        await pilot.pause()
        staff = [i for i in (questions.get_option_at_index(n).id for n in range(questions.option_count)) if i]
        assert both <= set(staff) and "kl-ledere-videreutvikle" not in staff


async def test_reflection_filter_by_keyboard(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("m")  # the audience filter, its menu open
        await pilot.pause()
        assert app.screen.query_one("#filter-audience", Select).expanded
        await pilot.press("down", "enter")  # move to «Ledere», choose
        await pilot.pause()
        assert app.screen.query_one("#reflection").audience_filter == "ledere"
        assert isinstance(app.focused, QuestionList)  # the choice hands the keys back to the list
        await pilot.press("s")  # the status menu, left with esc: back to the list, nothing chosen
        await pilot.pause()
        assert app.screen.query_one("#filter-status", Select).expanded
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, QuestionList)
        assert app.screen.query_one("#reflection").status_filter == "*"
        await pilot.press("slash", "x", "escape")  # the words field, left with esc
        await pilot.pause()
        assert isinstance(app.focused, QuestionList)
        hints = str(app.screen.query_one("#key-hints").render())
        assert "Dismiss" not in hints


async def test_a_dropdown_menu_footer_is_translated(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("2", "t")
        await pilot.pause()
        hints = str(app.screen.query_one("#key-hints").render())
        assert "Lukk menyen" in hints and "Dismiss menu" not in hints


async def test_question_context_is_one_key_away(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#reflection").document_filter = "elevgrupper"
        await pilot.pause()
        await pilot.press("down", "g")
        await pilot.pause(0.1)
        assert app.screen.area == "tiltak"
        assert shown_document(app) == "elevgrupper"
        reader = app.screen.query_one(GuidanceView).reader
        assert app.focused is reader
        assert reader.scroll_y > 0


async def test_help_lists_the_keys_of_the_focused_area(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Her du er nå: Tiltak" in text
        assert "Neste del" in text and "Til listen" in text
        assert "Søk" in text and "Avslutt" in text
        assert "Scroll" not in text  # Textual's own English descriptions are left out
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MainScreen"


async def test_palette_goes_to_a_measure(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Gå til tiltak: Elevgrupper")
        palette = app.screen
        for _ in range(40):  # the palette searches in the background
            await pilot.pause(0.1)
            if palette.query("CommandList") and palette.query_one("CommandList").option_count:
                break
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert shown_document(app) == "elevgrupper"


def test_no_color_is_honoured(make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert make_app().no_color is True


async def test_theme_is_remembered(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    saved = json.loads(paths.settings_file().read_text())
    assert saved["theme"] == "nord"
    second = make_app()
    async with second.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert second.theme == "nord"


async def test_broken_local_content_is_reported_and_the_rest_works(tmp_path: Path, make_app) -> None:
    local = tmp_path / "skolen"
    local.mkdir()
    (local / "feil.md").write_text("---\nid: feil\n", encoding="utf-8")
    app = make_app(load_library(paths.builtin_content_dir(), [local]))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        notes = list(app._notifications)
        assert len(notes) == 1
        assert "feil.md:1:" in notes[0].message
        assert notes[0].severity == "error"
        assert "ctrl+p, «Problemer i innholdet»" in notes[0].message  # the panel can be opened again
        app.action_content_problems()
        await pilot.pause()
        panel = " ".join(str(widget.render()) for widget in app.screen.query(".content-problem"))
        assert panel.count("feil.md:") == len(app.library.errors) == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert shown_document(app) == "klasseledelse"


async def test_hostile_text_in_local_content_is_shown_literally(tmp_path: Path, make_app) -> None:
    local = tmp_path / "skolen"
    local.mkdir()
    title = "[/] [@click=app.quit]Klikk[/] \x1b]0;tittel\x07"
    (local / "x.md").write_text(
        f"---\nid: hostile\ntittel: {title}\ntype: generelt\n---\n## [b]Del[/b]\n\nTekst [ikke noe] \x1b[2J.\n",
        encoding="utf-8",
    )
    app = make_app(load_library(paths.builtin_content_dir(), [local]))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        texts = option_texts(app.screen.query_one(DocumentList))
        assert "[/] [@click=app.quit]Klikk[/] ␛]0;tittel␇" in texts[-1]
        app.screen.query_one(MeasuresPane).open("hostile")
        # At 80×24 the reader is shown by the open: its lines are read at its width once it has one.
        await wait_for(pilot, lambda: app.screen.query_one(GuidanceView).reader.line_width > 2)
        assert app.is_running
        text = reader_text(app)
        assert "[b]Del[/b]" in text
        assert "Tekst [ikke noe] ␛[2J." in text


async def test_links_show_their_address_instead_of_opening(make_app) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        app.screen.query_one(MeasuresPane).open("referanser")
        await pilot.pause(0.1)
        assert "udir.no (https://www.udir.no/)" in " ".join(reader_text(app).split())


async def test_palette_takes_hostile_titles_from_local_content(tmp_path: Path, make_app) -> None:
    local = tmp_path / "skolen"
    local.mkdir()
    (local / "x.md").write_text(
        "---\nid: hostile\ntittel: [/] [@click=app.quit]x\ntype: generelt\n---\n## Del\n\nTekst\n"
    )
    app = make_app(load_library(paths.builtin_content_dir(), [local]))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"click")
        palette = app.screen
        for _ in range(40):
            await pilot.pause(0.1)
            if palette.query("CommandList") and palette.query_one("CommandList").option_count:
                break
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.is_running
        assert shown_document(app) == "hostile"


async def test_a_schools_own_measure_names_the_school_as_its_source(tmp_path: Path, make_app) -> None:
    local = tmp_path / "skolen"
    local.mkdir()
    (local / "lunsj.md").write_text("---\nid: lunsj\ntittel: Lunsjvenn\ntype: generelt\n---\n## Om\n\nTekst.\n",
                                    encoding="utf-8")  # fmt: skip
    app = make_app(load_library(paths.builtin_content_dir(), [local]))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MeasuresPane)
        pane.open("lunsj")
        await pilot.pause(0.1)
        source = reader_source(app)
        assert source.startswith("Kilde: skolens eget tiltak") and str(local) in source
        assert "Utdanningsdirektoratet" not in source
        pane.open("klasseledelse")
        await pilot.pause(0.1)
        assert "Utdanningsdirektoratet" in reader_source(app)


async def test_the_content_panel_lists_every_problem_of_every_file(tmp_path: Path, make_app) -> None:
    local = tmp_path / "skolen"
    local.mkdir()
    (local / "a.md").write_text("---\nid: A\ntittel: x\ntype: tull\n---\n## Om\n\nTekst.\n", encoding="utf-8")
    (local / "b.md").write_text("---\nid: b\n", encoding="utf-8")
    app = make_app(load_library(paths.builtin_content_dir(), [local]))
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert len(app.library.errors) >= 3  # two in a.md, one in b.md
        app.action_content_problems()
        await pilot.pause()
        panel = [str(widget.render()) for widget in app.screen.query(".content-problem")]
        assert len(panel) == len(app.library.errors)
        assert sum("a.md:" in line for line in panel) >= 2 and any("b.md:1:" in line for line in panel)
