"""Provides the list of measures grouped by relation, followed by the general parts."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive, var
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from relasjon_tui.content.model import RELATIONS, Document, Library
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal_line
from relasjon_tui.ui.keys import vim_keys


def _label(doc: Document) -> Content:
    if doc.local:
        return join([literal_line(doc.title), literal_line(f"  ({t('local_marker')})", "dim")])
    return literal_line(doc.title)


class DocumentList(OptionList):
    """Measures under «Ansatt – elev» and «Elev – elev», then «Generelt». Option ids are document ids."""

    BINDINGS = vim_keys("list")

    # Moving the highlight repaints the two options it moves between: a reactive that repaints
    # drew the whole list (8 KB at 140×40) in a frame of its own, before the text it leads to.
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    document_id: var[str | None] = var(None, init=False)
    """The highlighted document. A var its pane watches rather than the list's message: the
    text follows within the key's own handling, so list and text are painted in one frame
    (through the message, the list's move was painted a frame before the text)."""

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        # Textual calls this beside the list's own watcher. `_lines` (which option each line
        # shows) is the list's own, of the Textual version constraints.txt pins.
        for y, (index, _offset) in enumerate(self._lines):
            if index in (old, new):
                self.refresh_lines(y)
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
