"""Provides the Textual app: loads settings, shows the main screen, remembers the theme."""

from __future__ import annotations

import gc
import inspect
import os
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider

from relasjon_tui import paths
from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_datetime
from relasjon_tui.fsutil import os_reason
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.settings import Settings, load_settings, save_settings
from relasjon_tui.strings import set_language, t
from relasjon_tui.textsafe import visible
from relasjon_tui.ui.case_flow import CaseFlow
from relasjon_tui.ui.key_order import KeyOrder
from relasjon_tui.ui.log_flow import LogFlow
from relasjon_tui.ui.meeting_flow import MeetingFlow
from relasjon_tui.ui.messages import LeaveCase, NotifyText, OpenLogForm, RecordsChanged
from relasjon_tui.ui.screens.main import MainScreen
from relasjon_tui.ui.stylesheet_cache import ShippedStylesheet

if TYPE_CHECKING:
    from relasjon_tui.records.cases import Case
    from relasjon_tui.records.drafts import Draft
    from relasjon_tui.records.model import SessionLog
    from relasjon_tui.records.storage import DataFileError
    from relasjon_tui.records.store import RecordStore
    from relasjon_tui.ui.screens.meetings import MeetingsScreen
    from relasjon_tui.ui.widgets.cases_pane import CasesPane
    from relasjon_tui.ui.widgets.log_pane import LogPane
    from relasjon_tui.ui.widgets.reflection_pane import ReflectionPane

_MAX_ERRORS_SHOWN = 5
_WATCH_EVERY = 1.0
"""Seconds between looks (a stat) at whether another process saved the records."""
_AFTER_START_DELAY = 1.0
"""Seconds after mounting before work that can wait is done: the user is reading by then."""


def _guidance_commands() -> type:
    # Imported when the palette first opens, not at start-up.
    from relasjon_tui.ui.commands import GuidanceCommands

    return GuidanceCommands


class RelasjonApp(App[None]):
    """The relasjon-tui application: owns the store, the drafts and the settings, and handles the
    requests screens and widgets send (ui/messages.py) in one place."""

    CSS_PATH = str(paths.stylesheet())
    COMMANDS = App.COMMANDS | {_guidance_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        Binding("question_mark,f1", "help", "key_help", id="help"),
        Binding("ctrl+p", "command_palette", "key_palette", show=False, id="palette", priority=True),
        Binding("ctrl+q", "quit", "key_quit", id="quit", priority=True),
        Binding("ctrl+b", "blank", "key_blank", id="blank", priority=True),
    ]

    def __init__(
        self,
        library: Library,
        *,
        store: RecordStore | None = None,
        data_file: Path | None = None,
        drafts: DraftStore | None = None,
        settings_path: Path | None = None,
        after_start: Sequence[Callable[[], None]] = (),
        lang: str | None = None,
    ) -> None:
        """`store`: records already open; else `data_file` is opened once the first screen is up
        (neither: records in memory only). `lang` (nb, nn, en) overrides the settings' language;
        without either the current one stays."""
        settings, settings_problem = load_settings(settings_path) if settings_path is not None else (Settings(), None)
        language = lang or settings.language
        if language:
            set_language(language)
            if settings_path is not None:  # read again, so a problem in it is told in the chosen language
                settings, settings_problem = load_settings(settings_path)
        super().__init__()
        # The same variables, the rules parsed when the package was built (ui/stylesheet_cache.py).
        self.stylesheet = ShippedStylesheet(variables=self.stylesheet._variables)
        self.title = t("app_title")
        self.sub_title = t("app_subtitle")
        self.after_start = list(after_start)
        """Work that can wait until the first screen is up (such as writing the content cache)."""
        self.library = library
        self._store = store
        self._data_file = data_file
        self.drafts = drafts if drafts is not None else DraftStore(None)
        self.settings_path = settings_path
        self.main_screen = MainScreen(library, self.drafts)
        self.log_flow = LogFlow(self)
        self.case_flow = CaseFlow(self)
        self.meeting_flow = MeetingFlow(self)
        self.key_order = KeyOrder(self)
        """Keys and pastes are handled one after the other, so a burst loses nothing typed."""
        self.settings = settings
        self._settings_problem = settings_problem
        self._acted = False
        """Whether the user has pressed, clicked or pasted anything since the start."""
        self.stop_message: str | None = None
        """Why the app closed itself (a data file it cannot use), for `relasjon` to print."""
        self._tried_backups: dict[Path, str] = {}
        """Backups taken for a damaged file this session (never offered twice), each with why it
        could not be used ("" for one put in place)."""
        self._questions_asked = 0
        """How many questions the app has asked by itself (`ask`)."""
        self._seen_version: object = None
        """The records on disk as last shown (`RecordStore.data_version`)."""
        if settings_path is not None:
            # Set before the first frame, so the screen is not drawn twice in two themes.
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme

    @property
    def store(self) -> RecordStore:
        """The records. Opened with the first screen up (`_read_records`): the records package
        is a third of the app's own imports (60 ms), and the first screen shows no record."""
        if self._store is None:
            from relasjon_tui.records.store import RecordStore

            self._store = RecordStore(self._data_file)
        return self._store

    def close_store(self) -> None:
        """Close the records if they were opened (folds the journal into the data file)."""
        if self._store is not None:
            self._store.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self._acted = True
        if self.key_order.hold(event):
            return
        await super().on_event(event)

    def get_default_screen(self) -> MainScreen:
        # The main screen is the bottom of the stack: pushed over Textual's blank default screen,
        # it was laid out and painted in full inside the start-up batch (output thrown away), then
        # again. Its width's class is set here, before its first frame, not on its first Resize.
        self.main_screen.set_width_class(self.size.width)
        return self.main_screen

    def on_mount(self) -> None:
        if self.after_start:
            self.set_timer(_AFTER_START_DELAY, self._run_after_start)
        if self._settings_problem:
            self.notify_text(t("settings_unreadable", error=self._settings_problem), severity="warning")
        self.theme_changed_signal.subscribe(self, lambda _theme: self._remember_theme())
        self._report_content_errors()
        # The records are read once the guidance is on screen: read first, 10 000 logs held
        # the first frame back by 0.2 s (100 000 by 2 s), for a screen that shows none of them.
        self.call_after_refresh(self._read_records)

    async def _read_records(self) -> None:
        """Open and read the data file, then start what needs the records; a damaged file is asked about."""
        from relasjon_tui.records.storage import DataFileError

        if self.settings_path is not None:
            # The school's own holidays count planned sessions: wanted with the records, and
            # the calendar's module (with its table of public holidays) not before.
            from relasjon_tui.records.calendar import set_school_calendar

            set_school_calendar(self.settings.calendar)
        try:
            self.store.check_readable()
        except DataFileError as error:
            self._damaged_file(error)
            return
        except OSError as error:
            path = self._store.path if self._store is not None else self._data_file
            self._stop(t("cli_store_failed", path=path, error=os_reason(error)))
            return
        finally:
            if not gc.isenabled():
                # `cli.build_app` paused the collector for the start. The records just read (a
                # million objects at 10 000 logs) and the guidance live as long as the app and
                # hold no cycles: frozen, the collector's full scans skip them (50 ms and more
                # each, at random moments while typing). With `build_app`, the one place the app
                # tunes the collector.
                gc.freeze()
                gc.enable()
        for warning in self.store.warnings:
            self.notify_text(warning, severity="warning", timeout=15)
        self._seen_version = self._records_version()
        self.set_interval(_WATCH_EVERY, self._watch_records)
        if self.store.path is not None:  # verified only once the file itself could be read
            self.set_timer(_AFTER_START_DELAY, self._start_history_check)
        # The gate stays shut until it is known whether a question comes (a draft left by a
        # crash): a key let through while Saker was built reached the question as it came up.
        asked = self._questions_asked
        await self.main_screen.records_read(start_on_cases=not self._acted)
        self._offer_draft()
        if self._questions_asked == asked:
            self.key_order.open()

    def _damaged_file(self, error: DataFileError) -> None:
        """The file cannot be trusted (it is left as it is): offer the newest backup not yet
        tried, or close. A backup that is damaged too is said so, and the next older offered."""
        from relasjon_tui.records.storage import DataFileError, backup_problem, restore_backup

        # Only a backup that can be read is offered: one damaged too is named in the question.
        offered = None
        for candidate in (backup for backup in error.backups if backup not in self._tried_backups):
            why = backup_problem(candidate)
            if why is None:
                offered = candidate
                break
            self._tried_backups[candidate] = t("app_backup_damaged", backup=candidate, reason=why)
        # In the dialog and on the terminal, not in a notice: one over the dialog hid its keys,
        # and one raised as the app closes is never seen.
        failed = [why for why in self._tried_backups.values() if why]
        problem = "\n".join([t("cli_data_file_bad", path=error.path, reason=error.reason), *failed])
        if offered is None:
            unreadable = t("app_no_backup_readable") + "\n" if self._tried_backups else ""
            self._stop(f"{problem}\n{unreadable}{t('app_stopped_damaged')}")
            return
        backup = offered
        question = "app_restore_question" if backup == error.backups[0] else "app_restore_older_question"

        async def answer(yes: bool | None) -> None:
            if not yes:
                self._stop(f"{problem}\n{t('app_stopped_damaged')}")
                return
            self._tried_backups[backup] = ""
            try:
                kept = restore_backup(error.path, backup)
            except DataFileError as bad:
                self._tried_backups[backup] = t("app_backup_damaged", backup=backup, reason=bad.reason)
                self._damaged_file(error)
                return
            except OSError as failure:
                self._stop(t("cli_store_failed", path=error.path, error=os_reason(failure)))
                return
            self.notify_text(t("app_restored", backup=backup.name, kept=kept), timeout=20)
            await self._read_records()

        self.ask(t(question, problem=problem, backup=backup), answer)

    def ask(
        self,
        question: str,
        answer: Callable[[bool | None], None] | Callable[[bool | None], Awaitable[None]],
        *,
        default: bool = False,
    ) -> None:
        """A yes/no question the app asks by itself (not in answer to a key): only keys typed
        once it is on screen answer it. A key held through the start (`j` is «ja»), or a
        second «j» after the last answer, would otherwise restore a backup or throw a draft
        away unread."""
        from relasjon_tui.ui.screens.confirm import ConfirmScreen

        async def answered(yes: bool | None) -> None:
            self.key_order.open()  # open already, unless the question went before its first frame
            result = answer(yes)
            if inspect.isawaitable(result):
                await result

        self._questions_asked += 1
        self.key_order.close()
        self.push_screen(ConfirmScreen(question, default=default), answered)
        self.call_after_refresh(self.key_order.open, drop_held=True)

    def _stop(self, message: str) -> None:
        """Close the app; `relasjon` says why on the terminal once the screen is restored."""
        self.stop_message = message
        self.key_order.open()
        self.exit(return_code=1)

    def _start_history_check(self) -> None:
        self.run_worker(self._check_history, thread=True, name="history")

    def _check_history(self) -> None:
        """Warn if the history shows changes made outside the app.

        Verifying hashes every record of the file: at 100 000 logs that is a second of work,
        which here would hold the interpreter (and every key) for that second. So it runs in a
        process of its own (`relasjon sjekk --historikk`), on another core; this thread only waits.
        """
        import subprocess

        from textual.worker import get_current_worker

        worker = get_current_worker()
        command = [sys.executable, "-m", "relasjon_tui", "--data", str(self.store.path), "sjekk", "--historikk"]
        try:
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)  # fmt: skip
        except OSError:
            return  # no check this time; `relasjon sjekk` still says it all
        while True:
            try:
                code = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if worker.is_cancelled:  # the app is closing
                    child.kill()
                    child.wait()
                    return
        if code == 1:
            self.call_from_thread(self.notify_text, t("history_notice"), severity="warning", timeout=15)

    def _run_after_start(self) -> None:
        for task in self.after_start:
            task()
        self.after_start.clear()

    def _offer_draft(self) -> None:
        """Offer back, one at a time, each form's draft left by a crash; then an unfinished meeting."""
        drafts = self.drafts.all()
        if not drafts:
            self.meeting_flow.offer_unfinished()
            return
        draft = drafts[-1]  # the newest first; the next after a «no», or at the next start after a «yes»

        def answer(yes: bool | None) -> None:
            if yes and self._reopen_draft(draft):
                return
            # Thrown away, or about a record that no longer exists (deleted since).
            self.drafts.clear(draft.form, draft.context)
            self._offer_draft()

        title = draft.title or t("draft_title_log")
        self.ask(t("draft_restore_question", what=title, when=format_datetime(draft.saved)), answer, default=True)

    def _reopen_draft(self, draft: Draft) -> bool:
        """Open the form the draft came from, with its text; False if what it was about is gone."""
        context, fields = draft.context, draft.fields
        number = context.get("log") or context.get("case")
        if number is not None and not (number.isascii() and number.isdigit()):
            return False
        if draft.form == "logg":
            editing = self.store.get_log(int(number)) if number else None
            if number and editing is None:
                return False
            self.open_log_form(restore=fields, editing=editing)
        elif draft.form == "mote":
            self.meeting_flow.start_setup(restore=fields)
        elif draft.form == "notat":
            if self.library.question(context.get("question", "")) is None:
                return False
            self.main_screen.open_question(context["question"], resume=draft)
        elif draft.form in ("sak", "tiltak", "evaluering", "oppforing", "arkivert"):
            case = self.store.get_case(int(number)) if number else None
            if number and case is None:
                return False
            self.case_flow.open_case(case, resume=draft)
        else:
            return False
        return True

    def action_blank(self) -> None:
        from relasjon_tui.ui.screens.blank import BlankScreen

        if not isinstance(self.screen, BlankScreen):
            self.push_screen(BlankScreen())

    def action_new_log(self) -> None:
        self.open_log_form()

    def action_delete_subject(self) -> None:
        self.case_flow.delete_subject()

    def action_meetings(self, initial_document: str | None = None) -> None:
        self.meeting_flow.show_list(initial_document)

    def action_new_meeting(self) -> None:
        self.meeting_flow.start_setup()

    def records_changed(self, *tables: str) -> None:
        """Tell the areas that records of `tables` changed (none given: anything may have)."""
        self._seen_version = self._records_version()  # our own save: the watch need not report it
        self.main_screen.post_message(RecordsChanged(frozenset(tables) if tables else None))

    def _records_version(self) -> object:
        from relasjon_tui.records.when import local_now

        # The day too: what is overdue, or «this week», changes at midnight without a save.
        try:
            return (self.store.data_version(), local_now().date())
        except OSError:
            return None

    def _watch_records(self) -> None:
        """A colleague's save (another process on the same file) appears in the open views: the
        areas reload, and so does the screen on top (a case, a meeting) if it shows records."""
        if not self.screen_stack:
            return  # the app is closing: Textual has taken its screens down, the timer not yet
        version = self._records_version()
        if version == self._seen_version:
            return
        self._seen_version = version
        self.main_screen.post_message(RecordsChanged())
        if self.screen is not self.main_screen:
            self.screen.post_message(RecordsChanged())

    # Requests from screens and widgets

    def on_open_log_form(self, message: OpenLogForm) -> None:
        self.open_log_form(prefill=message.prefill, editing=message.editing)

    def on_notify_text(self, message: NotifyText) -> None:
        self.notify_text(message.text, title=message.title, severity=message.severity, timeout=message.timeout)

    def on_log_pane_show_log(self, message: LogPane.ShowLog) -> None:
        self.log_flow.show(message.log, message.measure_title)

    def on_log_pane_delete_log(self, message: LogPane.DeleteLog) -> None:
        self.log_flow.delete(message.log)

    def on_cases_pane_open_case(self, message: CasesPane.OpenCase) -> None:
        self.case_flow.open_case(message.case)

    def on_cases_pane_delete_subject(self) -> None:
        self.case_flow.delete_subject()

    def on_reflection_pane_open_meetings(self, message: ReflectionPane.OpenMeetings) -> None:
        self.meeting_flow.show_list(message.document_id)

    def on_meetings_screen_chosen(self, message: MeetingsScreen.Chosen) -> None:
        self.meeting_flow.chosen(message)

    async def on_leave_case(self, message: LeaveCase) -> None:
        await self.case_flow.leave_case(message)

    def open_case(self, case: Case | None, *, resume: Draft | None = None) -> None:
        """A case's view; for None, the form of a new case first (see `CaseFlow.open_case`)."""
        self.case_flow.open_case(case, resume=resume)

    def open_log_form(
        self,
        *,
        prefill: dict[str, str] | None = None,
        restore: dict[str, str] | None = None,
        editing: SessionLog | None = None,
    ) -> None:
        """The quick-log form (see `LogFlow.open_form`)."""
        self.log_flow.open_form(prefill=prefill, restore=restore, editing=editing)

    def _report_content_errors(self) -> None:
        errors = self.library.errors
        if not errors:
            return
        details = "\n".join(str(error) for error in errors[:_MAX_ERRORS_SHOWN])
        if len(errors) > _MAX_ERRORS_SHOWN:
            details += "\n…"
        self.notify_text(
            t("content_errors_body", count=len(errors), details=details) + "\n" + t("content_errors_more"),
            title=t("content_errors_title"),
            severity="error",
            timeout=30,
        )

    def action_content_problems(self) -> None:
        """Every problem of every content file, in a panel (the notice at start shows only the first few)."""
        from relasjon_tui.ui.screens.content_problems import ContentProblemsScreen

        self.push_screen(ContentProblemsScreen(self.library.errors))

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
        if self.library.errors:
            yield SystemCommand(t("cmd_content_problems"), t("cmd_content_problems_help"),
                                self.action_content_problems)  # fmt: skip
        yield SystemCommand(t("cmd_blank"), t("cmd_blank_help"), self.action_blank)
        yield SystemCommand(t("cmd_quit"), t("cmd_quit_help"), self.action_quit)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
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
