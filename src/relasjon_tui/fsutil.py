"""Provides private, atomic file writes that refuse planted symlinks, and the one place that
decides the modes of what the app creates.

Everything the app writes goes through here: a temp file in the same directory, flushed and
fsynced, then `os.replace`d over the target, then the directory fsynced, so a crash leaves either
the old or the new file, never half. Files are 0600 in 0700 folders, except in a team folder
(setgid, group rwx, nothing for others: what `relasjon felles` makes), where they are 0660 and
folders 2770, so the team's Unix group shares them and nobody else can read them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from relasjon_tui.strings import t

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
TEAM_DIR_MODE = 0o2770
TEAM_FILE_MODE = 0o660
TEMP_SUFFIX = ".tmp"


def is_team_folder(directory: Path) -> bool:
    """True for a team folder: setgid, read/write/enter for its group, nothing for others."""
    try:
        mode = os.stat(directory).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and mode & 0o070 == 0o070 and not mode & 0o007


def file_mode_for(directory: Path) -> int:
    """The mode of a file the app creates in `directory`: 0660 in a team folder, else 0600."""
    return TEAM_FILE_MODE if is_team_folder(directory) else PRIVATE_FILE_MODE


def dir_mode_for(directory: Path) -> int:
    """The mode of a folder the app creates in `directory`: 2770 in a team folder, else 0700."""
    return TEAM_DIR_MODE if is_team_folder(directory) else PRIVATE_DIR_MODE


def open_created(path: Path, flags: int) -> int:
    """`os.open` with the mode for the folder, made exact whatever the umask (which would take
    the group's bits away in a team folder). A file someone else owns keeps its mode."""
    mode = file_mode_for(path.parent)
    fd = os.open(path, flags, mode)
    try:
        info = os.fstat(fd)
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode and stat.S_ISREG(info.st_mode):
            os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


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
    errno.ENOTDIR: "os_not_dir",
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

    The one place that decides whose file the app may use. In a team folder a file another
    member wrote is fine, as long as it belongs to the folder's group.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if info.st_uid == os.geteuid():
        return
    folder = path.parent
    if is_team_folder(folder) and info.st_gid == os.stat(folder).st_gid:
        return
    raise ForeignOwnerError(t("data_foreign_owner", path=path, owner=info.st_uid))


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` (and parents) if missing: 0700, or 2770 inside a team folder; refuse a symlink."""
    if directory.is_symlink():
        raise UnsafePathError(t("data_symlink", path=directory))
    if directory.exists():
        return
    mode = dir_mode_for(directory.parent)
    directory.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if mode != PRIVATE_DIR_MODE:
        os.chmod(directory, mode)  # mkdir's mode passes through the umask


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
    """Replace `path` with `data` atomically; the file ends up 0600 (0660 in a team folder)."""
    import secrets  # on the first write, not before the first frame (with hmac, 0.3 ms)

    ensure_private_dir(path.parent)
    refuse_symlink(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
    # O_EXCL + O_NOFOLLOW: a name planted between our check and the open is never followed.
    fd = open_created(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW)
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
    """Append `data` to `path` (created 0600, or 0660 in a team folder) and fsync it; returns the new size.

    Never follows a symlink and refuses anything but a regular file. If the write fails part way
    (a full disk), the file is cut back to its old size, so no half-written tail is left.
    """
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = open_created(path, flags)
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
