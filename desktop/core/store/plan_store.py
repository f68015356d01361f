"""Installed plan packs (several versions side by side) and the packs a school follows in a school year.

Installing is append-only, like indicator sets: a version, once installed, never changes (a corrected file must
carry a new version). Following is an undoable edit. Progress is keyed by pack_id + row id, not by version, so
following a newer version of a pack keeps the progress of every row whose id the new version still has.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from desktop.core.errors import UserError
from desktop.core.plans import PlanPack, bundled_packs, dumps, loads
from desktop.core.store.db import Store, utcnow
from desktop.core.store.indicator_store import version_key


def import_file(store: Store, path) -> tuple[PlanPack, bool]:
    """A plan file from the Sở or the commune (.xlsx in the plan spreadsheet form, or .json), read and validated
    whole before anything is written, then installed. (pack, True when newly installed)."""
    from pathlib import Path

    from desktop.core.plan_xlsx import import_xlsx
    from desktop.core.plans import load_file

    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".json"):
        raise UserError(f"Tệp {path.name}: tệp kế hoạch phải là bảng tính .xlsx (theo mẫu của Sổ CĐS) hoặc tệp .json.")
    pack = load_file(path) if path.suffix.lower() == ".json" else import_xlsx(path)
    return pack, install_pack(store, pack, source=path.name)


@lru_cache(maxsize=32)
def _parse(content: str) -> PlanPack:
    return loads(content, "dữ liệu đã cài")


def install_pack(store: Store, pack: PlanPack, source: str = "bundled") -> bool:
    """Install one version. True when newly installed, False when this exact content was already there."""
    content = dumps(pack)
    sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
    with store.tx():
        row = store.db.execute("SELECT sha256 FROM plan_packs WHERE pack_id = ? AND version = ?",
                                 (pack.pack_id, pack.version)).fetchone()
        if row:
            if row[0] == sha:
                return False
            raise UserError(
                f"Kế hoạch {pack.pack_id} phiên bản {pack.version} đã được cài với nội dung khác. Một phiên bản đã cài "
                "không được thay đổi: hãy ghi số phiên bản mới trong tệp rồi nạp lại.")
        store.db.execute(
            "INSERT INTO plan_packs (pack_id, version, title, content, sha256, source, installed_at) VALUES (?,?,?,?,?,?,?)",
            (pack.pack_id, pack.version, pack.title, content, sha, source, utcnow()))
    return True


def ensure_bundled(store: Store) -> list[str]:
    """Install the packs shipped with the program that are not installed yet; returns the refs installed."""
    with store.tx():  # one durable commit for all of them
        return [p.ref for p in bundled_packs() if install_pack(store, p, "bundled")]


def list_packs(store: Store) -> list[dict]:
    rows = [dict(r) for r in store.db.query(
        "SELECT pack_id, version, title, source, installed_at, content FROM plan_packs")]
    for r in rows:
        pack = _parse(r.pop("content"))
        r.update(issuer=pack.issuer, doc_number=pack.doc_number, doc_date=pack.doc_date, year=pack.year,
                 levels=list(pack.levels), targets=len(pack.targets), tasks=len(pack.tasks), reports=len(pack.reports))
    return sorted(rows, key=lambda r: (r["pack_id"], version_key(r["version"])))


def versions(store: Store, pack_id: str) -> list[str]:
    # Only the version column: parsing every installed file's content just to pick the newest is wasted work.
    rows = store.db.execute("SELECT version FROM plan_packs WHERE pack_id = ?", (pack_id,)).fetchall()
    return sorted((r[0] for r in rows), key=version_key)


def get_pack(store: Store, pack_id: str, version: str | None = None) -> PlanPack:
    """One installed version (the newest when version is None); a Vietnamese UserError when not installed."""
    if version is None:
        have = versions(store, pack_id)
        if not have:
            _missing(store, pack_id, None)
        version = have[-1]
    row = store.db.execute("SELECT content FROM plan_packs WHERE pack_id = ? AND version = ?",
                             (pack_id, version)).fetchone()
    if not row:
        _missing(store, pack_id, version)
    return _parse(row[0])


def _missing(store: Store, pack_id: str, version: str | None):
    what = f"{pack_id} phiên bản {version}" if version else pack_id
    have = ", ".join(f"{r['pack_id']}@{r['version']}" for r in list_packs(store)) or "chưa có kế hoạch nào"
    raise UserError(f"Chưa cài kế hoạch {what}. Các kế hoạch đã cài: {have}. "
                    "Nạp tệp kế hoạch bằng «socds plans import TỆP.xlsx».")


def _progress_ids(store: Store, school_year_id: int, pack_id: str) -> set[str]:
    return {r[0] for r in store.db.execute(
        "SELECT DISTINCT task_id FROM task_progress WHERE school_year_id = ? AND pack_id = ?", (school_year_id, pack_id))}


def follow_pack(store: Store, school_year_id: int, pack_id: str, version: str | None = None) -> list[str]:
    """Follow a pack in a school year, or move to another version of a pack already followed.

    Returns the ids of rows that have progress but are not in the chosen version: that progress stays in the
    file (following the old version again shows it) but is not on the checklist.
    """
    pack = get_pack(store, pack_id, version)
    with store.tx():
        row = store.db.execute("SELECT id, pack_version FROM followed_plans WHERE school_year_id = ? AND pack_id = ?",
                                 (school_year_id, pack_id)).fetchone()
        if row and row[1] == pack.version:
            return []
        if row:
            store.write("followed_plans", {"id": row[0]}, {"pack_version": pack.version},
                        summary=f"Chuyển kế hoạch «{pack.title[:80]}» sang phiên bản {pack.version}")
        else:
            store.write("followed_plans", {}, {"school_year_id": school_year_id, "pack_id": pack_id,
                                               "pack_version": pack.version, "followed_since": utcnow()},
                        summary=f"Theo dõi kế hoạch «{pack.title[:80]}» (phiên bản {pack.version})")
    ids = {r.target_id for r in pack.targets} | {t.task_id for t in pack.tasks}
    return sorted(_progress_ids(store, school_year_id, pack_id) - ids)


def unfollow_pack(store: Store, school_year_id: int, pack_id: str) -> None:
    """Stop following a pack (its progress stays in the file; following it again shows it)."""
    row = store.db.execute("SELECT id FROM followed_plans WHERE school_year_id = ? AND pack_id = ?",
                             (school_year_id, pack_id)).fetchone()
    if row:
        store.write("followed_plans", {"id": row[0]}, None, summary=f"Bỏ theo dõi kế hoạch {pack_id}")


def followed_packs(store: Store, school_year_id: int) -> list[PlanPack]:
    rows = store.db.execute("SELECT pack_id, pack_version FROM followed_plans WHERE school_year_id = ? ORDER BY id",
                              (school_year_id,)).fetchall()
    return [get_pack(store, pid, ver) for pid, ver in rows]


def pack_json(store: Store, pack_id: str, version: str | None = None) -> dict:
    return json.loads(dumps(get_pack(store, pack_id, version)))
