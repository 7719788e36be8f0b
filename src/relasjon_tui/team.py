"""Provides team folders: one folder per team on a school server, shared by a Unix group.

`relasjon felles MAPPE --gruppe GRUPPE` makes one: owned by the group, setgid (2770), so the data,
lock, journal, backups and temp files the app creates there are 0660 in that group (fsutil decides
the modes). Members use it with `--data MAPPE/relasjon.json`; drafts, settings and the content
cache stay private to each user in their own folders. Need-to-know is by folder: one per team.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from relasjon_tui.fsutil import TEAM_DIR_MODE, is_team_folder
from relasjon_tui.strings import t


class TeamFolderError(Exception):
    """A team folder cannot be made or used; the message is one sentence for the user. Nothing changed."""


def _me() -> str:
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def membership_problem(gid: int) -> str | None:
    """Why this process cannot use a folder of group `gid`, or None: not a member, or a member
    whose new membership is not active in this login yet."""
    if os.geteuid() == 0 or gid == os.getegid() or gid in os.getgroups():
        return None
    try:
        group = grp.getgrgid(gid)
    except KeyError:
        return t("team_no_such_gid", gid=gid)
    if _me() in group.gr_mem:
        return t("team_login_again", group=group.gr_name)
    return t("team_not_member", group=group.gr_name)


def create_team_folder(folder: Path, group_name: str) -> Path:
    """Make `folder` a team folder of `group_name` (created if missing). Refuses a group the caller
    is not in, a group that does not exist, and an existing folder that is a symlink, not a folder,
    or open to others or to another group. Returns the folder."""
    try:
        group = grp.getgrnam(group_name)
    except KeyError:
        raise TeamFolderError(t("team_no_such_group", group=group_name)) from None
    problem = membership_problem(group.gr_gid)
    if problem:
        raise TeamFolderError(problem)
    folder = folder.expanduser().absolute()
    if folder.is_symlink():
        raise TeamFolderError(t("data_symlink", path=folder))
    if folder.exists():
        info = os.stat(folder)
        if not stat.S_ISDIR(info.st_mode):
            raise TeamFolderError(t("team_not_a_folder", path=folder))
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o007:
            raise TeamFolderError(t("team_folder_open", path=folder, mode=f"{mode:o}"))
        if info.st_gid != group.gr_gid and any(folder.iterdir()):
            other = _group_name(info.st_gid)
            raise TeamFolderError(t("team_folder_other_group", path=folder, group=other))
    else:
        folder.mkdir(mode=0o700, parents=True)
    try:
        os.chown(folder, -1, group.gr_gid)
        os.chmod(folder, TEAM_DIR_MODE)
    except OSError as error:
        raise TeamFolderError(t("team_cannot_set", path=folder, error=error.strerror or error)) from None
    return folder


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


@dataclass(frozen=True, slots=True)
class FolderReport:
    """What `relasjon sjekk` says of the data file's folder: good lines, and problems."""

    good: list[str]
    bad: list[str]


def describe_folder(data_file: Path) -> FolderReport | None:
    """For a data file in a team folder: the folder's owner, group, mode and members, and a problem
    for anything wider (others may read, a file of another group). None for a private folder."""
    folder = data_file.parent
    try:
        info = os.stat(folder)
    except OSError:
        return None
    if not (info.st_mode & stat.S_ISGID or info.st_mode & 0o070):
        return None
    group = _group_name(info.st_gid)
    try:
        members = sorted(set(grp.getgrgid(info.st_gid).gr_mem))
    except KeyError:
        members = []
    mode = stat.S_IMODE(info.st_mode)
    good = [t("team_report", path=folder, owner=_user_name(info.st_uid), group=group, mode=f"{mode:o}",
              members=", ".join(members) or "–")]  # fmt: skip
    bad = []
    if not is_team_folder(folder):
        if mode & 0o007:
            bad.append(t("team_folder_open", path=folder, mode=f"{mode:o}"))
        if not mode & stat.S_ISGID:
            bad.append(t("team_not_setgid", path=folder))
    problem = membership_problem(info.st_gid)
    if problem:
        bad.append(problem)
    for path in sorted(folder.rglob("*")):
        try:
            entry = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISLNK(entry.st_mode):
            continue
        if entry.st_gid != info.st_gid:
            bad.append(t("team_file_other_group", path=path, group=_group_name(entry.st_gid), wanted=group))
        if stat.S_IMODE(entry.st_mode) & 0o007:
            bad.append(t("data_loose_mode", path=path, mode=f"{stat.S_IMODE(entry.st_mode):o}", wanted="660"))
    return FolderReport(good, bad)
