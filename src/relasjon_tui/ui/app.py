"""Provides the Textual app: loads settings, shows the main screen, remembers the theme."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider

from relasjon_tui import paths
from relasjon_tui.content.model import Library
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.store import RecordStore
from relasjon_tui.settings import Settings, load_settings, save_settings
from relasjon_tui.strings import t
from relasjon_tui.textsafe import visible
from relasjon_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from relasjon_tui.records.cases import Case
    from relasjon_tui.records.model import SessionLog
    from relasjon_tui.records.reflection import Meeting
    from relasjon_tui.ui.screens.meetings import MeetingsScreen

_MAX_ERRORS_SHOWN = 5
_AFTER_START_DELAY = 1.0
"""Seconds after mounting before work that can wait is done: the user is reading by then."""


def _guidance_commands() -> type:
    # Imported when the palette first opens, not at start-up.
    from relasjon_tui.ui.commands import GuidanceCommands

    return GuidanceCommands


class RelasjonApp(App[None]):
    """The relasjon-tui application."""

    CSS_PATH = str(paths.stylesheet())
    TITLE = t("app_title")
    SUB_TITLE = t("app_subtitle")
    COMMANDS = App.COMMANDS | {_guidance_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        Binding("question_mark,f1", "help", t("key_help"), id="help"),
        Binding("ctrl+p", "command_palette", t("key_palette"), show=False, id="palette", priority=True),
        Binding("ctrl+q", "quit", t("key_quit"), id="quit", priority=True),
        Binding("ctrl+b", "blank", t("key_blank"), id="blank", priority=True),
    ]

    def __init__(
        self,
        library: Library,
        *,
        store: RecordStore | None = None,
        drafts: DraftStore | None = None,
        settings_path: Path | None = None,
        after_start: Sequence[Callable[[], None]] = (),
    ) -> None:
        super().__init__()
        self.after_start = list(after_start)
        """Work that can wait until the first screen is up (such as writing the content cache)."""
        self.library = library
        self.store = store if store is not None else RecordStore(None)
        self.drafts = drafts if drafts is not None else DraftStore(None)
        self.settings_path = settings_path
        self.settings = Settings()
        self._settings_problem: str | None = None
        if settings_path is not None:
            self.settings, self._settings_problem = load_settings(settings_path)
            # Set before the first frame, so the screen is not drawn twice in two themes.
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme

    def on_mount(self) -> None:
        # `cli.build_app` pauses the garbage collector while the first screen is built.
        self.call_after_refresh(gc.enable)
        if self.after_start:
            self.set_timer(_AFTER_START_DELAY, self._run_after_start)
        if self._settings_problem:
            self.notify_text(t("settings_unreadable", error=self._settings_problem), severity="warning")
        self.theme_changed_signal.subscribe(self, lambda _theme: self._remember_theme())
        self.push_screen(MainScreen(self.library))
        self._report_content_errors()
        for warning in self.store.warnings:
            self.notify_text(warning, severity="warning", timeout=15)
        self._offer_draft()

    def _run_after_start(self) -> None:
        for task in self.after_start:
            task()
        self.after_start.clear()

    def _offer_draft(self) -> None:
        found = self.drafts.load()
        if found is None:
            self._offer_meeting()
            return
        saved, fields = found
        from relasjon_tui.ui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.open_log_form(draft=fields)
            else:
                self.drafts.clear()
                self._offer_meeting()

        question = t("draft_restore_question", when=saved.strftime("%d.%m.%Y %H:%M"))
        self.push_screen(ConfirmScreen(question, default=True), answer)

    def _offer_meeting(self) -> None:
        """A meeting that was never ended (the app closed, the laptop died) is offered back."""
        try:
            meeting = self.store.open_meeting()
        except Exception:  # noqa: BLE001 - the Logg area reports an unreadable file; this offer is optional
            return
        if meeting is None:
            return
        from relasjon_tui.ui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.present_meeting(meeting)

        when = meeting.start.strftime("%d.%m.%Y %H:%M")
        self.push_screen(
            ConfirmScreen(t("meeting_resume_question", title=meeting.title, when=when), default=True), answer
        )

    # Meetings

    def action_meetings(self, initial_document: str | None = None) -> None:
        from relasjon_tui.ui.screens.meetings import MeetingsScreen

        self.push_screen(MeetingsScreen(self.store, initial_document=initial_document))

    def action_new_meeting(self) -> None:
        self.start_meeting_setup()

    def start_meeting_setup(self, initial_document: str | None = None) -> None:
        """The meeting set-up; the meeting starts when it is saved."""
        from relasjon_tui.ui.screens.meeting_setup import MeetingSetupScreen

        def started(meeting: Meeting | None) -> None:
            if meeting is not None:
                self.present_meeting(meeting)

        self.push_screen(MeetingSetupScreen(self.store, self.library, initial_document=initial_document), started)

    def present_meeting(self, meeting: Meeting) -> None:
        """Meeting mode for `meeting`; when it ends, its summary."""
        from relasjon_tui.ui.screens.meeting import MeetingScreen

        def finished(ended: Meeting | None) -> None:
            self._refresh_reflection()
            if ended is not None:
                self.show_meeting_summary(ended)

        self.push_screen(MeetingScreen(self.store, self.library, meeting), finished)

    def show_meeting_summary(self, meeting: Meeting) -> None:
        from relasjon_tui.ui.screens.meetings import MeetingSummaryScreen

        try:
            notes = self.store.meeting_notes(meeting.id or 0)
        except Exception as error:  # noqa: BLE001 - shown; nothing is written here
            self.notify_text(str(error), severity="error")
            return
        self.push_screen(MeetingSummaryScreen(meeting, notes, self.library))

    def on_meetings_screen_chosen(self, message: MeetingsScreen.Chosen) -> None:
        meeting = message.meeting
        if meeting is None:
            self.start_meeting_setup(message.initial_document)
        elif message.export:
            self.export_meeting(meeting)
        elif meeting.is_open:
            self.present_meeting(meeting)
        else:
            self.show_meeting_summary(meeting)

    def export_meeting(self, meeting: Meeting) -> None:
        """Ask where, then write the meeting as Markdown (privately, atomically)."""
        from relasjon_tui.records.export import meeting_to_markdown, write_export
        from relasjon_tui.ui.screens.save_as import SaveAsScreen

        suggested = Path.home() / f"mote-{meeting.id}-{meeting.start.strftime('%Y-%m-%d')}.md"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                notes = {qid: [note] for qid, note in self.store.meeting_notes(meeting.id or 0).items()}
                text = meeting_to_markdown(meeting, notes, self.library.question_labels())
                write_export(path, text.encode("utf-8"))
            except Exception as error:  # noqa: BLE001 - the meeting is safe in the store; say what failed
                self.notify_text(t("export_failed", path=path, error=error), severity="error", timeout=15)
                return
            self.notify_text(t("export_written", path=path))

        self.push_screen(SaveAsScreen(t("export_meeting_title"), suggested), chosen)

    # Cases

    def open_case(self, case: Case | None) -> None:
        """A case's view; for None, the form of a new case first."""
        from dataclasses import replace

        from relasjon_tui.ui.screens.case import CaseScreen
        from relasjon_tui.ui.screens.case_forms import CaseFormScreen

        def closed(_result: None) -> None:
            self._refresh_cases()

        if case is not None:
            self.push_screen(
                CaseScreen(self.store, self.library, case, evaluation_weeks=self.settings.evaluation_weeks), closed
            )
            return

        def created(new: Case | None) -> None:
            if new is None:
                return
            try:
                stored = replace(new, id=self.store.add_case(new))
            except Exception as error:  # noqa: BLE001 - shown; the form's text is lost only if this fails
                self.notify_text(t("case_not_saved", error=error), severity="error", timeout=15)
                return
            self._refresh_cases()
            self.push_screen(
                CaseScreen(self.store, self.library, stored, evaluation_weeks=self.settings.evaluation_weeks), closed
            )

        self.push_screen(CaseFormScreen(self.library, evaluation_weeks=self.settings.evaluation_weeks), created)

    def action_delete_subject(self) -> None:
        """Delete a pupil or group and everything about it, after saying how much goes."""
        from relasjon_tui.ui.screens.confirm import ConfirmScreen
        from relasjon_tui.ui.screens.delete_subject import DeleteSubjectScreen

        def chosen(code: str | None) -> None:
            if not code:
                return
            try:
                counts = self.store.subject_records(code)
            except Exception as error:  # noqa: BLE001 - shown; nothing was deleted
                self.notify_text(str(error), severity="error")
                return
            if not any(counts.values()):
                self.notify_text(t("cli_slett_unknown", code=code), severity="warning")
                return

            def answer(yes: bool | None) -> None:
                if not yes:
                    return
                try:
                    done = self.store.delete_subject(code)
                except Exception as error:  # noqa: BLE001 - the store writes all or nothing
                    self.notify_text(t("delete_subject_failed", error=error), severity="error", timeout=15)
                    return
                draft = self.drafts.load()
                if draft is not None and draft[1].get("subject") == code:
                    self.drafts.clear()
                self.notify_text(t("delete_subject_done", code=code, **done), timeout=10)
                self._refresh_cases()
                for screen in self.screen_stack:
                    if isinstance(screen, MainScreen):
                        screen.refresh_logs()

            self.push_screen(ConfirmScreen(t("delete_subject_question", code=code, **counts)), answer)

        try:
            codes = [subject.code for subject in self.store.subjects()]
        except Exception:  # noqa: BLE001 - suggestions only
            codes = []
        self.push_screen(DeleteSubjectScreen(codes), chosen)

    def action_blank(self) -> None:
        from relasjon_tui.ui.screens.blank import BlankScreen

        if not isinstance(self.screen, BlankScreen):
            self.push_screen(BlankScreen())

    def _refresh_cases(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.refresh_cases()

    def _refresh_reflection(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.refresh_reflection()

    def action_new_log(self) -> None:
        self.open_log_form()

    def open_log_form(self, *, draft: dict[str, str] | None = None, editing: SessionLog | None = None) -> None:
        """The quick-log form, for a new log (optionally from a draft) or to edit one."""
        from relasjon_tui.ui.screens.quick_log import QuickLogScreen, Saved

        if any(isinstance(screen, QuickLogScreen) for screen in self.screen_stack):
            return

        def saved(result: Saved | None) -> None:
            if result is None:
                return
            self.notify_text(t("quicklog_saved", subject=result.subject, when=result.start.strftime("%d.%m %H:%M")))
            for screen in self.screen_stack:
                if isinstance(screen, MainScreen):
                    screen.refresh_logs()

        self.push_screen(QuickLogScreen(self.store, self.library, self.drafts, draft=draft, editing=editing), saved)

    def _report_content_errors(self) -> None:
        errors = self.library.errors
        if not errors:
            return
        details = "\n".join(str(error) for error in errors[:_MAX_ERRORS_SHOWN])
        if len(errors) > _MAX_ERRORS_SHOWN:
            details += "\n…"
        self.notify_text(
            t("content_errors_body", count=len(errors), details=details),
            title=t("content_errors_title"),
            severity="error",
            timeout=30,
        )

    def notify_text(
        self, text: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """Notify with text that is data: literal, controls made visible."""
        self.notify(visible(text), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def _remember_theme(self) -> None:
        if self.settings_path is None or self.theme == self.settings.theme:
            return
        self.settings = self.settings.with_theme(self.theme)
        try:
            save_settings(self.settings_path, self.settings)
        except OSError as error:
            self.notify_text(t("settings_unsaved", error=error), severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(t("cmd_theme"), t("cmd_theme_help"), self.action_change_theme)
        yield SystemCommand(t("cmd_help"), t("cmd_help_help"), self.action_help)
        if isinstance(screen, MainScreen):
            yield SystemCommand(t("cmd_search"), t("cmd_search_help"), screen.action_search)
            yield SystemCommand(t("cmd_new_meeting"), t("cmd_new_meeting_help"), self.action_new_meeting)
            yield SystemCommand(t("cmd_meetings"), t("cmd_meetings_help"), self.action_meetings)
            yield SystemCommand(t("cmd_delete_subject"), t("cmd_delete_subject_help"), self.action_delete_subject)
        yield SystemCommand(t("cmd_blank"), t("cmd_blank_help"), self.action_blank)
        yield SystemCommand(t("cmd_quit"), t("cmd_quit_help"), self.action_quit)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette_placeholder"), id="--command-palette"))

    def action_change_theme(self) -> None:
        from textual.command import CommandPalette

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("theme_placeholder")))

    def action_help(self) -> None:
        from relasjon_tui.ui.screens.help import HelpScreen, describe_bindings

        if isinstance(self.screen, HelpScreen):
            return
        local, everywhere = describe_bindings(self, self.active_bindings)
        self.push_screen(HelpScreen(getattr(self.screen, "help_area", ""), local, everywhere))

    def _fatal_error(self) -> None:
        # Textual's default prints a traceback with local variables, which could put
        # pupils' notes on a shared screen. Print one line instead (RELASJON_DEBUG=1 for the full one).
        if os.environ.get("RELASJON_DEBUG"):
            super()._fatal_error()
            return

        error = sys.exc_info()[1]
        self.bell()
        self._exit_renderables.append(visible(t("cli_crash", error=type(error).__name__ if error else "?")))
        self._close_messages_no_wait()
