"""Provides fictional sample records for `relasjon --demo`, so a newcomer sees every area with content."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from relasjon_tui.records.cases import Case, Evaluation, PlannedMeasure, proposed_evaluations
from relasjon_tui.records.importing import EXPORT_FORMAT
from relasjon_tui.records.model import SessionLog, SubjectKind, log_to_record
from relasjon_tui.records.reflection import AgendaItem, Meeting
from relasjon_tui.records.rules import LOGS, SUBJECTS
from relasjon_tui.records.storage import SCHEMA_VERSION
from relasjon_tui.records.store import RecordStore

# (code, kind, measure, sessions per week, minutes, weekdays only)
_PLAN: list[tuple[str, SubjectKind, str, int, int]] = [
    ("AB", "elev", "forbedre-relasjon", 5, 15),
    ("KL", "elev", "forbedre-relasjon", 3, 20),
    ("MT", "elev", "tett-oppfolging", 1, 30),
    ("SE", "elev", "tett-oppfolging", 2, 20),
    ("7B-gr1", "gruppe", "elevgrupper", 1, 25),
    ("5A", "gruppe", "mobilisere-medelever", 1, 45),
]
_ACTIVITIES = {
    "forbedre-relasjon": [
        "Kortspill (UNO)",
        "Lego",
        "Tegning",
        "Sjakk",
        "Matteoppgaver eleven liker",
        "Gikk tur i skolegården",
    ],
    "tett-oppfolging": [
        "Samtale på grupperommet",
        "Samtale på vei til bussen",
        "Samtale med helsesykepleier til stede",
    ],
    "elevgrupper": ["Gruppemøte i storefri", "Planla ukas aktivitet: fotball i friminuttet"],
    "mobilisere-medelever": ["Klassesamtale om tilskuerrollen", "Rollespill: å si ifra"],
}
_NOTES = [
    "Eleven tok initiativ til spillet og forklarte reglene.",
    "Rolig økt. Eleven var mer pratsom enn sist.",
    "Kort økt fordi timen før dro ut. Eleven ville fortsette i morgen.",
    "Eleven fortalte om helgen uten at jeg spurte.",
    "Vanskelig start, men god stemning etter fem minutter.",
    "Eleven sa at friminuttene er bedre nå.",
]
_POSITIVE = ["Ventet på tur", "Hjalp meg å rydde", "Lo og tok blikkontakt", "Sa takk for i dag", ""]
_WORDS = ["«Kan vi gjøre dette i morgen også?»", "«Det var gøy.»", "«Jeg vet ikke.»", ""]
_NEXT = ["Fortsette med samme aktivitet", "Spør om eleven vil ta med en venn neste gang", "Ta opp friminuttet", ""]


def demo_logs(now: datetime, rng: random.Random, weeks: int = 4) -> list[SessionLog]:
    """Logs for the last `weeks` weeks, on school days, at school hours."""
    logs: list[SessionLog] = []
    start_day = (now - timedelta(weeks=weeks)).date()
    for code, kind, measure, per_week, minutes in _PLAN:
        day = start_day
        while day <= now.date():
            if day.weekday() < 5 and rng.random() < per_week / 5:
                start = datetime.combine(day, datetime.min.time(), now.tzinfo).replace(
                    hour=rng.choice([8, 10, 11, 13, 14]), minute=rng.choice([0, 15, 30, 45])
                )
                if start < now:
                    logs.append(
                        SessionLog(
                            subject=code,
                            subject_kind=kind,
                            measure=measure,
                            start=start,
                            minutes=minutes + rng.choice([-5, 0, 0, 5]),
                            activity=rng.choice(_ACTIVITIES[measure]),
                            note=rng.choice(_NOTES),
                            positive=rng.choice(_POSITIVE),
                            pupil_words=rng.choice(_WORDS),
                            next_step=rng.choice(_NEXT),
                            author=rng.choice(["kari", "ola", "helsesykepleier"]),
                            created=start + timedelta(minutes=minutes),
                            updated=start + timedelta(minutes=minutes),
                        )  # fmt: skip
                    )
            day += timedelta(days=1)
    logs.sort(key=lambda log: log.start)
    return logs


def fill_demo(store: RecordStore, now: datetime, seed: int = 7) -> int:
    """Put the sample logs, two cases and a team meeting into an empty store; returns how many logs."""
    logs = demo_logs(now, random.Random(seed))
    subjects: dict[str, dict[str, Any]] = {}
    for code, kind, *_ in _PLAN:
        subjects[str(len(subjects) + 1)] = {"code": code, "kind": kind, "created": None}
    dump = {
        "format": EXPORT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "tables": {SUBJECTS: subjects, LOGS: {str(n): log_to_record(log) for n, log in enumerate(logs, 1)}},
    }
    store.load_dump(dump)
    _demo_cases(store, now)
    _demo_meeting(store, now)
    return len(logs)


def _demo_cases(store: RecordStore, now: datetime) -> None:
    start = (now - timedelta(weeks=2)).date()
    store.add_case(
        Case(
            "AB: trygghet i friminuttene", ("AB",), "AB er mye alene i friminuttene og sier at ingen vil være med.",
            (PlannedMeasure("forbedre-relasjon", start=start, end=start + timedelta(weeks=3, days=-1),
                            frequency="daglig", minutes=15, carried_out_by="kari", responsible="kari"),),
            proposed_evaluations(start), pupil_view="AB vil gjerne ha noen å være sammen med i storefri.",
            best_interests="Tiltaket gir AB en trygg voksen; AB har selv sagt ja.", author="kari", created=now,
            evaluations=(Evaluation(start + timedelta(weeks=1), "Fast tid hver dag", "", "«Det er bra.»",
                                    "fortsette", "kari", now),),
        )
    )  # fmt: skip
    store.add_case(
        Case(
            "7B: støttegruppe", ("7B-gr1",), "En elev i 7B blir holdt utenfor i gruppearbeid.",
            (PlannedMeasure("elevgrupper", start=start, end=start + timedelta(weeks=6), minutes=25,
                            consent_pupil="gitt", consent_parents="venter"),),
            (), author="ola", created=now,
        )
    )  # fmt: skip


def _demo_meeting(store: RecordStore, now: datetime) -> None:
    day = now - timedelta(days=3)
    agenda = (AgendaItem("eg-stigmatisering", 5, 290, True), AgendaItem("eg-gevinst", 5, 240, True))
    meeting_id = store.add_meeting(Meeting("Trinnmøte 7. trinn", day, "KA, OL, SN", agenda, "ola", day, day))
    store.save_meeting_note(meeting_id, "eg-stigmatisering", "Gruppa får et nøytralt navn; alle bytter på.", "ola", day)
    store.save_meeting_note(meeting_id, "eg-gevinst", "Flere får noen å være sammen med i storefri.", "ola", day)
