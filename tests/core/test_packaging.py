"""The bundle's filter rules (build/bundle_filter.py, build/shrink_icu.py): what must stay, what must go.

The real proof is `make bundle` (it runs the built program); these catch a rule edit that would drop a file the
app needs, without a 4-minute build.
"""
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parents[2] / "build"


def load(name):
    spec = importlib.util.spec_from_file_location(name, BUILD / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bf = load("bundle_filter")
icu = load("shrink_icu")

LINUX_KEEP = [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/translations/qtbase_vi.qm",
    "libxcb-cursor.so.0", "libpython3.11.so.1.0", "pillow.libs/libxcb-9065bb12.so.1.1.0",
    "resources/fonts/LiberationSerif-Regular.ttf", "resources/icons/socds-16.png",
    "resources/indicators/qd4725-2022.json", "cryptography/hazmat/bindings/_rust.abi3.so",
]
LINUX_DROP = [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/translations/qt_vi.qm", "reportlab/fonts/Vera.ttf",
    "libdbus-1.so.3", "libglib-2.0.so.0", "libxcb.so.1", "libfontconfig.so.1", "lxml/includes/tree.h",
    "libstdc++.so.6",
]


@pytest.mark.parametrize("dest", LINUX_KEEP)
def test_linux_keeps(dest, monkeypatch):
    monkeypatch.setattr(bf, "WINDOWS", False)
    assert bf.keep(dest)


@pytest.mark.parametrize("dest", LINUX_DROP)
def test_linux_drops(dest, monkeypatch):
    monkeypatch.setattr(bf, "WINDOWS", False)
    assert not bf.keep(dest)


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt6Core.dll", True), ("PySide6/Qt6Widgets.dll", True), ("PySide6/Qt6Quick.dll", False),
    ("PySide6/plugins/platforms/qwindows.dll", True), ("PySide6/plugins/platforms/qoffscreen.dll", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True), ("PySide6/plugins/imageformats/qtiff.dll", False),
    ("PySide6/translations/qtbase_vi.qm", True), ("PySide6/translations/qtbase_fr.qm", False),
    ("PySide6/opengl32sw.dll", False), ("PySide6/msvcp140.dll", True), ("python311.dll", True),
])
def test_windows_rules(dest, kept, monkeypatch):
    monkeypatch.setattr(bf, "WINDOWS", True)
    assert bf.keep(dest) is kept


def test_filter_toc_splits_entries():
    toc = [("PySide6/Qt/lib/libQt6Core.so.6", "/x", "BINARY"), ("PySide6/Qt/lib/libQt6Qml.so.6", "/y", "BINARY")]
    kept, dropped = bf.filter_toc(toc)
    assert [e[0] for e in kept] == ["PySide6/Qt/lib/libQt6Core.so.6"]
    assert [e[0] for e in dropped] == ["PySide6/Qt/lib/libQt6Qml.so.6"]


def test_icu_keeps_root_english_vietnamese_and_core_data():
    items = ["root.res", "vi.res", "vi_VN.res", "en.res", "fr.res", "zh_Hant_TW.res", "coll/vi.res",
             "coll/zh.res", "coll/de_.res", "coll/ucadata.icu", "brkitr/cjdict.dict", "brkitr/root.res",
             "ibm-943_P15A-2003.cnv", "cnvalias.icu", "translit/Latin_ASCII.res", "supplementalData.res",
             "pool.res", "curr/pool.res", "uts46.nrm", "zone/vi.res", "zone/ja.res"]
    drop = set(icu.items_to_drop(items))
    assert drop == {"fr.res", "zh_Hant_TW.res", "coll/zh.res", "coll/de_.res", "ibm-943_P15A-2003.cnv",
                    "translit/Latin_ASCII.res", "zone/ja.res", "brkitr/cjdict.dict", "brkitr/root.res"}


@pytest.mark.skipif(not sys.platform.startswith("linux") or not (shutil.which("nm") and shutil.which("readelf")),
                    reason="needs binutils (nm, readelf)")
def test_icu_symbol_found_in_the_wheel_library():
    import PySide6

    lib = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"), None)
    if lib is None:
        pytest.skip("this PySide6 wheel has no ICU")
    name, offset, size = icu.symbol(lib)
    assert name.startswith("icudt") and size > 1_000_000
    with lib.open("rb") as f:
        f.seek(offset)
        header = f.read(32)
    assert header[2:4] == b"\xda\x27"  # ICU data header magic
