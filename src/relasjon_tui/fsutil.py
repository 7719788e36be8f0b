"""Provides private, atomic file writes that refuse planted symlinks.

Everything the app writes (settings now, records later) goes through here: a temp file in
the same directory created 0600, flushed and fsynced, then `os.replace`d over the target,
then the directory fsynced, so a crash leaves either the old or the new file, never half.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from relasjon_tui.strings import t

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"


class UnsafePathError(OSError):
    """A path the app would write is a symlink or not a regular file."""


class ForeignOwnerError(UnsafePathError):
    """The data file belongs to another account: the app does not read it or write over it."""


_REASONS = {
    errno.ENOSPC: "os_no_space",
    errno.EROFS: "os_read_only",
    errno.EACCES: "os_permission",
    errno.EPERM: "os_permission",
    errno.ENOENT: "os_not_found",
    errno.EISDIR: "os_is_dir",
    errno.EDQUOT: "os_quota",
}


def os_reason(error: OSError) -> str:
    """What went wrong, as a few words in the user's language (never «[Errno 28] …» in English)."""
    if isinstance(error, UnsafePathError):
        return str(error)
    key = _REASONS.get(error.errno or 0)
    if key:
        return t(key)
    name = errno.errorcode.get(error.errno or 0, str(error.errno or "?"))
    return t("os_other", code=name)


def refuse_foreign_owner(path: Path) -> None:
    """Raise ForeignOwnerError if `path` exists and another account owns it.

    The one place that decides whose file the app may use; a later team folder (shared by a
    group on purpose) will relax this here, for such folders only.
    """
    try:
        owner = os.lstat(path).st_uid
    except FileNotFoundError:
        return
    if owner != os.geteuid():
        raise ForeignOwnerError(t("data_foreign_owner", path=path, owner=owner))


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` (and parents) with mode 0700 if missing; refuse a symlink."""
    if directory.is_symlink():
        raise UnsafePathError(t("data_symlink", path=directory))
    directory.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)


def refuse_symlink(path: Path) -> None:
    """Raise if `path` exists as a symlink or as something other than a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError(t("data_symlink", path=path))
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePathError(t("data_not_regular", path=path))


def write_private_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically; the file ends up 0600."""
    ensure_private_dir(path.parent)
    refuse_symlink(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
    # O_EXCL + O_NOFOLLOW: a name planted between our check and the open is never followed.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_regular(path: Path) -> bytes:
    """Read `path`, refusing to follow a symlink."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def append_private(path: Path, data: bytes) -> int:
    """Append `data` to `path` (created 0600 if missing) and fsync it; returns the file's new size.

    Never follows a symlink and refuses anything but a regular file. If the write fails part way
    (a full disk), the file is cut back to its old size, so no half-written tail is left.
    """
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePathError(t("data_symlink", path=path)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(t("data_not_regular", path=path))
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, info.st_size)
            raise
        created = info.st_size == 0
        size = info.st_size + len(data)
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)
    return size
