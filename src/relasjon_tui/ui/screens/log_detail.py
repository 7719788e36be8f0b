"""Provides the detail view of one session log, with every earlier version it has had."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.dates import format_datetime
from relasjon_tui.records.model import TEXT_FIELDS, SessionLog
from relasjon_tui.strings import CATALOGUES, t
from relasjon_tui.ui.display import join, literal, literal_line
from relasjon_tui.ui.keys import quiet_focus


class LogDetailScreen(ModalScreen[str | None]):
    """Dismisses with "edit", "delete" or None."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("e", "choose('edit')", "key_edit", id="detail.edit"),
        Binding("d", "choose('delete')", "key_delete", id="detail.delete"),
        Binding("escape,q", "choose(None)", "key_close", id="detail.close"),
    ]

    def __init__(self, log: SessionLog, measure_title: str) -> None:
        super().__init__()
        self.entry = log
        self.measure_title = measure_title

    def compose(self) -> ComposeResult:
        log = self.entry
        with VerticalScroll(id="log-detail") as box:
            box.border_title = t("detail_title", id=log.id)
            box.border_subtitle = t("detail_keys")
            head = t("detail_head", subject=log.subject, kind=t(f"kind_{log.subject_kind}"),
                     when=format_datetime(log.start), minutes=log.minutes)  # fmt: skip
            yield Static(join([literal_line(head, "bold"), literal_line(self.measure_title, "$text-accent")], "\n"))
            for name in TEXT_FIELDS:
                value = getattr(log, name)
                if value:
                    yield Static(join([literal_line(t(f"field_{name}").capitalize(), "bold $text-secondary"),
                                       literal(value)], "\n"), classes="detail-field")  # fmt: skip
            meta = t("detail_meta", author=log.author or "?",
                     created=format_datetime(log.created) if log.created else "?",
                     updated=format_datetime(log.updated) if log.updated else "?")  # fmt: skip
            yield Static(literal_line(meta, "dim"), classes="detail-field")
            if log.revisions:
                yield Static(literal_line(t("detail_revisions", count=len(log.revisions)), "bold $text-warning"))
            for revision in reversed(log.revisions):
                saved, author = format_datetime(revision.saved), revision.author or "?"
                if revision.replaced is not None:
                    replaced = format_datetime(revision.replaced)
                    head = t("detail_revision_head", saved=saved, author=author, replaced=replaced,
                             replaced_by=revision.replaced_by or "?")  # fmt: skip
                else:
                    head = t("detail_revision_head_unknown", saved=saved, author=author)
                lines: list[Content] = [literal_line(head, "italic")]
                for name, value in revision.values.items():
                    label = t(f"field_{name}") if f"field_{name}" in CATALOGUES["nb"] else name
                    lines.append(join([literal_line(f"{label}: ", "dim"), literal(str(value))]))
                yield Static(join(lines, "\n"), classes="detail-revision")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
