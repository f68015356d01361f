"""`socds plans list|import FILE|export ID[@VERSION] FILE`: installed plan packs and their files."""
from __future__ import annotations

from desktop.commands._library import add_actions, export, read_and_install
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.plan_store import SHELF, ensure_bundled, followed_packs, list_packs


def register(sub, common) -> None:
    p = sub.add_parser("plans", parents=[common], help="kế hoạch (chỉ tiêu, nhiệm vụ, lịch báo cáo): liệt kê, nạp, xuất")
    add_actions(p, common, "kế hoạch", run_list, run_import, run_export)


def run_list(args) -> int:
    with Store.open(args.db) as store:
        ensure_bundled(store)
        rows = list_packs(store)
        year = prof.current_school_year(store)
        followed = {(p.pack_id, p.version) for p in followed_packs(store, year["id"])} if year else set()
    for r in rows:
        mark = "  [đang theo dõi]" if (r["pack_id"], r["version"]) in followed else ""
        print(f"{r['pack_id']}@{r['version']}{mark}  cấp học: {', '.join(r['levels'])}  nguồn: {r['source']}")
        print(f"    {r['issuer']}, số {r['doc_number']} ({_doc_date(r['doc_date'])}): {r['title']}")
        print(f"    {r['targets']} chỉ tiêu, {r['tasks']} nhiệm vụ, {r['reports']} loại báo cáo")
    return 0


def _doc_date(iso: str) -> str:
    return "/".join(reversed(iso.split("-"))) if iso else "không ghi ngày"


def run_import(args) -> int:
    pack, added = read_and_install(SHELF, args)
    if added:
        print(f"Đã nạp kế hoạch {pack.ref}: {pack.title} ({len(pack.targets)} chỉ tiêu, {len(pack.tasks)} nhiệm vụ, "
              f"{len(pack.reports)} loại báo cáo)")
    else:
        print(f"Kế hoạch {pack.ref} đã có sẵn, không thay đổi gì.")
    return 0


def run_export(args) -> int:
    return export(SHELF, args)
