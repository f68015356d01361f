"""The bundle's filter rules (build/bundle_filter.py, build/shrink_icu.py): what must stay, what must go.

The real proof is `make bundle` (it runs the built program); these catch a rule edit that would drop a file the
app needs, without a 4-minute build.
"""
import importlib.util
import os
import shutil
import subprocess
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
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "libsqlite3.so.0", "pkcs11/_pkcs11.cpython-311-x86_64-linux-gnu.so", "pypdfium2_raw/libpdfium.so",
    "lxml/etree.cpython-311-x86_64-linux-gnu.so", "PIL/_imaging.cpython-311-x86_64-linux-gnu.so",
    "python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", "_cffi_backend.cpython-311-x86_64-linux-gnu.so",
]
LINUX_DROP = [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/translations/qt_vi.qm", "reportlab/fonts/Vera.ttf",
    "libdbus-1.so.3", "libglib-2.0.so.0", "libxcb.so.1", "libfontconfig.so.1", "lxml/includes/tree.h",
    "libstdc++.so.6", "libssl.so.3", "libcrypto.so.3", "libcups.so.2", "certifi/cacert.pem",
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
    # Kept: what Qt asks ICU for (collation, case mapping, time-zone names, converter aliases) in root/en/vi.
    keep = ["root.res", "vi.res", "vi_VN.res", "en.res", "coll/vi.res", "coll/root.res", "coll/ucadata.icu",
            "cnvalias.icu", "supplementalData.res", "pool.res", "zone/vi.res", "zone/pool.res", "zoneinfo64.res",
            "metaZones.res", "timezoneTypes.res", "likelySubtags.res", "metadata.res", "nfkc.nrm"]
    drop = ["fr.res", "zh_Hant_TW.res", "coll/zh.res", "coll/de_.res", "ibm-943_P15A-2003.cnv",
            "translit/Latin_ASCII.res", "zone/ja.res", "brkitr/cjdict.dict", "brkitr/root.res",
            "curr/pool.res", "curr/vi.res", "unit/pool.res", "lang/vi.res", "region/en.res", "rbnf/vi.res",
            "units.res", "plurals.res", "langInfo.res", "rfc3491.spp", "uts46.nrm", "ulayout.icu", "uemoji.icu"]
    assert set(icu.items_to_drop(keep + drop)) == set(drop)


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


def excluded(module: str) -> bool:
    """PyInstaller's rule: an excluded name leaves out that module and everything under it."""
    return any(module == x or module.startswith(x + ".") for x in bf.EXCLUDED_MODULES)


@pytest.mark.parametrize("module", [
    "ssl", "hashlib", "concurrent.futures", "concurrent.futures.thread",
    "asyncio", "lxml.etree", "PIL.Image", "PIL.PngImagePlugin", "typing_extensions",
    "pyhanko.sign.timestamps", "pyhanko.sign.timestamps.api", "pyhanko.sign.validation.ades",
    "aiohttp", "aiohttp.http_parser", "aiohttp._websocket.helpers", "aiohttp._websocket.reader_py",
    "multidict._multidict_py", "yarl._quoting_py", "propcache._helpers_py",
    "pyhanko_certvalidator.fetchers", "pyhanko_certvalidator.fetchers.api",
    "pypdfium2", "pkcs11", "cryptography.hazmat.bindings._rust", "sqlite3", "unicodedata", "decimal",
    "PySide6.QtPrintSupport", "oscrypto", "pyhanko.sign.validation.qualified", "reportlab.platypus",
])
def test_modules_the_app_needs_are_not_excluded(module):
    assert not excluded(module)


@pytest.mark.parametrize("module", ["doctest", "pdb", "pydoc", "unittest.mock", "cffi.api", "multiprocessing",
                                    "multiprocessing.popen_spawn_posix", "concurrent.futures.process",
                                    "aiohttp._http_parser", "multidict._multidict", "yarl._quoting_c",
                                    "pyhanko.sign.timestamps.requests_client", "requests", "PySide6.QtQml", "tkinter"])
def test_unused_modules_are_excluded(module):
    assert excluded(module)


def test_commune_demo_of_fifty_schools_runs_without_multiprocessing(tmp_path):
    """The bundle leaves multiprocessing out: `socds demo --commune N` must not reach for it, also at 50 schools,
    where it used to start a process pool (in the bundle that import would fail: exit 70)."""
    code = ("import sys; sys.modules['multiprocessing'] = None\n"  # as absent as in the bundle
            "from desktop.cli import main\n"
            f"sys.exit(main(['demo', '--commune', '50', '--out', {str(tmp_path / 'xa')!r}]))")
    env = dict(os.environ, SOCDS_HOME=str(tmp_path / "home"), PYTHONPATH=str(BUILD.parent))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(list((tmp_path / "xa" / "bao-cao").glob("*.pdf"))) >= 49


@pytest.mark.parametrize("dest, system", [
    ("pillow.libs/libzstd-40ad5e7e.so.1.5.7", "libzstd.so.1"),
    ("pillow.libs/liblzma-de26b416.so.5.8.4", "liblzma.so.5"),
    ("pillow.libs/libxcb-9065bb12.so.1.1.0", "libxcb.so.1"), ("libXau-154567c4.so.6.0.0", "libXau.so.6"),
    ("pillow.libs/libtiff-20b7e810.so.6.3.0", None), ("pillow.libs/libjpeg-6dc8d115.so.62.4.0", None),
    ("libxcb-cursor.so.0", None), ("libxcb-icccm.so.4", None), ("libzstd.so.1", None),
])
def test_vendored_copies_of_system_libraries(dest, system, monkeypatch):
    monkeypatch.setattr(bf, "WINDOWS", False)
    assert bf.vendored_system_copy(dest) == system


def pillow_lib(stem):
    import PIL

    return next((Path(PIL.__file__).parents[1] / "pillow.libs").glob(f"{stem}-*.so*"), None)


needs_elf_tools = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("readelf"),
                                     reason="needs Linux and readelf")


@needs_elf_tools
def test_rename_needed_rewrites_the_library_name(tmp_path):
    tiff, zstd = pillow_lib("libtiff"), pillow_lib("libzstd")
    if tiff is None or zstd is None:
        pytest.skip("this Pillow wheel vendors no libtiff/libzstd")
    copy = tmp_path / tiff.name
    shutil.copyfile(tiff, copy)
    assert zstd.name in bf._needed(str(copy))
    bf.rename_needed(copy, {zstd.name: "libzstd.so.1"})
    needed = bf._needed(str(copy))
    assert "libzstd.so.1" in needed and zstd.name not in needed
    assert copy.stat().st_size == tiff.stat().st_size
    with pytest.raises(ValueError):
        bf.rename_needed(copy, {zstd.name: "libzstd.so.1"})  # no longer there
    with pytest.raises(ValueError):
        bf.rename_needed(copy, {"libc.so.6": "libc-with-a-longer-name.so.6"})


@needs_elf_tools
def test_relink_vendored_drops_copies_and_relinks_their_users(tmp_path, monkeypatch):
    monkeypatch.setattr(bf, "WINDOWS", False)
    import PIL

    imaging = next(Path(PIL.__file__).parent.glob("_imaging.*.so"), None)
    xcb, xau, jpeg = pillow_lib("libxcb"), pillow_lib("libXau"), pillow_lib("libjpeg")
    if None in (imaging, xcb, xau, jpeg):
        pytest.skip("this Pillow wheel has another layout")
    toc = [(f"PIL/{imaging.name}", str(imaging), "EXTENSION"), (f"pillow.libs/{xcb.name}", str(xcb), "BINARY"),
           (f"pillow.libs/{xau.name}", str(xau), "BINARY"), (f"pillow.libs/{jpeg.name}", str(jpeg), "BINARY"),
           (xcb.name, f"pillow.libs/{xcb.name}", "SYMLINK")]
    kept, dropped = bf.relink_vendored(toc, tmp_path)
    assert [e[0] for e in kept] == [f"PIL/{imaging.name}", f"pillow.libs/{jpeg.name}"]
    assert {e[0] for e in dropped} == {f"pillow.libs/{xcb.name}", f"pillow.libs/{xau.name}", xcb.name}
    relinked = kept[0][1]
    assert Path(relinked).is_relative_to(tmp_path)
    assert "libxcb.so.1" in bf._needed(relinked) and xcb.name not in bf._needed(relinked)
    assert kept[1][1] == str(jpeg)  # names nothing that was dropped: left as it is
