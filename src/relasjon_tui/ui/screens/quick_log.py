"""Provides the quick-log form: `n`, a note, `ctrl+s`. Also used to edit a log.

Everything typed is kept as a private draft on disk while the form is open, so a dropped
SSH connection or a closed laptop loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static, TextArea

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_datetime
from relasjon_tui.records.cases import consent_not_given
from relasjon_tui.records.conflicts import Conflict, StaleRecord
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.model import SessionLog, SubjectKind, ValidationError, looks_like_name, validate_log
from relasjon_tui.records.storage import DataFileError
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import WhenError, describe_when, local_now, parse_when
from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal_line
from relasjon_tui.ui.messages import notify_text
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.conflict import ConflictScreen
from relasjon_tui.ui.screens.form import FormScreen
from relasjon_tui.ui.widgets.steady import SteadyInput

TEXT_INPUTS = ("activity", "positive", "pupil_words", "next_step")


def _field_text(log: SessionLog, name: str) -> str:
    value = getattr(log, name)
    if name == "start":
        return format_datetime(value)
    return str(value)


class SubjectInput(SteadyInput):
    """The code field: `tab` completes a known code and goes on to the note."""

    BINDINGS = [Binding("tab", "screen.to_note", "key_to_note", show=False, id="quicklog.to_note")]


@dataclass(frozen=True)
class Saved:
    """What the form saved: the log's id, subject and start, for the confirmation."""

    log_id: int
    subject: str
    start: datetime


class QuickLogScreen(FormScreen[Saved]):
    """A new session log, or an edit of `editing` (whose old text is kept as a revision).

    `prefill` gives a new log's first values (the case view fills in its code and measure);
    `restore` puts back a draft's text, which counts as typed.
    """

    DRAFT_FORM = "logg"
    ERRORS_SELECTOR = "#quick-log-errors"

    def __init__(
        self,
        store: RecordStore,
        library: Library,
        drafts: DraftStore,
        *,
        prefill: dict[str, str] | None = None,
        restore: dict[str, str] | None = None,
        editing: SessionLog | None = None,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        editing_id = editing.id if editing is not None else None
        if editing_id is not None:
            context, title = {"log": str(editing_id)}, t("draft_title_log_edit", number=editing_id)
        else:
            context, title = {}, t("draft_title_log")
        super().__init__(drafts=drafts, draft_context=context, draft_title=title, restore=restore, now=now)
        self.store = store
        self.library = library
        self.editing = editing
        self._measure_chosen = False
        known = {doc.id for doc in library.measures}
        self._kept_measure = editing.measure if editing is not None and editing.measure not in known else ""
        self.initial = self._initial_fields(prefill)

    def _default_minutes(self, measure_id: str) -> str:
        doc = self.library.document(measure_id)
        span = doc.cadence.session_minutes if doc else None
        return str(span.middle) if span else ""

    def _initial_fields(self, prefill: dict[str, str] | None) -> dict[str, str]:
        if self.editing is not None:
            log = self.editing
            fields = {
                "subject": log.subject, "kind": log.subject_kind, "measure": log.measure,
                "minutes": str(log.minutes), "when": log.start.strftime("%Y-%m-%d %H:%M"), "note": log.note,
            }  # fmt: skip
            fields.update({name: getattr(log, name) for name in TEXT_INPUTS})
            return fields
        latest = self.store.latest_log()
        measures = self.library.measures
        # The first log ever: the first measure that consists of sessions, with its usual length.
        with_sessions = [doc.id for doc in measures if doc.cadence.session_minutes is not None]
        first = with_sessions[0] if with_sessions else (measures[0].id if measures else "")
        measure = latest.measure if latest else first
        fields = {
            "subject": latest.subject if latest else "", "kind": latest.subject_kind if latest else "elev",
            "measure": measure, "minutes": self._default_minutes(measure), "when": "", "note": "",
        }  # fmt: skip
        fields.update(dict.fromkeys(TEXT_INPUTS, ""))
        if prefill:
            fields.update({key: value for key, value in prefill.items() if key in fields})
        return fields

    def compose(self) -> ComposeResult:
        f = self.initial
        codes = [subject.code for subject in self.store.subjects()]
        measures = [(literal_line(doc.title), doc.id) for doc in self.library.measures]
        if self._kept_measure:
            # A log of a school's measure whose folder is not loaded today: shown by its id, kept.
            kept = t("quicklog_measure_not_loaded", measure=self._kept_measure)
            measures.append((literal_line(kept), self._kept_measure))
        with VerticalScroll(id="quick-log") as form:
            form.border_title = t("quicklog_edit_title" if self.editing else "quicklog_title")
            form.border_subtitle = t("quicklog_keys")
            with Horizontal(classes="form-row"):
                yield Label(t("quicklog_subject"), classes="form-label")
                yield SubjectInput(
                    f["subject"], placeholder=t("quicklog_subject_placeholder"), id="subject", compact=True,
                    suggester=SuggestFromList(codes, case_sensitive=False), max_length=20,
                )  # fmt: skip
                yield Select(
                    [(t("kind_elev"), "elev"), (t("kind_gruppe"), "gruppe")], value=f["kind"], allow_blank=False,
                    id="kind", compact=True,
                )  # fmt: skip
            with Horizontal(classes="form-row"):
                yield Label(t("quicklog_measure"), classes="form-label")
                value = f["measure"] if any(m == f["measure"] for _, m in measures) else Select.NULL
                yield Select(measures, value=value, prompt=t("quicklog_measure_prompt"), id="measure", compact=True)
            with Horizontal(classes="form-row"):
                yield Label(t("quicklog_minutes"), classes="form-label")
                yield SteadyInput(f["minutes"], id="minutes", compact=True, type="integer", max_length=3)
                yield Label(t("quicklog_when"), classes="form-label-inline")
                yield SteadyInput(f["when"], placeholder=t("quicklog_when_placeholder"), id="when", compact=True)
            yield Static(id="when-reading")
            with Horizontal(classes="form-row form-note"):
                yield Label(t("quicklog_note"), classes="form-label")
                yield TextArea(f["note"], id="note", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            for name in TEXT_INPUTS:
                with Horizontal(classes="form-row"):
                    yield Label(t(f"quicklog_{name}"), classes="form-label")
                    yield SteadyInput(f[name], id=name, compact=True, max_length=1000)
            yield Static(literal_line(t("quicklog_privacy"), "dim italic"), id="quick-log-hint")
            yield Static(id="quick-log-errors")

    @on(Input.Changed, "#when")
    def _show_reading(self) -> None:
        """How the time is read, beside the field while typing: «= tirsdag 01.12 kl. 14:30»."""
        text = self.query_one("#when", Input).value
        now = self.now()
        reading = self.query_one("#when-reading", Static)
        try:
            if self.editing is not None and text == self.initial["when"]:
                when = self.editing.start
            else:
                when = parse_when(text, now)
        except WhenError as error:
            # The first part only («Forstår ikke tidspunktet «x»»): the examples are in the placeholder,
            # and a long line here would push the form off an 80×24 screen.
            message = str(error).split(";")[0]
            reading.update(literal_line(message[:1].upper() + message[1:], "$text-warning"))
            return
        reading.update(literal_line(describe_when(when, now), "$text-secondary"))

    def on_mount(self) -> None:
        self._show_reading()
        if not self.initial["subject"]:
            self.query_one("#subject", Input).focus()  # the first log: the code first, then tab to the note
            return
        note = self.query_one("#note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    def action_to_note(self) -> None:
        """From the code straight to the note (the fields between are for the rarer cases; shift+tab reaches them)."""
        subject = self.query_one("#subject", Input)
        subject.value = self._complete_code(subject.value.strip())
        note = self.query_one("#note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    @on(Select.Changed, "#measure")
    def _measure_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        minutes = self.query_one("#minutes", Input)
        if not minutes.value.strip() or not self._measure_chosen:
            default = self._default_minutes(str(event.value))
            if default:
                minutes.value = default
        self._measure_chosen = True

    @on(Input.Blurred, "#subject")
    def _subject_left(self, event: Input.Blurred) -> None:
        # A known subject brings back its latest measure, unless the user picked one here.
        if self.editing is not None or self._measure_chosen:
            return
        latest = self.store.latest_log(subject=event.value.strip())
        if latest is not None:
            with self.prevent(Select.Changed):
                self.query_one("#measure", Select).value = latest.measure
                self.query_one("#kind", Select).value = latest.subject_kind
            self.query_one("#minutes", Input).value = (
                self._default_minutes(latest.measure) or self.query_one("#minutes", Input).value
            )

    # Saving

    def _complete_code(self, typed: str) -> str:
        """A known code as typed in any case («ab» is AB), or the one known code it begins («7b» is 7B-gr1)."""
        if not typed:
            return typed
        codes = [subject.code for subject in self.store.subjects()]
        folded = typed.casefold()
        exact = [code for code in codes if code.casefold() == folded]
        if exact:
            return exact[0]
        starting = [code for code in codes if code.casefold().startswith(folded)]
        return starting[0] if len(starting) == 1 else typed

    def _known_code(self, typed: str) -> str:
        """The stored spelling of a code typed in another case («ab» is AB), or the code as typed."""
        folded = typed.casefold()
        for subject in self.store.subjects():
            if subject.code.casefold() == folded:
                return subject.code
        return typed

    def _build(self, confirmed: frozenset[str]) -> SessionLog | None:
        values = self.form_values()
        now = self.now()
        problems: list[str] = []
        try:
            minutes = int(values["minutes"])
        except ValueError:
            problems.append(t("quicklog_minutes_number"))
            minutes = 0
        try:
            if self.editing is not None and values["when"] == self.initial["when"]:
                start = self.editing.start  # shown to the minute; unchanged means unchanged
            else:
                start = parse_when(values["when"], now)
        except WhenError as error:
            problems.append(t("cli_bad_time", error=error))
            start = now
        texts: dict[str, Any] = {name: values[name] for name in TEXT_INPUTS}
        subject = self._known_code(values["subject"].strip())
        if self.editing is not None:
            log = self.editing.edited(
                now, default_author(), subject=subject, subject_kind=values["kind"],
                measure=values["measure"], minutes=minutes, start=start, note=values["note"], **texts,
            )  # fmt: skip
        else:
            log = SessionLog(
                subject=subject, subject_kind=cast(SubjectKind, values["kind"]), measure=values["measure"],
                start=start, minutes=minutes, note=values["note"], author=default_author(), created=now, updated=now,
                **texts,
            )  # fmt: skip
        try:
            known = {doc.id for doc in self.library.measures} | ({self._kept_measure} if self._kept_measure else set())
            validate_log(log, known, now, allow_future="future" in confirmed)
        except ValidationError as error:
            if error.future and not problems and len(error.problems) == 1:
                self._ask("future", error.problems[0] + "\n" + t("quicklog_future_question"), confirmed)
                return None
            problems.extend(error.problems)
        if problems:
            self.show_problems(problems)
            return None
        return log

    def _questions(self, log: SessionLog) -> list[tuple[str, str]]:
        """What must be asked before `log` is saved: a code never used before, a measure without consent."""
        questions: list[tuple[str, str]] = []
        if log.subject not in {subject.code for subject in self.store.subjects()}:
            if looks_like_name(log.subject):
                questions.append(("name-like", t("quicklog_name_like", code=log.subject)))
            else:
                questions.append(("new-code", t(f"quicklog_new_code_{log.subject_kind}", code=log.subject)))
        doc = self.library.document(log.measure)
        if doc is not None and doc.cadence.consent:
            missing = consent_not_given(self.store.cases(), log.subject, log.measure, doc.cadence.consent)
            if missing:
                case, planned = missing[0]
                questions.append(("consent", t(
                    "quicklog_consent_question", number=case.id, measure=doc.title,
                    pupil=t(f"consent_status_{planned.consent_pupil}"),
                    parents=t(f"consent_status_{planned.consent_parents}"),
                )))  # fmt: skip
        return questions

    def _ask(self, step: str, question: str, confirmed: frozenset[str]) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._save(confirmed | {step})

        # A new code is the usual first log: Enter says yes. A future time or missing consent: Enter says no.
        self.app.push_screen(ConfirmScreen(question, default=step == "new-code"), answer)

    def action_save(self) -> None:
        self._save(frozenset())

    def _resolve(self, conflict: Conflict[SessionLog], mine: SessionLog, confirmed: frozenset[str]) -> None:
        """Someone else changed or deleted the log since this form opened it: never overwrite silently."""
        assert self.editing is not None
        if conflict.current is None:

            def again(yes: bool | None) -> None:
                if yes:  # theirs is gone: mine becomes a new log
                    self.editing = None
                    self._save(confirmed)

            self.app.push_screen(ConfirmScreen(t("conflict_deleted_question")), again)
            return
        theirs = conflict.current
        names = [n for n in ("subject", "measure", "start", "minutes", "note", *TEXT_INPUTS)
                 if getattr(theirs, n) != getattr(mine, n)]  # fmt: skip

        def shown(log: SessionLog) -> str:
            return "\n".join(f"{t(f'conflict_field_{n}')}: {_field_text(log, n)}" for n in names) or t("conflict_same")

        def chosen(choice: str | None) -> None:
            if choice == "theirs":
                self._discard(True)
                notify_text(self, t("conflict_took_theirs"))
            elif choice == "mine":
                # On top of theirs: their text is kept as the earlier version, with who and when.
                self.editing = theirs
                self._save(confirmed)
            elif choice == "merge":
                self.editing = theirs
                merged = {n: f"{getattr(theirs, n)}\n{getattr(mine, n)}".strip() for n in ("note", *TEXT_INPUTS)
                          if n in names}  # fmt: skip
                self.apply_values(merged)
                self.show_problems([t("conflict_merge_hint")])

        who = theirs.author or "?"
        self.app.push_screen(ConflictScreen(t("conflict_question", who=who), who, shown(theirs), shown(mine)), chosen)

    def _save(self, confirmed: frozenset[str]) -> None:
        log = self._build(confirmed)
        if log is None:
            return
        try:
            pending = [(step, text) for step, text in self._questions(log) if step not in confirmed]
        except (OSError, DataFileError) as error:
            self.show_problems([str(error)])
            return
        if pending:
            self._ask(*pending[0], confirmed)
            return
        try:
            if self.editing is not None:
                # Only over the version this form opened (checked in the same locked write).
                self.store.replace_log(log, expected=self.editing)
                log_id = self.editing.id or 0
            else:
                log_id = self.store.add_log(log)
        except StaleRecord as changed:
            self.save_draft()
            theirs = changed.current if isinstance(changed.current, SessionLog) else None
            self._resolve(Conflict("changed" if theirs else "deleted", theirs), log, confirmed)
            return
        except (OSError, DataFileError) as error:
            # Nothing typed is lost: the form stays open and the draft stays on disk.
            self.save_draft()
            self.show_problems([str(error)])
            return
        self.finish(Saved(log_id, log.subject, log.start))
