"""Installed indicator sets: several versions of a set side by side, each stored whole as its canonical JSON.

Installing is append-only and is not an undoable edit: a version, once installed, may be pinned by an
assessment, and undoing its installation would orphan that assessment. A version is immutable: installing the
same (set, version) again with different content is refused — a corrected file must carry a new version.
"""
from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from functools import lru_cache

from desktop.core.errors import UserError
from desktop.core.indicator_parse import bundled_sets, dumps, parse_set
from desktop.core.indicators import IndicatorSet
from desktop.core.store.db import Store, utcnow


def version_key(version: str) -> tuple:
    """Natural order: 2022.10 > 2022.9 > 2022.1; digits compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|[^\d._-]+", version))


def parse_ref(ref: str) -> tuple[str, str | None]:
    """"qd4725-2022@2022.1" → ("qd4725-2022", "2022.1"); without "@" the version is None (newest)."""
    set_id, _, version = ref.strip().partition("@")
    return set_id, (version or None)


@lru_cache(maxsize=32)
def _parse_content(content: str) -> IndicatorSet:
    return parse_set(json.loads(content, parse_float=Decimal), "dữ liệu đã cài")


def install_set(store: Store, iset: IndicatorSet, source: str = "bundled") -> bool:
    """Install one version. True when newly installed, False when this exact content was already there."""
    content = dumps(iset)
    sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
    with store.tx():
        row = store.db.execute("SELECT sha256 FROM indicator_sets WHERE set_id = ? AND version = ?",
                                 (iset.set_id, iset.version)).fetchone()
        if row:
            if row[0] == sha:
                return False
            raise UserError(
                f"Bộ chỉ số {iset.set_id} phiên bản {iset.version} đã được cài với nội dung khác. Một phiên bản đã cài "
                "không được thay đổi (các đánh giá cũ vẫn dùng nó): hãy ghi số phiên bản mới trong tệp rồi nạp lại.")
        store.db.execute(
            "INSERT INTO indicator_sets (set_id, version, title, status, content, sha256, source, installed_at) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (iset.set_id, iset.version, iset.title, iset.status, content, sha, source, utcnow()))
    return True


def ensure_bundled(store: Store) -> list[str]:
    """Install the sets shipped with the program that are not installed yet; returns the refs installed."""
    return [s.ref for s in bundled_sets() if install_set(store, s, "bundled")]


def list_sets(store: Store) -> list[dict]:
    rows = [dict(r) for r in store.db.query(
        "SELECT set_id, version, title, status, source, installed_at, content FROM indicator_sets")]
    for r in rows:
        r["levels"] = json.loads(r.pop("content")).get("levels", [])
    return sorted(rows, key=lambda r: (r["set_id"], version_key(r["version"])))


def versions(store: Store, set_id: str) -> list[str]:
    # Only the version column: parsing every installed file's content just to pick the newest is wasted work.
    rows = store.db.execute("SELECT version FROM indicator_sets WHERE set_id = ?", (set_id,)).fetchall()
    return sorted((r[0] for r in rows), key=version_key)


def get_set(store: Store, set_id: str, version: str | None = None) -> IndicatorSet:
    """One installed version (the newest when version is None); a Vietnamese UserError when not installed."""
    if version is None:
        have = versions(store, set_id)
        if not have:
            _missing(store, set_id, None)
        version = have[-1]
    row = store.db.execute("SELECT content FROM indicator_sets WHERE set_id = ? AND version = ?",
                             (set_id, version)).fetchone()
    if not row:
        _missing(store, set_id, version)
    return _parse_content(row[0])


def _missing(store: Store, set_id: str, version: str | None):
    what = f"{set_id} phiên bản {version}" if version else set_id
    have = ", ".join(f"{r['set_id']}@{r['version']}" for r in list_sets(store)) or "chưa có bộ nào"
    raise UserError(f"Chưa cài bộ chỉ số {what}. Các bộ đã cài: {have}. "
                    "Nạp tệp bộ chỉ số bằng «socds indicators import TỆP.xlsx».")


def sets_for_level(store: Store, level: str) -> list[dict]:
    return [r for r in list_sets(store) if level in r["levels"]]


def needs_preschool_notice(store: Store) -> bool:
    """True for a preschool-only school (levels == ["MN"]) with no set for MN installed."""
    from desktop.core.store.profile import get_school

    school = get_school(store)
    return bool(school and school.levels == ["MN"] and not sets_for_level(store, "MN"))
