"""`socds compare OLD.pdf NEW.pdf [--json]`, `socds compare --school CODE --dir FOLDER [--json]` or
`socds compare --school CODE [--kind K] [--period P] [--db PATH] [--json]` (from the inbox): what changed between two
versions of a school's report (desktop/core/commune/compare.py). Exit 0 when the comparison was made, whatever
it found; 1 when it could not be made (a file without data file, one version only…)."""
from __future__ import annotations

import json


def register(sub, common) -> None:
    p = sub.add_parser("compare", parents=[common],
                       help="so sánh hai phiên bản báo cáo của một trường: điểm, mức, nhiệm vụ, khó khăn, kiến nghị, "
                            "minh chứng")
    p.add_argument("files", nargs="*", metavar="TỆP.pdf", help="phiên bản cũ rồi phiên bản mới (hai tệp PDF)")
    p.add_argument("--school", metavar="MÃ", help="mã trường: so sánh hai phiên bản mới nhất của trường này")
    p.add_argument("--dir", metavar="THƯ_MỤC", help="tìm hai phiên bản trong thư mục này (mặc định: hộp thư của tệp "
                                                    "dữ liệu)")
    p.add_argument("--kind", help="loại báo cáo, khi tìm trong hộp thư (mặc định: loại của phiên bản mới nhất)")
    p.add_argument("--period", help="kỳ báo cáo, khi tìm trong hộp thư")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.commune import compare
    from desktop.core.errors import UserError

    if args.files and args.school:
        raise UserError("Ghi hai tệp PDF, hoặc --school MÃ, không ghi cả hai.")
    if args.files:
        if len(args.files) != 2:
            raise UserError("Ghi đúng hai tệp: phiên bản cũ rồi phiên bản mới (socds compare CU.pdf MOI.pdf).")
        cmp = compare.compare_files(args.files[0], args.files[1], _trust(args))
    elif args.school and args.dir:
        old, new = compare.latest_two_in_folder(args.dir, args.school.strip())
        cmp = compare.compare_files(old, new, _trust(args))
    elif args.school:
        from desktop.core.paths import user_data_dir
        from desktop.core.store import Store

        with Store.open(getattr(args, "db", None) or str(user_data_dir() / "socds.db"), create=False) as store:
            cmp = compare.compare_inbox(store, compare.latest_received(store, args.school.strip(), args.kind,
                                                                       args.period))
    else:
        raise UserError("Ghi hai tệp PDF cần so sánh, hoặc --school MÃ (với --dir THƯ_MỤC, hoặc từ hộp thư).")
    if args.json:
        print(json.dumps(cmp.to_dict(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(compare.describe(cmp)))
    return 0


def _trust(args) -> list:
    """The roots trusted in the data file given with --db, if any (the verdict then says who signed)."""
    db = getattr(args, "db", None)
    if not db:
        return []
    from pathlib import Path

    from desktop.core.signing import TrustStore
    from desktop.core.store import Store

    if not Path(db).exists():
        return []
    with Store.open(db, create=False, lock=False) as store:
        return TrustStore.for_store(store).certificates()
