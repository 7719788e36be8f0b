"""Provides the case document as a printable PDF/A-2B (ISO 19005, an archive format), drawn from
the same blocks as the Markdown (records/case_document.py), so both say the same.

fpdf2 writes it with the DejaVu Sans font shipped in the package (every Norwegian letter, «»,
§ and dashes; the font is embedded, as PDF/A requires). Imported only when a PDF is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from relasjon_tui.records.case_document import Block

_FONTS = Path(__file__).resolve().parent.parent / "fonts"
_SIZES = {"heading1": 16.0, "heading2": 13.0, "heading3": 11.0, "strong": 10.0, "line": 10.0, "item": 10.0,
          "quote": 10.0}  # fmt: skip
_SPACE_BEFORE = {"heading1": 2.0, "heading2": 5.0, "heading3": 3.0}


def to_pdf(blocks: Sequence[Block], *, title: str, author: str, created: datetime) -> bytes:
    """The document as PDF/A-2B bytes: A4, headings bold, user text indented with a rule beside it."""
    from fpdf import FPDF
    from fpdf.enums import DocumentCompliance

    pdf = FPDF(format="A4", enforce_compliance=DocumentCompliance.PDFA_2B)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("relasjon-tui")
    pdf.set_creation_date(created)
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for block in blocks:
        bold = block.kind.startswith("heading") or block.kind == "strong"
        pdf.set_font("DejaVu", "B" if bold else "", _SIZES[block.kind])
        pdf.ln(_SPACE_BEFORE.get(block.kind, 0.0))
        text = block.text
        if block.kind == "item":
            text = f"• {text}"
        if block.kind == "quote":
            top = pdf.get_y()
            pdf.set_x(pdf.l_margin + 5)
            pdf.multi_cell(width - 5, 5, text or " ", new_x="LMARGIN", new_y="NEXT")
            pdf.set_draw_color(150, 150, 150)
            if pdf.get_y() > top:  # not across a page break
                pdf.line(pdf.l_margin + 2, top, pdf.l_margin + 2, pdf.get_y())
            continue
        pdf.multi_cell(width, 5.5 if not bold else 6.5, text, new_x="LMARGIN", new_y="NEXT")
        if block.kind in ("line", "strong", "item"):
            pdf.ln(1)
    return bytes(pdf.output())
