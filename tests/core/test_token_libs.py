"""Issue 22: the token libraries of the Vietnamese CAs are found where their software installs them, by name."""
import os
from pathlib import Path

import pytest

from desktop.core.signing.token_libs import WINDOWS_LIBRARIES, find_libraries, search_dirs


def test_found_by_name_in_system32(tmp_path):
    sys32 = tmp_path / "System32"
    sys32.mkdir()
    for name in ("vnptca_p11_v8.dll", "viettel-ca_v6.dll", "BkavCA.dll", "eps2003csp11.dll", "unrelated.dll"):
        (sys32 / name).write_bytes(b"MZ")
    found = find_libraries([sys32], platform="win32")
    assert [f.label for f in found] == ["VNPT-CA — vnptca_p11_v8.dll", "Viettel-CA — viettel-ca_v6.dll",
                                        "BKAV-CA — BkavCA.dll", "Token ePass2003 (Feitian) — eps2003csp11.dll"]
    assert all(f.path.parent == sys32 for f in found)


def test_nothing_installed_finds_nothing(tmp_path):
    assert find_libraries([tmp_path], platform="win32") == []


def test_windows_dirs_come_from_the_system_root():
    dirs = search_dirs("win32", {"SystemRoot": r"D:\Windows"})
    assert len(dirs) == 1 and str(dirs[0]).startswith("D:\\Windows") and dirs[0].name in ("System32", "SysWOW64")


def test_every_ca_of_the_brief_but_easyca_has_names():
    cas = {ca for ca, _names, _note in WINDOWS_LIBRARIES}
    assert {"VNPT-CA", "Viettel-CA", "BKAV-CA", "FPT-CA", "MISA-CA"} <= cas
    assert all(names and all(n.lower().endswith(".dll") for n in names) for _ca, names, _n in WINDOWS_LIBRARIES)


@pytest.mark.skipif(not os.path.exists("/usr/lib/softhsm/libsofthsm2.so"), reason="SoftHSM2 not installed")
def test_the_real_softhsm_library_is_found_here():
    found = find_libraries()
    assert any(f.path == Path("/usr/lib/softhsm/libsofthsm2.so") and "SoftHSM" in f.ca for f in found)
