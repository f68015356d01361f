"""Show a file in the platform's file manager, selected where the platform allows it, else open its folder.

- Windows: `explorer /select, <path>` (two arguments, as Qt Creator does: a path with spaces stays one argument).
- macOS: `open -R <path>`.
- Linux and other freedesktop systems: the file manager's D-Bus interface org.freedesktop.FileManager1.ShowItems
  (Nautilus, Dolphin, Nemo, Caja, Thunar…), called with `dbus-send` and waited for: when no file manager answers
  (none running or installed, no session bus, no dbus-send), the folder is opened instead.

`done` receives one Vietnamese sentence saying what happened; on Linux it comes when dbus-send has answered.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Mapping

from PySide6.QtCore import QCoreApplication, QProcess, QProcessEnvironment, QUrl
from PySide6.QtGui import QDesktopServices

SELECTED = "Đã mở thư mục và chọn sẵn tệp."
FOLDER = "Đã mở thư mục chứa tệp."
REPLY_MS = 5000  # dbus-send waits this long for a file manager that must first start


def select_command(path: Path, platform: str = sys.platform) -> list[str]:
    """The command that shows `path` selected in the file manager of `platform`."""
    if platform.startswith("win"):
        return ["explorer", "/select,", str(path).replace("/", "\\")]
    if platform == "darwin":
        return ["open", "-R", str(path)]
    return [
        "dbus-send", "--session", "--print-reply", f"--reply-timeout={REPLY_MS}",
        "--dest=org.freedesktop.FileManager1", "--type=method_call", "/org/freedesktop/FileManager1",
        "org.freedesktop.FileManager1.ShowItems",
        f"array:string:{file_uri(path)}",  # percent-encoded: a comma in the name cannot split the array
        "string:",  # startup id: none
    ]


def file_uri(path: Path) -> str:
    """file:// URI of an absolute path, every byte outside the unreserved set percent-encoded (commas too)."""
    return Path(path).absolute().as_uri()


def system_environment(environ: Mapping[str, str], frozen: bool) -> dict[str, str]:
    """The environment for a program of the system (dbus-send) started from the bundle: PyInstaller's bootloader
    points LD_LIBRARY_PATH at the bundle's own libraries and keeps the user's in LD_LIBRARY_PATH_ORIG; the system
    program must load the system's libraries."""
    env = dict(environ)
    if frozen:
        orig = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if orig:
            env["LD_LIBRARY_PATH"] = orig
        else:
            env.pop("LD_LIBRARY_PATH", None)
    return env


def open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_in_folder(path: Path, done: Callable[[str], None], platform: str = sys.platform,
                   folder_opener: Callable[[Path], bool] = open_folder) -> None:
    """Show `path` selected in the file manager (or open its folder) and tell `done` what was done."""
    path = Path(path)
    cmd = select_command(path, platform)
    told = []

    def fallback() -> None:
        if told:
            return
        told.append(True)
        if folder_opener(path.parent):
            done(FOLDER)
        else:
            done(f"Không mở được trình quản lý tệp: tệp nằm trong thư mục {path.parent}.")

    if platform.startswith("win") or platform == "darwin":
        # explorer answers 1 even when it worked: only a start that failed counts
        if QProcess.startDetached(cmd[0], cmd[1:])[0]:
            done(SELECTED)
        else:
            fallback()
        return
    proc = QProcess(QCoreApplication.instance())

    def finished(code: int, status: QProcess.ExitStatus) -> None:
        proc.deleteLater()
        if told:
            return
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            told.append(True)
            done(SELECTED)
        else:  # no file manager owns org.freedesktop.FileManager1, or the bus is not there
            fallback()

    def failed(error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no dbus-send on this system
            proc.deleteLater()
            fallback()

    proc.finished.connect(finished)
    proc.errorOccurred.connect(failed)
    proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
    env = QProcessEnvironment()
    for name, value in system_environment(os.environ, getattr(sys, "frozen", False)).items():
        env.insert(name, value)
    proc.setProcessEnvironment(env)
    proc.start(cmd[0], cmd[1:])
