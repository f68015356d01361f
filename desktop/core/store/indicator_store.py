"""Installed indicator sets (store/library.py: several versions side by side, append-only, immutable)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from desktop.core.indicator_parse import bundled_sets, load_file, parse_set
from desktop.core.indicators import IndicatorSet, dumps
from desktop.core.store import library
from desktop.core.store.db import Store


def _loads(content: str) -> IndicatorSet:
    return parse_set(json.loads(content, parse_float=Decimal), "dữ liệu đã cài")


def _load_xlsx(path: Path) -> IndicatorSet:
    from desktop.core.indicator_xlsx_import import import_xlsx  # openpyxl, only when a workbook is read

    return import_xlsx(path)


def _write_xlsx(iset: IndicatorSet, path: Path) -> Path:
    from desktop.core.indicator_xlsx import export_xlsx

    return export_xlsx(iset, path)


SHELF = library.Shelf(
    table="indicator_sets",
    id_column="set_id",
    noun="bộ chỉ số",
    command="indicators",
    dumps=dumps,
    loads=_loads,
    columns=lambda s: {"title": s.title, "status": s.status},
    bundled=bundled_sets,
    load_json=load_file,
    load_xlsx=_load_xlsx,
    write_xlsx=_write_xlsx,
    kept_for=" (các đánh giá cũ vẫn dùng nó)",
)


def install_set(store: Store, iset: IndicatorSet, source: str = "bundled") -> bool:
    """Install one version. True when newly installed, False when this exact content was already there."""
    return library.install(SHELF, store, iset, source)


def ensure_bundled(store: Store) -> list[str]:
    """Install the sets shipped with the program that are not installed yet; returns the refs installed."""
    return library.ensure_bundled(SHELF, store)


def list_sets(store: Store) -> list[dict]:
    return [dict(row, levels=list(s.levels)) for row, s in library.installed(SHELF, store)]


def get_set(store: Store, set_id: str, version: str | None = None) -> IndicatorSet:
    """One installed version (the newest when version is None); a Vietnamese UserError when not installed."""
    return library.get(SHELF, store, set_id, version)


def sets_for_level(store: Store, level: str) -> list[dict]:
    return [r for r in list_sets(store) if level in r["levels"]]


def needs_preschool_notice(store: Store) -> bool:
    """True for a preschool-only school (levels == ["MN"]) with no set for MN installed."""
    from desktop.core.store.profile import get_school

    school = get_school(store)
    return bool(school and school.levels == ["MN"] and not sets_for_level(store, "MN"))
