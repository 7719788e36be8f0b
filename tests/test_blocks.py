"""The Markdown block model and its drawing: lists hang, links show their address."""

from __future__ import annotations

from relasjon_tui.content.blocks import parse_blocks
from relasjon_tui.ui.widgets.blocks_view import render_block


def test_blocks_cover_headings_paragraphs_lists_and_links() -> None:
    blocks = parse_blocks(
        "## Del\n\nEn **fet** og *kursiv* [lenke](https://www.udir.no/).\n\n- én\n- to\n\n1. først\n\n> sitat\n"
    )
    assert [b.kind for b in blocks] == ["heading", "paragraph", "item", "item", "item", "quote"]
    assert blocks[0].level == 2 and blocks[0].text == "Del"
    assert blocks[1].text == "En fet og kursiv lenke (https://www.udir.no/)."
    assert [span.strong for span in blocks[1].spans if span.text == "fet"] == [True]
    assert [b.marker for b in blocks[2:5]] == ["•", "•", "1."]


def test_list_items_wrap_with_a_hanging_indent() -> None:
    (item,) = parse_blocks("- " + "ord " * 20)
    lines = [line.plain for line in render_block(item, 24)]
    assert lines[0].startswith("• ord")
    assert all(line.startswith("  ord") for line in lines[1:])
    assert all(len(line) <= 24 for line in lines)


def test_markup_in_markdown_text_stays_literal() -> None:
    text = "Se [bold]dette[/bold] og [@click=app.quit]x[/]"
    (paragraph,) = parse_blocks(text)
    assert "".join(line.plain for line in render_block(paragraph, 80)) == text
