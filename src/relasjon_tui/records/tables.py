"""Provides the names of the record tables (the kinds themselves are defined in records/kinds.py).

A module of its own: the screens of the first frame name tables, and records/rules.py, where
the rules for what is in them live, is 10 ms to import.
"""

from __future__ import annotations

SUBJECTS, LOGS, NOTES, MEETINGS, CASES = "subjects", "logs", "notes", "meetings", "cases"
