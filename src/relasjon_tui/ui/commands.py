"""Provides the command palette's own commands: go to any document or area."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal_line


class GuidanceCommands(Provider):
    """«Gå til: …» for every document, and «Gå til området …» for each area."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from relasjon_tui.ui.areas import AREA_NAMES
        from relasjon_tui.ui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for doc in screen.library.documents:
            commands.append(
                (
                    t("cmd_goto_measure" if doc.is_measure else "cmd_goto_document", title=doc.title),
                    # Help lines are parsed as markup by the palette, so they carry no title.
                    t("cmd_goto_document_help"),
                    partial(screen.open_document, doc.id),
                )
            )
        for area in AREA_NAMES:
            name = t(f"area_{area}")
            commands.append((t("cmd_goto_area", area=name), "", partial(screen.action_area, area)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(literal_line(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score, offsets = matcher.fuzzy_search.match(matcher.query, name)
            if score > 0:
                yield Hit(score, _highlight(name, offsets), callback, text=name, help=help_text)


def _highlight(name: str, offsets: Iterable[int]) -> Content:
    # Matcher.highlight parses its candidate as markup; a title from a school's own content
    # folder is data, so the matched letters are styled on literal text instead.
    content = literal_line(name)
    for offset in offsets:
        if offset < len(name) and not name[offset].isspace():
            content = content.stylize("bold underline $text-accent", offset, offset + 1)
    return content
