"""Showing the signed file in the file manager: the command built per platform, and on Linux a real D-Bus session
bus with and without a file manager owning org.freedesktop.FileManager1 (the fallback opens the folder)."""
import shutil
import subprocess
from pathlib import Path, PureWindowsPath

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot

from desktop.ui.show_in_folder import FOLDER, SELECTED, select_command, show_in_folder

needs_dbus = pytest.mark.skipif(not (shutil.which("dbus-daemon") and shutil.which("dbus-send")),
                                reason="dbus-daemon/dbus-send not installed")


def test_windows_selects_the_file_with_explorer():
    p = PureWindowsPath(r"C:\Users\Thu Ha\Tài liệu\Sổ CĐS\bc, bản 2.pdf")
    assert select_command(p, "win32") == ["explorer", "/select,", r"C:\Users\Thu Ha\Tài liệu\Sổ CĐS\bc, bản 2.pdf"]
    # a path written with forward slashes still reaches explorer with backslashes
    assert select_command(Path("C:/Bao cao/bc.pdf"), "win32")[-1] == r"C:\Bao cao\bc.pdf"


def test_macos_reveals_in_finder():
    assert select_command(Path("/Users/ha/bc.pdf"), "darwin") == ["open", "-R", "/Users/ha/bc.pdf"]


def test_linux_asks_the_file_manager_over_dbus():
    cmd = select_command(Path("/home/ha/Báo cáo, 2026/bc 1.pdf"), "linux")
    assert cmd[0] == "dbus-send" and "--session" in cmd and "--print-reply" in cmd
    assert "--dest=org.freedesktop.FileManager1" in cmd and "/org/freedesktop/FileManager1" in cmd
    assert "org.freedesktop.FileManager1.ShowItems" in cmd
    # one array element: the comma and the Vietnamese letters are percent-encoded
    assert cmd[-2] == "array:string:file:///home/ha/B%C3%A1o%20c%C3%A1o%2C%202026/bc%201.pdf"
    assert cmd[-1] == "string:"


# a bus of our own that starts no service by itself (a file manager installed here must not be launched)
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
</policy></busconfig>"""


@pytest.fixture
def session_bus(monkeypatch, tmp_path):
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG, encoding="utf-8")
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    daemon.terminate()
    daemon.wait()


@ClassInfo({"D-Bus Interface": "org.freedesktop.FileManager1"})
class FileManager(QObject):
    """What Nautilus, Dolphin or Nemo offer on the session bus (only the method Sổ CĐS calls)."""

    def __init__(self):
        super().__init__()
        self.shown = []

    @Slot("QStringList", str)
    def ShowItems(self, uris, startup_id):  # the D-Bus method's name
        self.shown.append(list(uris))


@needs_dbus
def test_a_running_file_manager_shows_the_file_selected(qtbot, session_bus, tmp_path):
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.connectToBus(session_bus, "file-manager")
    fm = FileManager()
    assert bus.registerService("org.freedesktop.FileManager1")
    assert bus.registerObject("/org/freedesktop/FileManager1", fm,
                              QDBusConnection.RegisterOption.ExportAllSlots)
    signed = tmp_path / "Báo cáo, bản 1.pdf"
    signed.write_bytes(b"%PDF-1.7")
    told, folders = [], []
    show_in_folder(signed, told.append, "linux", folder_opener=lambda p: folders.append(p) or True)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told == [SELECTED] and not folders
    assert fm.shown == [[signed.as_uri()]]
    bus.unregisterObject("/org/freedesktop/FileManager1")
    bus.unregisterService("org.freedesktop.FileManager1")
    QDBusConnection.disconnectFromBus("file-manager")


@needs_dbus
def test_no_file_manager_on_the_bus_opens_the_folder(qtbot, session_bus, tmp_path):
    signed = tmp_path / "bc.pdf"
    signed.write_bytes(b"%PDF-1.7")
    told, folders = [], []
    show_in_folder(signed, told.append, "linux", folder_opener=lambda p: folders.append(p) or True)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told == [FOLDER] and folders == [tmp_path]


def test_no_dbus_send_opens_the_folder(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a system without dbus-send
    told, folders = [], []
    show_in_folder(tmp_path / "bc.pdf", told.append, "linux", folder_opener=lambda p: folders.append(p) or False)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert folders == [tmp_path] and told[0].startswith("Không mở được trình quản lý tệp") and str(tmp_path) in told[0]


def test_dbus_send_gets_the_systems_libraries_from_the_bundle():
    from desktop.ui.show_in_folder import system_environment

    bundle = {"PATH": "/usr/bin", "LD_LIBRARY_PATH": "/opt/socds/_internal", "LD_LIBRARY_PATH_ORIG": "/opt/lib"}
    assert system_environment(bundle, frozen=True) == {"PATH": "/usr/bin", "LD_LIBRARY_PATH": "/opt/lib"}
    assert system_environment({"PATH": "/usr/bin", "LD_LIBRARY_PATH": "/opt/socds/_internal"}, frozen=True) == {
        "PATH": "/usr/bin"}
    assert system_environment(bundle, frozen=False) == bundle  # run from source: the user's environment as it is
