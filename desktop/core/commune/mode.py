"""The application mode: a school's own book, or a managing body (authority) receiving schools' reports.

One data file may hold both (a school's data and, say, the commune's roster); the mode only chooses what the
window shows first. Stored as the setting "app_mode"."""

from __future__ import annotations

from desktop.core.errors import UserError
from desktop.core.store import Store

MODES = {"school": "Trường học", "authority": "Cơ quan quản lý (UBND xã/phường hoặc Sở)"}
SETTING = "app_mode"


def get_mode(store: Store) -> str | None:
    """None until the user has chosen (first run)."""
    mode = store.get_setting(SETTING)
    return mode if mode in MODES else None


def set_mode(store: Store, mode: str) -> None:
    if mode not in MODES:
        raise UserError(f"Chế độ «{mode}» không hợp lệ; chọn một trong: {', '.join(MODES.values())}.")
    store.set_setting(SETTING, mode)


# Authority mode lists its own pages first and the school's own pages only when this setting is on.
SHOW_SCHOOL_PAGES = "show_school_pages"


def shows_school_pages(store: Store) -> bool:
    return bool(store.get_setting(SHOW_SCHOOL_PAGES))


def set_show_school_pages(store: Store, on: bool) -> None:
    store.set_setting(SHOW_SCHOOL_PAGES, bool(on))
