"""Where things live: the per-user data directory, the default data file, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "SoCDS"
DEFAULT_DB_NAME = "socds.db"


def user_data_dir() -> Path:
    """The per-user data directory (created on demand). SOCDS_HOME overrides it (tests, portable use)."""
    override = os.environ.get("SOCDS_HOME")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = Path(xdg) / "socds"
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    return user_data_dir() / DEFAULT_DB_NAME


def log_dir() -> Path:
    d = user_data_dir() / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d


def sidecar_dir(db_path: Path) -> Path:
    """The folder beside a data file holding its evidence files, backups and keys: `<name>-data/`."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + "-data")


def resources_dir() -> Path:
    """resources/ of the source tree, or of a PyInstaller bundle (sys._MEIPASS)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def guide_dir() -> Path:
    """docs/huong-dan/ (the user guide: Markdown and its pictures) of the source tree, or of a PyInstaller bundle
    (build/socds.spec puts it there)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "docs" / "huong-dan"
    return Path(__file__).resolve().parents[2] / "docs" / "huong-dan"
