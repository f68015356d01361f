"""`socds indicators list|import FILE|export ID[@VERSION] FILE|template-mn FILE`: installed indicator sets and their
files, and the empty preschool (QĐ 3276) workbook a Sở fills."""
from __future__ import annotations

from pathlib import Path

from desktop.commands._library import add_actions, export, read_and_install

from desktop.core.errors import UserError
from desktop.core.indicators import SET_STATUSES
from desktop.core.preschool import notice as preschool_notice
from desktop.core.store import Store
from desktop.core.store.indicator_store import SHELF, ensure_bundled, get_set, list_sets, needs_preschool_notice


def register(sub, common) -> None:
    p = sub.add_parser("indicators", parents=[common], help="bộ chỉ số đánh giá: liệt kê, nạp, xuất")
    actions = add_actions(p, common, "bộ chỉ số", run_list, run_import, run_export)
    mn = actions.add_parser("template-mn", help="ghi mẫu trống bộ chỉ số mầm non (QĐ 3276) để Sở/Phòng điền rồi phát hành")
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
    iset, added = read_and_install(SHELF, args)
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
    return export(SHELF, args)
