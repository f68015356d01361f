"""A rotating log file in the user data directory: where unexpected errors go, for the user to email."""
from __future__ import annotations

import logging
from pathlib import Path

from desktop.core import paths

_configured: Path | None = None
MAX_BYTES, BACKUPS = 1_000_000, 5


class _RedactingFilter(logging.Filter):
    """Belt and braces: drop any record that carries an argument named like a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg).lower()
        return not any(word in msg for word in ("password=", "pin=", "passphrase="))


class _RotatingLog(logging.Handler):
    """logging.handlers.RotatingFileHandler, made at the first record: that module imports socket, pickle and
    queue (~5 ms), which a start that logs nothing need not pay (issue 11). The file is created at once, as the
    rotating handler would: the log is always there to attach to an email."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._rotating: logging.Handler | None = None
        path.touch()

    def _handler(self) -> logging.Handler:
        if self._rotating is None:
            import logging.handlers

            self._rotating = logging.handlers.RotatingFileHandler(self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                                  encoding="utf-8")
            self._rotating.setFormatter(self.formatter)
        return self._rotating

    def emit(self, record: logging.LogRecord) -> None:  # called under this handler's lock, after its filters
        self._handler().emit(record)

    def setFormatter(self, fmt: logging.Formatter | None) -> None:  # noqa: N802 - logging's name
        super().setFormatter(fmt)
        if self._rotating is not None:
            self._rotating.setFormatter(fmt)

    def flush(self) -> None:
        if self._rotating is not None:
            self._rotating.flush()

    def close(self) -> None:
        if self._rotating is not None:
            self._rotating.close()
        super().close()


def setup_logging(level: int = logging.INFO) -> Path:
    global _configured
    if _configured:
        return _configured
    path = paths.log_dir() / "socds.log"
    handler = _RotatingLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path


def log_path() -> Path:
    return _configured or paths.log_dir() / "socds.log"
