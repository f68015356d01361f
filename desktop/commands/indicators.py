"""`socds indicators list|import FILE|export ID[@VERSION] FILE|template-mn FILE`: installed indicator sets and their
files, and the empty preschool (QĐ 3276) workbook a Sở fills."""
from __future__ import annotations

import argparse

from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.indicators import SET_STATUSES
from desktop.core.preschool import notice as preschool_notice
from desktop.core.store import Store, library
from desktop.core.store.indicator_store import (
    SHELF, ensure_bundled, get_set, install_set, list_sets, needs_preschool_notice,
)


def db_option() -> argparse.ArgumentParser:
    """--db that does not reset a value given earlier on the line (argparse sub-parser defaults would):
    `socds --db X indicators list`, `socds indicators --db X list` and `socds indicators list --db X` all work."""
    opt = argparse.ArgumentParser(add_help=False)
    opt.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                     help="tệp dữ liệu SQLite (mặc định: trong thư mục dữ liệu người dùng)")
    return opt


def register(sub, common) -> None:
    common = db_option()
    p = sub.add_parser("indicators", parents=[common], help="bộ chỉ số đánh giá: liệt kê, nạp, xuất")
    isub = p.add_subparsers(dest="action", metavar="VIỆC", required=True)
    ls = isub.add_parser("list", parents=[common], help="liệt kê các bộ chỉ số đã cài (mọi phiên bản)")
    ls.set_defaults(func=run_list)
    im = isub.add_parser("import", parents=[common], help="nạp một bộ chỉ số từ tệp .xlsx (hoặc .json) vào tệp dữ liệu")
    im.add_argument("file", metavar="FILE.xlsx")
    im.set_defaults(func=run_import)
    ex = isub.add_parser("export", parents=[common], help="xuất một bộ chỉ số ra tệp .xlsx (hoặc .json)")
    ex.add_argument("ref", metavar="ID[@VERSION]")
    ex.add_argument("file", metavar="FILE.xlsx")
    ex.set_defaults(func=run_export)
    mn = isub.add_parser("template-mn", help="ghi mẫu trống bộ chỉ số mầm non (QĐ 3276) để Sở/Phòng điền rồi phát hành")
    mn.add_argument("file", metavar="FILE.xlsx")
    mn.set_defaults(func=run_template_mn)


def run_list(args) -> int:
    with Store.open(args.db) as store:
        ensure_bundled(store)
        rows = list_sets(store)
        notice = needs_preschool_notice(store)
        sets = [get_set(store, r["set_id"], r["version"]) for r in rows]
    for r, s in zip(rows, sets):
        print(f"{r['set_id']}@{r['version']}  [{SET_STATUSES.get(r['status'], r['status'])}]  "
              f"cấp học: {', '.join(r['levels'])}  nguồn: {r['source']}")
        print(f"    {r['title']} — {s.legal_basis.get('number', '')}")
        for gap in s.gaps():
            print(f"    Lưu ý: {gap}")
        unverified = s.unverified_codes()
        if unverified:
            print(f"    Lưu ý: {len(unverified)}/{len(s.items())} mục chưa đối chiếu văn bản chính thức.")
    if notice:
        print(preschool_notice())
    return 0


def run_import(args) -> int:
    path = Path(args.file)
    iset = library.read_file(SHELF, path)  # whole, before the data file is even opened: a bad file changes nothing
    with Store.open(args.db) as store:
        ensure_bundled(store)
        added = install_set(store, iset, source=path.name)
    if added:
        print(f"Đã nạp bộ chỉ số {iset.set_id} phiên bản {iset.version} ({SET_STATUSES[iset.status]}): {iset.title}")
    else:
        print(f"Bộ chỉ số {iset.set_id} phiên bản {iset.version} đã có sẵn, không thay đổi gì.")
    for gap in iset.gaps():
        print(f"Lưu ý: {gap}")
    return 0


def run_template_mn(args) -> int:
    from desktop.core.preschool import write_template

    target = Path(args.file)
    if target.suffix.lower() != ".xlsx":
        raise UserError(f"Tên tệp {target.name} phải có đuôi .xlsx.")
    write_template(target)
    print(f"Đã ghi mẫu trống bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT, 30/10/2024) ra {target}. Điền nhóm, tiêu chí, điểm "
          "và các mức theo văn bản gốc, rồi nạp bằng «socds indicators import».")
    return 0


def run_export(args) -> int:
    set_id, version = library.parse_ref(args.ref)
    with Store.open(args.db) as store:
        ensure_bundled(store)
        iset = get_set(store, set_id, version)
    target = library.export_file(SHELF, iset, args.file)
    print(f"Đã xuất bộ chỉ số {iset.ref} ra {target}")
    return 0
