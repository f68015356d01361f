"""The report's typeface: the user's own Times New Roman when the system has it (it may not be shipped), else the
bundled Liberation Serif (metric-compatible, SIL OFL). Four faces registered as one family so <b>/<i> work.

SOCDS_REPORT_FONT=bundled forces Liberation Serif (reproducible output, tests).
"""

from __future__ import annotations

import copy
import os
import threading
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.core.paths import resource

FAMILY = "DocSerif"
FACES = ("regular", "bold", "italic", "bolditalic")
TIMES_NAMES = {
    "regular": ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
    "bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
    "italic": ("timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"),
    "bolditalic": ("timesbi.ttf", "Times_New_Roman_Bold_Italic.ttf", "Times New Roman Bold Italic.ttf"),
}
LIBERATION = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
_registered: str | None = None
_parsed: dict[str, TTFont] = {}  # font file -> the first TTFont made from it
_lock = threading.RLock()  # exports and previews render on worker threads


def ttfont(name: str, path: Path | str) -> TTFont:
    """A TrueType font named `name` from the file at `path`. A file already read in this process is not parsed
    again (~7 ms a face): the new font shares the parsed face, which reportlab only reads once it is built (no
    shaping here: uharfbuzz is not installed), and keeps its own per-document state (subsets, names). The
    signature appearance's Liberation Serif faces are the report's own when the report uses Liberation."""
    key = str(path)
    with _lock:
        first = _parsed.get(key)
        if first is None:
            _parsed[key] = font = TTFont(name, key)
            return font
    font = copy.copy(first)
    font.fontName = name
    font.state = WeakKeyDictionary()
    return font


def font_dirs() -> list[Path]:
    dirs = []
    if os.name == "nt":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    else:
        home = Path.home()
        dirs += [
            Path("/usr/share/fonts/truetype/msttcorefonts"),
            Path("/usr/share/fonts/TTF"),
            Path("/usr/share/fonts/truetype"),
            Path("/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            home / ".fonts",
            home / ".local/share/fonts",
            home / "Library/Fonts",
        ]
    return dirs


def find_times() -> dict[str, Path] | None:
    """The four Times New Roman faces, or None when any is missing."""
    found: dict[str, Path] = {}
    for face, names in TIMES_NAMES.items():
        for d in font_dirs():
            for n in names:
                for cand in (d / n, d / n.lower()):
                    if cand.is_file():
                        found[face] = cand
                        break
                if face in found:
                    break
            if face in found:
                break
    return found if len(found) == 4 else None


def bundled() -> dict[str, Path]:
    return {face: resource("fonts", name) for face, name in LIBERATION.items()}


def register() -> str:
    """Register the family once; returns the name of the typeface actually used."""
    global _registered
    if _registered:
        return _registered
    with _lock:
        if _registered:
            return _registered
        files = None if os.environ.get("SOCDS_REPORT_FONT") == "bundled" else find_times()
        used = "Times New Roman"
        if files:
            try:
                _register(files)
            except (TTFError, OSError):
                files = None
        if not files:
            _register(bundled())
            used = "Liberation Serif"
        _registered = used
        return used


def _register(files: dict[str, Path]) -> None:
    names = {
        "regular": FAMILY,
        "bold": FAMILY + "-Bold",
        "italic": FAMILY + "-Italic",
        "bolditalic": FAMILY + "-BoldItalic",
    }
    fonts = {face: ttfont(names[face], files[face]) for face in FACES}  # all load before any registers
    for f in fonts.values():
        pdfmetrics.registerFont(f)
    pdfmetrics.registerFontFamily(
        FAMILY, normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bolditalic"]
    )
    for (b, i), face in {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic", (1, 1): "bolditalic"}.items():
        addMapping(FAMILY, b, i, names[face])


BOLD, ITALIC, BOLDITALIC = FAMILY + "-Bold", FAMILY + "-Italic", FAMILY + "-BoldItalic"
