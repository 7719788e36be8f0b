"""Provides the one place that resolves every path the app reads or writes.

Each path can be overridden (flag or environment variable) so tests and schools can point
the app elsewhere; nothing here creates a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path, user_state_path

from relasjon_tui.strings import t

APP_NAME = "relasjon-tui"

ENV_CONTENT = "RELASJON_CONTENT"
ENV_CONFIG_DIR = "RELASJON_CONFIG_DIR"
ENV_CACHE_DIR = "RELASJON_CACHE_DIR"
ENV_DATA = "RELASJON_DATA"
ENV_STATE_DIR = "RELASJON_STATE_DIR"
DATA_FILE_NAME = "relasjon.json"

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder `content` or `styles`: the wheel's copy, else the checkout's top level."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(t("paths_missing_folder", name=name, folder=_PACKAGE_DIR))


def builtin_content_dir() -> Path:
    """The guidance that ships with the app."""
    return resource_dir("content")


def stylesheet() -> Path:
    """The app's one stylesheet."""
    return resource_dir("styles") / "app.tcss"


def local_content_dirs(flag: list[str] | None) -> list[Path]:
    """A school's own measure folders: `--content DIR` (repeatable) or `RELASJON_CONTENT` (os.pathsep list)."""
    if flag:
        return [Path(item).expanduser() for item in flag]
    env = os.environ.get(ENV_CONTENT, "")
    return [Path(item).expanduser() for item in env.split(os.pathsep) if item.strip()]


def config_dir() -> Path:
    """Where settings live: `RELASJON_CONFIG_DIR`, else the platform's user config dir."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    return user_config_path(APP_NAME, appauthor=False)


def settings_file() -> Path:
    """The settings file."""
    return config_dir() / "innstillinger.json"


def content_cache_file() -> Path:
    """The parsed-guidance cache: in `RELASJON_CACHE_DIR`, else the platform's user cache dir."""
    override = os.environ.get(ENV_CACHE_DIR)
    folder = Path(override).expanduser() if override else user_cache_path(APP_NAME, appauthor=False)
    return folder / "innhold.json"


def data_file(flag: str | None = None) -> Path:
    """The records file: `--data FIL`, else `RELASJON_DATA`, else the platform's user data dir."""
    chosen = flag or os.environ.get(ENV_DATA)
    if chosen:
        return Path(chosen).expanduser().absolute()
    return user_data_path(APP_NAME, appauthor=False) / DATA_FILE_NAME


def is_app_data_dir(folder: Path) -> bool:
    """True for the app's own data folder (the platform's user data dir), whose mode the app
    may tighten; a folder chosen with --data or RELASJON_DATA is the user's to decide."""
    try:
        return folder.resolve() == user_data_path(APP_NAME, appauthor=False).resolve()
    except OSError:
        return False


def legacy_draft_file(data: Path) -> Path:
    """The single quick-log draft of earlier versions, beside the data file (read and purged, never written)."""
    return data.with_name(data.name + ".utkast")


def state_dir() -> Path:
    """The user's own working state (drafts): `RELASJON_STATE_DIR`, else the platform's user state dir."""
    override = os.environ.get(ENV_STATE_DIR)
    if override:
        return Path(override).expanduser()
    return user_state_path(APP_NAME, appauthor=False)


def drafts_dir(data: Path) -> Path:
    """The drafts of the forms opened on `data`: private to the user, never in a shared data folder.

    One folder per data file (named by a digest of its path), so two data files never offer
    each other's drafts.
    """
    return state_dir() / "utkast" / _digest(data)


def backups_seen_file(data: Path) -> Path:
    """Which backups of `data` `relasjon sjekk` has found sound (by inode, size and times; no
    records): the user's own, so that a check does not read seven large backups every time."""
    return state_dir() / "sjekk" / f"{_digest(data)}.json"


def _digest(data: Path) -> str:
    import hashlib  # not before the first frame: with what it imports, 1.5 ms

    return hashlib.sha256(str(data.absolute()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
