"""Provides DraftStore: what is typed into any form, kept on disk while it is typed, privately.

One draft per open form, one small JSON file each, in a folder that belongs to the user
(never the shared data folder): a dropped SSH connection, a closed laptop or `kill -9`
loses nothing typed, and the next start offers each draft back. Deleting a pupil purges
every draft that mentions the pupil's code (`purge`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson

from relasjon_tui.fsutil import TEMP_SUFFIX, read_regular, refuse_symlink, write_private_atomic

_SUFFIX = ".json"
_UNSAFE = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class Draft:
    """What one form held when it was last saved as a draft.

    `form` names the kind of form (`logg`, `sak`, `plan`, `tiltak`, `evaluering`, `notat`,
    `mote`); `context` says what it was about (`{"case": "3"}`), so the form can be opened again.
    """

    form: str
    context: dict[str, str]
    fields: dict[str, str]
    saved: datetime
    title: str = ""
    """How the draft is named when it is offered back (written by the form, in the user's language)."""
    key: str = field(default="", compare=False)

    def texts(self) -> Iterator[str]:
        """Every piece of text the draft holds: what a purge has to search."""
        yield self.title
        yield from self.context.values()
        yield from self.fields.values()


def draft_key(form: str, context: Mapping[str, str]) -> str:
    """A file-name-safe key for a form and what it is about: `plan-case-3`."""
    parts = [form, *(f"{name}-{value}" for name, value in sorted(context.items()))]
    return _UNSAFE.sub("_", "-".join(parts).lower()).strip("_") or "utkast"


def _text_map(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return dict(value)


class DraftStore:
    """The drafts of one data file, in a private folder (None: keep no drafts, as in tests)."""

    def __init__(self, folder: Path | Callable[[], Path] | None, *, legacy: Path | None = None) -> None:
        """`folder` may be given as how to find it: the app's start then does not wait for it
        (the folder's name is a digest, and hashlib is 1.5 ms of imports)."""
        self._folder = folder
        self.legacy = legacy
        """The single quick-log draft file of earlier versions: read, and purged, never written."""

    @property
    def folder(self) -> Path | None:
        """The folder of the drafts (None: keep none)."""
        if callable(self._folder):
            self._folder = self._folder()
        return self._folder

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}{_SUFFIX}"

    def save(
        self, form: str, context: Mapping[str, str], fields: Mapping[str, str], now: datetime, *, title: str = ""
    ) -> None:
        """Write the form's text now (atomically, 0600 in a 0700 folder)."""
        if self.folder is None:
            return
        record = {"form": form, "context": dict(context), "fields": dict(fields), "saved": now.isoformat(),
                  "title": title}  # fmt: skip
        write_private_atomic(self._path(draft_key(form, context)), orjson.dumps(record))

    def load(self, form: str, context: Mapping[str, str]) -> Draft | None:
        """The draft of this form, or None."""
        key = draft_key(form, context)
        for draft in self.all():
            if draft.key == key:
                return draft
        return None

    def all(self) -> list[Draft]:
        """Every readable draft, oldest first. A file that cannot be read is left alone."""
        found: list[Draft] = []
        if self.folder is not None and self.folder.is_dir():
            for path in sorted(self.folder.glob(f"*{_SUFFIX}")):
                draft = self._read(path)
                if draft is not None:
                    found.append(draft)
        legacy = self._read_legacy()
        if legacy is not None:
            found.append(legacy)
        return sorted(found, key=lambda draft: draft.saved)

    def _read(self, path: Path) -> Draft | None:
        try:
            raw = orjson.loads(read_regular(path))
            saved = datetime.fromisoformat(raw["saved"])
            form, title = raw["form"], raw.get("title", "")
        except (OSError, ValueError, KeyError, TypeError):
            return None
        context, fields = _text_map(raw.get("context")), _text_map(raw.get("fields"))
        if context is None or fields is None or not isinstance(form, str) or not isinstance(title, str):
            return None
        return Draft(form, context, fields, saved, title, key=path.stem)

    def _read_legacy(self) -> Draft | None:
        if self.legacy is None:
            return None
        try:
            raw = orjson.loads(read_regular(self.legacy))
            saved = datetime.fromisoformat(raw["saved"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        fields = _text_map(raw.get("fields"))
        if fields is None:
            return None
        return Draft("logg", {}, fields, saved, key=draft_key("logg", {}))

    def clear(self, form: str, context: Mapping[str, str]) -> None:
        """Remove the form's draft (it was saved, or thrown away on purpose)."""
        key = draft_key(form, context)
        if self.folder is not None:
            self._remove(self._path(key))
        if key == draft_key("logg", {}) and self.legacy is not None:
            self._remove(self.legacy)

    def purge(self, mentions: Callable[[str], bool]) -> int:
        """Remove every draft any of whose text `mentions` says is about a deleted pupil.

        Files that cannot be read as drafts (half-written temp files, damaged drafts) are
        searched as raw text and removed too when they mention the pupil. Returns how many went.
        """
        removed = 0
        candidates: list[Path] = []
        if self.folder is not None and self.folder.is_dir():
            candidates.extend(path for path in self.folder.iterdir() if path.is_file() and not path.is_symlink())
        if self.legacy is not None:
            candidates.extend(self.legacy.parent.glob(f".{self.legacy.name}.*{TEMP_SUFFIX}"))
            candidates.append(self.legacy)
        for path in candidates:
            draft = self._read(path) if path != self.legacy else self._read_legacy()
            texts: list[str]
            if draft is not None:
                texts = list(draft.texts())
            else:
                try:
                    texts = [read_regular(path).decode("utf-8", "replace")]
                except OSError:
                    continue
            if any(mentions(text) for text in texts):
                if self._remove(path):
                    removed += 1
        return removed

    @staticmethod
    def _remove(path: Path) -> bool:
        try:
            refuse_symlink(path)
            path.unlink()
        except FileNotFoundError:
            return False
        return True
