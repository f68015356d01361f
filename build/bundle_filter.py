"""What the bundle leaves out: unused Qt libraries, plugins and translations, unused stdlib and test code.

Used by build/socds.spec (PyInstaller executes the spec with build/ on no path, so the spec loads this file by
its path). Each rule matches the destination path inside the bundle, with forward slashes. docs/packaging.md
lists the rules with what each one saves.
"""
from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

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
    # pyHanko imports its aiohttp timestamp client and fetcher backend unconditionally (the app never uses them:
    # validation runs with allow_fetching=False), so aiohttp and what it needs ship; these are never imported.
    "pyhanko.sign.timestamps.requests_client", "pyhanko_certvalidator.fetchers.requests_fetchers",
    "pyhanko.sign.validation.qualified.eutl_fetch", "pyhanko.sign.signers.csc_signer",
    # aiohttp is only imported, never used: its C speed-ups and those of the libraries it needs have pure-Python
    # twins each package falls back to (importing aiohttp takes as long either way).
    "aiohttp._http_parser", "aiohttp._http_writer", "aiohttp._websocket.mask", "aiohttp._websocket.reader_c",
    "multidict._multidict", "yarl._quoting_c", "frozenlist._frozenlist", "propcache._helpers_c",
    "PIL.ImageCms", "PIL._imagingcms",
    # HTTP client stack only pyHanko's optional requests fetchers would use; pycparser only builds cffi modules.
    "requests", "urllib3", "charset_normalizer", "chardet", "pycparser", "lxml.builder",
    "readline", "_pydecimal", "_codecs_jp", "_codecs_cn", "_codecs_kr", "_codecs_tw", "_codecs_hk",
    "_codecs_iso2022",
    "PIL.ImageQt", "PIL.ImageTk", "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
    "pyhanko.cli",
    # Reached only from `if __name__ == "__main__"` self-tests (reportlab's doctest.testmod()) and pdb: doctest
    # brought pdb, bdb, pydoc (+ http.server, socketserver), unittest. cffi's compiler front end: cryptography needs only _cffi_backend, and oscrypto falls back to ctypes
    # (with pycparser left out, cffi could not parse a declaration in the bundle anyway).
    "doctest", "pdb", "bdb", "pydoc", "unittest", "lxml.doctestcompare", "lxml.usedoctest",
    "xmlrpc", "http.server", "socketserver", "smtplib", "cgi", "cgitb", "cffi",
    "reportlab.graphics.testshapes", "reportlab.graphics.samples",
    # The program starts no processes (intake runs in one process; `socds demo --commune` renders in one too).
    # Left in, multiprocessing brought PyInstaller's runtime hook, which imports multiprocessing, its spawn
    # machinery, subprocess and signal before every start. concurrent.futures keeps its thread pool.
    "multiprocessing", "concurrent.futures.process",
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
    # certifi's CA bundle, should a hook collect it as data although the certifi module is excluded above.
    "*/certifi/cacert.pem",
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
    # OpenSSL 3 for Python's _ssl/_hashlib (cryptography links its own copy): every distribution with glibc 2.34+
    # ships OpenSSL 3 (ca-certificates, openssh and python3 depend on it), and within 3.x the ABI is stable.
    "libssl.so.*", "libcrypto.so.*",
    # CUPS client for Qt's print plugin, which Qt loads only when printing. libcups2 comes with every desktop
    # (GTK 3 depends on it), and without a CUPS client there is no printer to print to; bundling it dragged in
    # GnuTLS, Kerberos, Avahi, p11-kit, nettle, gmp, libunistring (9 MB, pruned with it as unreachable).
    "libcups.so.*",
]

# Linux: copies of base-system libraries that wheels vendor (auditwheel names them <pkg>.libs/libNAME-<hash>.so.N):
# Pillow's libtiff needs zstd and lzma, its _imaging needs xcb (ImageGrab), xcb needs Xau. The binaries that need
# them are relinked to the system's library (same ABI, listed in SYSTEM_LIBS) and the vendored copy is left out.
VENDORED_FROM_SYSTEM = {"libzstd": "libzstd.so.1", "liblzma": "liblzma.so.5", "libxcb": "libxcb.so.1",
                        "libXau": "libXau.so.6"}
_VENDORED = re.compile(r"^(lib[A-Za-z0-9_+]+?)-[0-9a-f]{8}\.so(\.\d+)*$")


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
    out = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def vendored_system_copy(dest: str) -> str | None:
    """The system soname a vendored copy stands for (pillow.libs/libzstd-40ad5e7e.so.1.5.7 -> libzstd.so.1),
    also for the top-level symlink PyInstaller makes to it; None for anything else."""
    m = _VENDORED.match(dest.replace("\\", "/").rsplit("/", 1)[-1])
    return VENDORED_FROM_SYSTEM.get(m.group(1)) if m and not WINDOWS else None


def relink_vendored(toc, workdir: Path):
    """Leave out the vendored copies of VENDORED_FROM_SYSTEM libraries; every kept binary that names one in its
    DT_NEEDED is copied to workdir/relinked with the name changed to the system soname. Returns (toc, dropped)."""
    renames = {e[0].replace("\\", "/").rsplit("/", 1)[-1]: vendored_system_copy(e[0])
               for e in toc if vendored_system_copy(e[0])}
    kept, dropped = [], []
    for dest, src, kind in toc:
        if dest.replace("\\", "/").rsplit("/", 1)[-1] in renames:
            dropped.append((dest, src, kind))
            continue
        if renames and kind in ("BINARY", "EXTENSION") and os.path.isfile(src):
            names = {n: renames[n] for n in _needed(src) if n in renames}
            if names:
                out = workdir / "relinked" / dest
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, out)
                rename_needed(out, names)
                src = str(out)
        kept.append((dest, src, kind))
    return kept, dropped


def rename_needed(path: Path, names: dict[str, str]) -> None:
    """Rewrite library names in an ELF file's .dynstr in place (DT_NEEDED and the version-needs file names point
    there). Each new name is no longer than the old one, so it fits in the old one's bytes, NUL-padded."""
    off, size = _section(path, ".dynstr")
    data = bytearray(path.read_bytes())
    table = data[off:off + size]
    for old, new in names.items():
        if len(new) > len(old):
            raise ValueError(f"{new} is longer than {old}")
        pattern, hits = b"\0" + old.encode() + b"\0", 0
        at = table.find(pattern)
        while at != -1:
            table[at + 1:at + 1 + len(old)] = new.encode().ljust(len(old), b"\0")
            hits += 1
            at = table.find(pattern, at + 1)
        if not hits:
            raise ValueError(f"{old} not in the string table of {path}")
    data[off:off + size] = table
    path.write_bytes(bytes(data))
    dynamic = subprocess.run(["readelf", "-d", "-V", "-W", str(path)], capture_output=True, text=True).stdout
    left = [old for old in names if old in dynamic]
    if left:
        raise ValueError(f"{path} still names {left}")


def _section(path: Path, name: str) -> tuple[int, int]:
    """(file offset, size) of a section, from readelf."""
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = re.search(r"\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and m.group(1) == name:
            return int(m.group(2), 16), int(m.group(3), 16)
    raise ValueError(f"no {name} section in {path}")
