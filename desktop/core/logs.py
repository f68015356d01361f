"""A rotating log file in the user data directory: where unexpected errors go, for the user to email."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.core import paths

_configured: Path | None = None
MAX_BYTES, BACKUPS = 1_000_000, 5


class _RedactingFilter(logging.Filter):
    """Belt and braces: drop any record that carries an argument named like a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg).lower()
        return not any(word in msg for word in ("password=", "pin=", "passphrase="))


def setup_logging(level: int = logging.INFO) -> Path:
    global _configured
    if _configured:
        return _configured
    path = paths.log_dir() / "socds.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path


def log_path() -> Path:
    return _configured or paths.log_dir() / "socds.log"
