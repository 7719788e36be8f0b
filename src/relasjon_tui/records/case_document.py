"""Provides the case document for the archive and for Statsforvalteren: one dated, signed chronology
of a case, built once as blocks and written as Markdown (UTF-8 text) or PDF from the same blocks,
so the two always say the same.

What it holds, in order: the exemption marking (offentleglova § 13 jf. forvaltningsloven § 13
første ledd nr. 1), school and unit, case number, title, who it concerns, who created it and
when, who exported it and when, its state (open, closed, archived with reference); the plan with
the five items of opplæringslova § 12-4 and what is missing; the pupil's voice (the pupil's view,
each hearing, the best-interest assessment, and where the voice is missing); progress per
measure; every change to the plan (who, when, what it said before); and every session log,
evaluation and dated entry in time order with its author.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from relasjon_tui.dates import format_date, format_datetime, format_period
from relasjon_tui.records.cases import (
    PLAN_FIELDS,
    VOICE_KINDS,
    Case,
    missing_items,
    missing_voice,
    progress,
)
from relasjon_tui.records.export import Pseudonymiser
from relasjon_tui.records.model import SessionLog
from relasjon_tui.strings import t
from relasjon_tui.textsafe import visible

LOG_PARTS = ("activity", "note", "positive", "pupil_words", "next_step")
BlockKind = Literal["heading1", "heading2", "heading3", "line", "strong", "quote", "item"]


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the document. `text` is plain (user text is never markup here); the
    Markdown writer escapes it, the PDF writer draws it as it is."""

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Who exports, and where: the document's head."""

    exported_by: str
    exported_at: datetime
    school: str = ""
    unit: str = ""


def _on_day(day: date, written: datetime | None) -> datetime:
    """When something dated `day` happened, for the chronology: the time it was written if that
    was the same day, else midday (it is placed by its day, not by when it was entered)."""
    if written is not None and written.date() == day:
        return written
    zone = written.tzinfo if written is not None else None
    moment = datetime.combine(day, time(12, 0), tzinfo=zone)
    return moment if zone is not None else moment.astimezone()


def case_blocks(
    case: Case,
    logs: Sequence[SessionLog],
    measure_titles: Mapping[str, str],
    facts: Facts,
    *,
    pseudonym: bool = False,
    other_codes: Iterable[str] = (),
) -> list[Block]:
    """The whole document as blocks. With `pseudonym`, every mention of the case's codes and of
    `other_codes` (give every code of the store) is replaced by a neutral label, and it says so."""
    rename: Callable[[str], str] = Pseudonymiser(case.subjects, other_codes) if pseudonym else str
    out: list[Block] = []

    def add(kind: BlockKind, text: str) -> None:
        out.append(Block(kind, visible(text)))

    def user(text: str) -> None:
        for line in (rename(text).splitlines() or [""]):
            add("quote", line)

    def title_of(measure: str, local: str = "") -> str:
        return rename(local) if local else measure_titles.get(measure, measure)

    add("strong", t("doc_exempt"))
    if pseudonym:
        add("strong", t("md_pseudonymised"))
    add("heading1", t("doc_title", id=case.id if case.id is not None else "?", title=rename(case.title)))
    add("line", t("doc_school", school=facts.school or t("doc_not_set"), unit=facts.unit or t("doc_not_set")))
    shown = [rename(code) for code in case.subjects]
    add("line", t("md_case_subjects", subjects=", ".join(shown)))
    created = format_datetime(case.created) if case.created else "?"
    # The author field is the last editor's; the first earlier version names who wrote the case.
    creator = case.revisions[0].author if case.revisions else case.author
    add("line", t("doc_created", author=rename(creator) or "?", when=created))
    add("line", t("doc_exported", author=facts.exported_by, when=format_datetime(facts.exported_at)))
    if case.archived:
        add("line", t("doc_archived", when=format_date(case.archived), ref=case.archive_ref or "?"))
    elif case.closed:
        add("line", t("md_case_closed", when=format_date(case.closed)))
    else:
        add("line", t("md_case_open"))

    missing = missing_items(case)
    add("heading2", t("md_case_plan"))
    if missing:
        add("strong", t("doc_incomplete", items=", ".join(t(f"case_item_{item}") for item in missing)))
    else:
        add("line", t("md_case_complete"))
    add("heading3", t("case_item_problem"))
    if case.problem.strip():
        user(case.problem)
    else:
        add("strong", t("doc_missing"))
    add("heading3", t("case_item_tiltak"))
    if not case.measures:
        add("strong", t("doc_missing"))
    for m in case.measures:
        period = format_period(m.start, m.end) if m.start and m.end else t("doc_missing")
        cadence = t(f"case_cadence_{m.frequency}", minutes=m.minutes, per_week=m.per_week)
        who = rename(m.carried_out_by) if m.carried_out_by.strip() else t("doc_missing")
        if m.responsible.strip() and m.responsible != m.carried_out_by:
            who = t("case_who_and_responsible", who=who, responsible=rename(m.responsible))
        add("item", t("md_case_measure", title=title_of(m.measure, m.local_title), period=period,
                      cadence=cadence, who=who))  # fmt: skip
        if m.consent_pupil != "ikke-spurt" or m.consent_parents != "ikke-spurt":
            add("line", t("md_case_consent", pupil=t(f"consent_status_{m.consent_pupil}"),
                          parents=t(f"consent_status_{m.consent_parents}")))  # fmt: skip
    add("heading3", t("case_item_evaluering"))
    add("line", ", ".join(format_date(day) for day in case.evaluation_dates) or t("doc_missing"))

    add("heading2", t("doc_voice"))
    add("heading3", t("case_field_pupil_view"))
    if case.pupil_view.strip():
        user(case.pupil_view)
    else:
        add("line", t("md_not_written"))
    hearings = [entry for entry in case.entries if entry.kind in VOICE_KINDS]
    add("heading3", t("doc_hearings"))
    if not hearings:
        add("line", t("doc_no_hearing"))
    for entry in sorted(hearings, key=lambda e: e.day):
        add("item", t("doc_entry_line", day=format_date(entry.day), kind=t(f"entry_{entry.kind}"),
                      author=rename(entry.author) or "?"))  # fmt: skip
        user(entry.text)
    add("heading3", t("case_field_best_interests"))
    if case.best_interests.strip():
        user(case.best_interests)
    else:
        add("line", t("md_not_written"))
    for gap in missing_voice(case):
        if gap == "plan":
            add("strong", t("doc_voice_missing_plan"))
        else:
            day = next(e.day for e in case.evaluations if f"evaluation:{e.day.isoformat()}" == gap)
            add("strong", t("doc_voice_missing_evaluation", day=format_date(day)))

    add("heading2", t("doc_progress"))
    if not case.measures:
        add("line", t("doc_missing"))
    for m in case.measures:
        sessions = [(log.start.date(), log.minutes) for log in logs if log.measure == m.measure and m.measure]
        done = progress(m, sessions)
        add("item", t("doc_progress_line", title=title_of(m.measure, m.local_title), done=done.done,
                      planned=done.planned, minutes=done.minutes))  # fmt: skip

    add("heading2", t("doc_changes"))
    plan_revisions = [r for r in case.revisions if set(r.values) & set(PLAN_FIELDS) or not r.values]
    if not plan_revisions:
        add("line", t("doc_no_changes"))
    for revision in plan_revisions:
        when = format_datetime(revision.replaced) if revision.replaced else "?"
        fields = ", ".join(t(f"doc_field_{name}") for name in revision.values if name in PLAN_FIELDS)
        by = rename(revision.replaced_by) or "?"
        earlier, earlier_by = format_datetime(revision.saved), rename(revision.author) or "?"
        add("item", t("doc_change_line", when=when, author=by, fields=fields or "–", earlier=earlier,
                      earlier_author=earlier_by))  # fmt: skip
        for name, old in revision.values.items():
            if isinstance(old, str) and name in PLAN_FIELDS:
                add("line", t("doc_change_before", field=t(f"doc_field_{name}")))
                user(old)
        if "redaction" in revision.values:
            add("line", str(revision.values["redaction"]))

    add("heading2", t("doc_chronology"))
    entries: list[tuple[datetime, int, list[Block]]] = []

    def dated(moment: datetime, order: int, head: str, parts: Iterable[tuple[str, str]]) -> None:
        # A dated heading, then each (label, user text) part: the label plain, the text quoted.
        body = [Block("heading3", visible(head))]
        for label, text in parts:
            if label:
                body.append(Block("strong", visible(label)))
            body += [Block("quote", visible(line)) for line in (rename(text).splitlines() or [""])]
        entries.append((moment, order, body))

    for log in logs:
        head = t("doc_session", when=format_datetime(log.start), title=title_of(log.measure), minutes=log.minutes,
                 author=rename(log.author) or "?")  # fmt: skip
        parts = [(t(f"field_{name}").capitalize(), getattr(log, name)) for name in LOG_PARTS]
        dated(log.start, 0, head, [(label, text) for label, text in parts if text.strip()])
    for evaluation in case.evaluations:
        moment = _on_day(evaluation.day, evaluation.created)
        head = t("doc_evaluation", day=format_date(evaluation.day), author=rename(evaluation.author) or "?",
                 decision=t(f"decision_{evaluation.decision}"))  # fmt: skip
        parts = [(t("eval_worked"), evaluation.worked), (t("eval_not_worked"), evaluation.not_worked),
                 (t("eval_pupil"), evaluation.pupil_experience)]  # fmt: skip
        dated(moment, 1, head, [(label, text) for label, text in parts if text.strip()])
    for entry in case.entries:
        moment = _on_day(entry.day, entry.created)
        head = t("doc_entry", day=format_date(entry.day), kind=t(f"entry_{entry.kind}"),
                 author=rename(entry.author) or "?")  # fmt: skip
        dated(moment, 2, head, [("", entry.text)])
    if not entries:
        add("line", t("md_case_nothing_yet"))
    for _, _, body in sorted(entries, key=lambda item: (item[0], item[1])):
        out += body
    return out


_INLINE_MARKUP = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|~"})
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*=](?=\s|$)|\d{1,9}[.)](?=\s|$))")


def md_text(text: str) -> str:
    """A line of text for Markdown that stays text: emphasis, links, code, HTML and tables are
    escaped anywhere, and what would start a heading, quote or list is escaped at the start. Dots
    and dashes inside a sentence stay as they are, so the file reads well as plain UTF-8 text."""
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", " ".join(text.split()).translate(_INLINE_MARKUP))


def to_markdown(blocks: Sequence[Block]) -> str:
    """The document as Markdown: user text in block quotes line by line (so it can never become
    a heading or a list), every text escaped with `md_text`."""
    lines: list[str] = []
    previous: BlockKind | None = None
    for block in blocks:
        if previous is not None and not (block.kind == previous and block.kind in ("quote", "item")):
            lines.append("")
        if block.kind == "quote":
            lines.append(f"> {md_text(block.text)}" if block.text.strip() else ">")
        elif block.kind == "strong":
            lines.append(f"**{md_text(block.text)}**")
        else:
            prefix = {"heading1": "# ", "heading2": "## ", "heading3": "### ", "item": "- "}.get(block.kind, "")
            lines.append(prefix + md_text(block.text))
        previous = block.kind
    return "\n".join(lines).rstrip() + "\n"


def plain_lines(blocks: Sequence[Block]) -> list[str]:
    """The document's text as the reader sees it, a block a line (what both formats show)."""
    return [" ".join(block.text.split()) for block in blocks if block.text.strip()]


def case_to_markdown(
    case: Case,
    logs: Sequence[SessionLog],
    measure_titles: Mapping[str, str],
    facts: Facts,
    *,
    pseudonym: bool = False,
    other_codes: Iterable[str] = (),
) -> str:
    """The case document as Markdown (see `case_blocks`)."""
    return to_markdown(case_blocks(case, logs, measure_titles, facts, pseudonym=pseudonym, other_codes=other_codes))


def render(
    case: Case,
    logs: Sequence[SessionLog],
    measure_titles: Mapping[str, str],
    facts: Facts,
    *,
    pdf: bool = False,
    pseudonym: bool = False,
    other_codes: Iterable[str] = (),
) -> bytes:
    """The case document as bytes: Markdown (UTF-8), or with `pdf` a PDF/A drawn from the same blocks."""
    blocks = case_blocks(case, logs, measure_titles, facts, pseudonym=pseudonym, other_codes=other_codes)
    if not pdf:
        return to_markdown(blocks).encode("utf-8")
    from relasjon_tui.records.case_pdf import to_pdf

    title = blocks[2 if pseudonym else 1].text
    return to_pdf(blocks, title=title, author=facts.exported_by, created=facts.exported_at)
