"""Provides the list of measures grouped by relation, followed by the general parts."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widgets.option_list import Option, OptionDoesNotExist

from relasjon_tui.content.model import RELATIONS, Document, Library
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal_line
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.widgets.steady import MovingList, SteadyList


def _label(doc: Document) -> Content:
    if doc.local:
        return join([literal_line(doc.title), literal_line(f"  ({t('local_marker')})", "dim")])
    return literal_line(doc.title)


class DocumentList(MovingList, SteadyList):
    """Measures under «Ansatt – elev» and «Elev – elev», then «Generelt». Option ids are document ids.

    Sized by the stylesheet (SteadyList): the list works out its options' height as it first
    paints them, and that cost a second layout and a second full paint right after the first
    frame (29 KB at 140×40); the lines below the last option are one blank line."""

    BINDINGS = vim_keys("list")

    document_id: var[str | None] = var(None, init=False)
    """The highlighted document. A var its pane watches rather than the list's message: the
    text follows within the key's own handling, so list and text are painted in one frame
    (through the message, the list's move was painted a frame before the text)."""

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        super()._watch_highlighted(old, new)
        if new is not None:
            option = self.get_option_at_index(new)
            if option.id:
                self.document_id = option.id

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        options: list[Option | None] = []
        groups: list[tuple[str, tuple[Document, ...]]] = [
            (t(f"group_{relation}"), library.measures_for(relation)) for relation in RELATIONS
        ]
        groups.append((t("group_generelt"), library.general))
        for heading, docs in groups:
            if not docs:
                continue
            if options:
                options.append(None)
            options.append(Option(literal_line(heading, "bold $text-accent"), disabled=True))
            options.extend(Option(_label(doc), id=doc.id) for doc in docs)
        super().__init__(*options, id=id)

    def select_document(self, document_id: str) -> None:
        """Move the highlight to a document without posting a selection."""
        try:
            self.highlighted = self.get_option_index(document_id)
        except OptionDoesNotExist:
            return
