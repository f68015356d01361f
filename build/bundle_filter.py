"""What the bundle leaves out: unused Qt libraries, plugins and translations, unused stdlib and test code.

Used by build/socds.spec (PyInstaller executes the spec with build/ on no path, so the spec loads this file by
its path). Each rule matches the destination path inside the bundle, with forward slashes. docs/packaging.md
lists the rules with what each one saves.
"""
from __future__ import annotations

import fnmatch
import sys

WINDOWS = sys.platform == "win32"

# Qt modules the app imports (QtCore, QtGui, QtWidgets) and what those need at run time. Everything else is cut.
QT_LIBS_KEEP = {"Core", "Gui", "Widgets", "DBus", "XcbQpa", "PrintSupport"}

# Plugins kept, per plugin folder. Anything in a folder not listed is dropped.
PLUGINS_KEEP = {
    # offscreen: --smoke and tests; minimal: headless fallback; xcb: X11/XWayland desktops; windows: Windows.
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qwindows", "qdirect2d"},
    "imageformats": {"qjpeg", "qico"},  # PNG is built into QtGui; the UI uses no SVG (icons are PNGs)
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
    # Vietnamese is typed through an input method (ibus-unikey/bamboo on Linux): keep ibus and compose.
    "platforminputcontexts": {"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"},
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
}

# Translations: only Vietnamese Qt base strings (buttons of standard dialogs).
TRANSLATIONS_KEEP = {"qtbase_vi.qm"}

# Python modules that the dependencies import only for features the app does not use.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data", "ensurepip", "venv",
    "distutils", "setuptools", "pkg_resources", "pip", "wheel",
    "test", "tests", "unittest.test", "sqlite3.test", "ctypes.test", "tkinter.test", "lib2to3.tests",
    "pytest", "_pytest", "pytestqt", "hypothesis", "IPython", "matplotlib", "numpy", "pandas", "scipy",
    "lxml.html", "lxml.isoschematron", "lxml.objectify", "lxml.sax",
    # C speed-ups with pure-Python fallbacks, in the import chain of pyHanko's (unused) network fetchers.
    "aiohttp._http_parser", "aiohttp._http_writer", "aiohttp._websocket.reader_c", "aiohttp._websocket.mask",
    "multidict._multidict", "yarl._quoting_c", "propcache._helpers_c", "frozenlist._frozenlist",
    "PIL.ImageCms", "PIL._imagingcms",
    # HTTP client stack only pyHanko's optional requests fetchers would use; pycparser only builds cffi modules.
    "requests", "urllib3", "charset_normalizer", "chardet", "pycparser", "lxml.builder",
    "readline", "_pydecimal", "_codecs_jp", "_codecs_cn", "_codecs_kr", "_codecs_tw", "_codecs_hk",
    "_codecs_iso2022",
    "PIL.ImageQt", "PIL.ImageTk", "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
    "pyhanko.cli",
    "reportlab.graphics.testshapes", "reportlab.graphics.samples",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtTest", "PySide6.QtXml",
    "PySide6.QtHelp", "PySide6.QtConcurrent", "PySide6.QtDBus", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtNetworkAuth", "PySide6.QtStateMachine",
]

# Whole files dropped wherever they are (ICU is handled separately: build/shrink_icu.py).
DROP_GLOBS = [
    "*/Qt/qml/*", "*/Qt/metatypes/*", "*/Qt/libexec/*", "*/Qt/resources/*",
    "*/lxml/includes/*", "*/lxml/*.h", "*/lxml/*.pxd", "*/lxml/*.pyx",
    "*/reportlab/fonts/*",  # demo fonts; the app embeds Liberation from resources/fonts
    "*/pypdfium2_raw/*.h",
    "*.pyi", "*/typing/*",
    "*/opengl32sw.dll",  # Windows software OpenGL (~20 MB): widgets paint with the raster engine
]


# Linux: libraries every desktop with X11 has, taken from the system as AppImage's excludelist does (and listed
# in the Makefile's run dependencies). Bundling them also dragged in libsystemd, libgcrypt, libpcre2...
# The PySide6 wheels need glibc 2.34+ anyway, so target systems are recent enough to have all of them.
# The xcb-util family (libxcb-cursor, -icccm, -image, ...) stays bundled: often missing, Qt cannot start without it.
SYSTEM_LIBS = [
    "libdbus-1.so.*", "libfontconfig.so.*", "libfreetype.so.*", "libexpat.so.*", "libpng16.so.*",
    "libbrotli*.so.*", "libX11.so.*", "libX11-xcb.so.*", "libXau.so.*", "libXdmcp.so.*", "libXext.so.*",
    "libXrender.so.*", "libxcb.so.*", "libxkbcommon.so.*",
    "libglib-2.0.so.*", "libgthread-2.0.so.*", "libgobject-2.0.so.*", "libgio-2.0.so.*", "libgmodule-2.0.so.*",
    "libgcc_s.so.*", "libstdc++.so.*",
    # Parts of every Linux base system (Debian/Ubuntu essential packages).
    "libz.so.*", "libzstd.so.*", "liblzma.so.*", "libbz2.so.*", "libuuid.so.*", "libffi.so.*",
]


def _system_lib(dest: str) -> bool:
    return not WINDOWS and "/" not in dest and any(fnmatch.fnmatch(dest, g) for g in SYSTEM_LIBS)


def _qt_parts(dest: str):
    """('lib', name) / ('plugin', folder, name) / ('translation', name) for Qt files, else None."""
    d = dest.replace("\\", "/")
    if "/Qt/plugins/" in d or d.startswith("PySide6/plugins/"):
        rest = d.split("plugins/", 1)[1].split("/")
        if len(rest) >= 2:
            name = rest[-1].split(".")[0]
            name = name[3:] if name.startswith("lib") and not WINDOWS else name
            return ("plugin", rest[0], name)
    if "/translations/" in d:
        return ("translation", d.rsplit("/", 1)[1])
    base = d.rsplit("/", 1)[-1]
    for prefix in ("libQt6", "Qt6"):
        if base.startswith(prefix):
            return ("lib", base[len(prefix):].split(".")[0])
    return None


def keep(dest: str) -> bool:
    d = dest.replace("\\", "/")
    if any(fnmatch.fnmatch("/" + d, g) for g in DROP_GLOBS) or _system_lib(d):
        return False
    qt = _qt_parts(d)
    if qt is None:
        return True
    if qt[0] == "lib":
        return qt[1] in QT_LIBS_KEEP
    if qt[0] == "plugin":
        return qt[2] in PLUGINS_KEEP.get(qt[1], set())
    return qt[1] in TRANSLATIONS_KEEP


def filter_toc(toc):
    """A PyInstaller TOC (list of (dest, src, kind)) without the dropped entries, and what was dropped."""
    kept, dropped = [], []
    for entry in toc:
        (kept if keep(entry[0]) else dropped).append(entry)
    return kept, dropped


def prune_unreachable(toc, roots=("libpython",)):
    """Drop top-level shared libraries nothing kept links to any more (on Linux, the system libraries that
    came in only for a dropped plugin, e.g. GTK for the gtk3 theme). Roots: every binary inside a package
    folder (extension modules, Qt libraries and plugins) plus libpython, which the launcher loads."""
    top = {e[0]: e for e in toc if "/" not in e[0].replace("\\", "/") and e[2] == "BINARY"}
    reached = set()
    todo = [e for e in toc if e[0] not in top or e[0].startswith(roots)]
    seen_src = set()
    while todo:
        entry = todo.pop()
        if entry[1] in seen_src or entry[2] not in ("BINARY", "EXTENSION"):
            continue
        seen_src.add(entry[1])
        for name in _needed(entry[1]):
            if name in top and name not in reached:
                reached.add(name)
                todo.append(top[name])
    kept = [e for e in toc if e[0] not in top or e[0] in reached or e[0].startswith(roots)]
    dropped = [e for e in toc if e not in kept]
    return kept, dropped


def _needed(path: str) -> list[str]:
    """Direct DT_NEEDED entries of an ELF file (PyInstaller's own lookup uses ldd: the transitive closure, which
    would keep whatever a dropped library needed)."""
    import subprocess

    out = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def slim_vendored_xau(toc):
    """Pillow's wheel vendors libXau (for ImageGrab on X11, unused here) padded to 2 MB by its page alignment;
    the system's libXau (same ABI, ~15 kB) is bundled under the vendored name instead."""
    import glob

    system = next(iter(sorted(glob.glob("/usr/lib/x86_64-linux-gnu/libXau.so.6*") +
                                glob.glob("/lib/x86_64-linux-gnu/libXau.so.6*") +
                                glob.glob("/usr/lib64/libXau.so.6*"))), None)
    if WINDOWS or system is None:
        return toc
    return [(d, system, t) if fnmatch.fnmatch(d.replace("\\", "/"), "pillow.libs/libXau-*.so*") else (d, s, t)
            for d, s, t in toc]
