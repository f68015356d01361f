"""Errors a user may see. Every message is Vietnamese (NFC) and says what is wrong and where.

Core code raises these; the CLI prints `str(err)` on one line and exits non-zero, the GUI shows it in a dialog.
Anything that is not a UserError is a bug: it goes to the log file, and the user sees a generic message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class UserError(Exception):
    """A problem the user can understand and act on. `exit_code` is used by the CLI."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(nfc(message))

    @property
    def message(self) -> str:
        return self.args[0]


class Location:
    """Where in an input file a problem is: file, sheet, row, column (any may be missing)."""

    __slots__ = ("file", "sheet", "row", "column", "path")

    def __init__(self, file=None, sheet=None, row=None, column=None, path=None):
        self.file, self.sheet, self.row, self.column, self.path = file, sheet, row, column, path

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.sheet:
            parts.append(f"trang tính «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        if self.path:
            parts.append(f"mục {self.path}")
        return ", ".join(parts)


class ValidationError(UserError):
    """One or more located problems in an input file. Nothing is written when this is raised."""

    exit_code = 3

    def __init__(self, problems: Sequence[tuple[Location | None, str]], title: str = "Tệp có lỗi"):
        self.problems = [(loc, nfc(msg)) for loc, msg in problems]
        lines = [f"{title} ({len(self.problems)} lỗi):"]
        for loc, msg in self.problems[:50]:
            lines.append(f"- {loc}: {msg}" if loc and str(loc) else f"- {msg}")
        if len(self.problems) > 50:
            lines.append(f"- … và {len(self.problems) - 50} lỗi khác")
        super().__init__("\n".join(lines))


class DataFileError(UserError):
    """The SQLite data file cannot be used (damaged, not ours, newer than this program)."""

    exit_code = 4


class NeedsConfirmation(UserError):
    """Something the user must see and accept before going on (pre-send warnings, certificate findings).
    `lines` are shown as a list; the GUI asks and retries with the acceptance, the CLI needs an explicit flag."""

    exit_code = 6

    def __init__(self, message: str, lines: list[str], what: str):
        super().__init__(message + "\n" + "\n".join(ln if ln.startswith("- ") else f"- {ln}" for ln in lines))
        self.lines, self.what = list(lines), what  # what: "warnings" | "certificate"


class DataFileLocked(UserError):
    """Another instance of the program has the data file open."""

    exit_code = 5
