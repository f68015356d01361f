"""`socds plans list|import FILE|export ID[@VERSION] FILE`: installed plan packs and their files."""
from __future__ import annotations

from pathlib import Path

from desktop.core.store import Store, library
from desktop.core.store import profile as prof
from desktop.core.store.plan_store import SHELF, ensure_bundled, followed_packs, get_pack, install_pack, list_packs


def register(sub, common) -> None:
    p = sub.add_parser("plans", parents=[common], help="kế hoạch (chỉ tiêu, nhiệm vụ, lịch báo cáo): liệt kê, nạp, xuất")
    psub = p.add_subparsers(dest="action", metavar="VIỆC", required=True)
    ls = psub.add_parser("list", parents=[common], help="liệt kê các kế hoạch đã cài (mọi phiên bản)")
    ls.set_defaults(func=run_list)
    im = psub.add_parser("import", parents=[common], help="nạp một kế hoạch từ tệp .xlsx (hoặc .json)")
    im.add_argument("file", metavar="FILE.xlsx")
    im.set_defaults(func=run_import)
    ex = psub.add_parser("export", parents=[common], help="xuất một kế hoạch ra tệp .xlsx (hoặc .json)")
    ex.add_argument("ref", metavar="ID[@VERSION]")
    ex.add_argument("file", metavar="FILE.xlsx")
    ex.set_defaults(func=run_export)


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
    path = Path(args.file)
    pack = library.read_file(SHELF, path)  # whole, before the data file is even opened: a bad file changes nothing
    with Store.open(args.db) as store:
        ensure_bundled(store)
        added = install_pack(store, pack, source=path.name)
    if added:
        print(f"Đã nạp kế hoạch {pack.ref}: {pack.title} ({len(pack.targets)} chỉ tiêu, {len(pack.tasks)} nhiệm vụ, "
              f"{len(pack.reports)} loại báo cáo)")
    else:
        print(f"Kế hoạch {pack.ref} đã có sẵn, không thay đổi gì.")
    return 0


def run_export(args) -> int:
    pack_id, version = library.parse_ref(args.ref)
    with Store.open(args.db) as store:
        ensure_bundled(store)
        pack = get_pack(store, pack_id, version)
    target = library.export_file(SHELF, pack, args.file)
    print(f"Đã xuất kế hoạch {pack.ref} ra {target}")
    return 0
