"""Installed plan packs (store/library.py: several versions side by side, append-only, immutable) and the packs a
school follows in a school year.

Following is an undoable edit. Progress is keyed by pack_id + row id, not by version, so following a newer
version of a pack keeps the progress of every row whose id the new version still has.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.plan_parse import bundled_packs, load_file, loads
from desktop.core.plans import PlanPack, dumps
from desktop.core.store import library
from desktop.core.store.db import Store, utcnow


def _load_xlsx(path: Path) -> PlanPack:
    from desktop.core.plan_xlsx import import_xlsx  # openpyxl, only when a workbook is read

    return import_xlsx(path)


def _write_xlsx(pack: PlanPack, path: Path) -> Path:
    from desktop.core.plan_xlsx import export_xlsx

    return export_xlsx(pack, path)


SHELF = library.Shelf(
    table="plan_packs",
    id_column="pack_id",
    noun="kế hoạch",
    command="plans",
    dumps=dumps,
    loads=lambda content: loads(content, "dữ liệu đã cài"),
    columns=lambda p: {"title": p.title},
    bundled=bundled_packs,
    load_json=load_file,
    load_xlsx=_load_xlsx,
    write_xlsx=_write_xlsx,
)


def import_file(store: Store, path) -> tuple[PlanPack, bool]:
    """A plan file from the Sở or the commune (.xlsx or .json), read and validated whole before anything is
    written, then installed: (pack, True when newly installed)."""
    return library.import_file(SHELF, store, path)


def install_pack(store: Store, pack: PlanPack, source: str = "bundled") -> bool:
    """Install one version. True when newly installed, False when this exact content was already there."""
    return library.install(SHELF, store, pack, source)


def ensure_bundled(store: Store) -> list[str]:
    """Install the packs shipped with the program that are not installed yet; returns the refs installed."""
    return library.ensure_bundled(SHELF, store)


def list_packs(store: Store) -> list[dict]:
    return [
        dict(
            row,
            issuer=p.issuer,
            doc_number=p.doc_number,
            doc_date=p.doc_date,
            year=p.year,
            levels=list(p.levels),
            targets=len(p.targets),
            tasks=len(p.tasks),
            reports=len(p.reports),
        )
        for row, p in library.installed(SHELF, store)
    ]


def get_pack(store: Store, pack_id: str, version: str | None = None) -> PlanPack:
    """One installed version (the newest when version is None); a Vietnamese UserError when not installed."""
    return library.get(SHELF, store, pack_id, version)


def _progress_ids(store: Store, school_year_id: int, pack_id: str) -> set[str]:
    return {
        r[0]
        for r in store.db.execute(
            "SELECT DISTINCT task_id FROM task_progress WHERE school_year_id = ? AND pack_id = ?",
            (school_year_id, pack_id),
        )
    }


def follow_pack(store: Store, school_year_id: int, pack_id: str, version: str | None = None) -> list[str]:
    """Follow a pack in a school year, or move to another version of a pack already followed.

    Returns the ids of rows that have progress but are not in the chosen version: that progress stays in the
    file (following the old version again shows it) but is not on the checklist.
    """
    pack = get_pack(store, pack_id, version)
    with store.tx():
        row = store.db.execute(
            "SELECT id, pack_version FROM followed_plans WHERE school_year_id = ? AND pack_id = ?",
            (school_year_id, pack_id),
        ).fetchone()
        if row and row[1] == pack.version:
            return []
        if row:
            store.write(
                "followed_plans",
                {"id": row[0]},
                {"pack_version": pack.version},
                summary=f"Chuyển kế hoạch «{pack.title[:80]}» sang phiên bản {pack.version}",
            )
        else:
            store.insert(
                "followed_plans",
                {
                    "school_year_id": school_year_id,
                    "pack_id": pack_id,
                    "pack_version": pack.version,
                    "followed_since": utcnow(),
                },
                summary=f"Theo dõi kế hoạch «{pack.title[:80]}» (phiên bản {pack.version})",
            )
    ids = {r.target_id for r in pack.targets} | {t.task_id for t in pack.tasks}
    return sorted(_progress_ids(store, school_year_id, pack_id) - ids)


def unfollow_pack(store: Store, school_year_id: int, pack_id: str) -> None:
    """Stop following a pack (its progress stays in the file; following it again shows it)."""
    row = store.db.execute(
        "SELECT id FROM followed_plans WHERE school_year_id = ? AND pack_id = ?", (school_year_id, pack_id)
    ).fetchone()
    if row:
        store.write("followed_plans", {"id": row[0]}, None, summary=f"Bỏ theo dõi kế hoạch {pack_id}")


def followed_packs(store: Store, school_year_id: int) -> list[PlanPack]:
    rows = store.db.execute(
        "SELECT pack_id, pack_version FROM followed_plans WHERE school_year_id = ? ORDER BY id", (school_year_id,)
    ).fetchall()
    return [get_pack(store, pid, ver) for pid, ver in rows]
