"""`socds compare OLD.pdf NEW.pdf [--json]`, `socds compare --school CODE --dir FOLDER [--from vN] [--to vM] [--list]
[--json]` or `socds compare --school CODE [--kind K] [--period P] [--from vN] [--to vM] [--list] [--db PATH] [--json]`
(from the inbox): what changed between two versions of a school's report (desktop/core/commune/compare.py); by
default the latest version and the one before it, or any two named with --from/--to; --list lists the versions
(compare_versions.py). Exit 0 when the comparison (or the list) was made, whatever it found; 1 when it could not
be (a file without data file, one version only, a version that is not there…)."""
from __future__ import annotations

import json


def register(sub, common) -> None:
    p = sub.add_parser("compare", parents=[common],
                       help="so sánh hai phiên bản báo cáo của một trường: điểm, mức, nhiệm vụ, khó khăn, kiến nghị, "
                            "minh chứng")
    p.add_argument("files", nargs="*", metavar="TỆP.pdf", help="phiên bản cũ rồi phiên bản mới (hai tệp PDF)")
    p.add_argument("--school", metavar="MÃ", help="mã trường: so sánh hai phiên bản của trường này (mặc định hai "
                                                  "phiên bản mới nhất)")
    p.add_argument("--dir", metavar="THƯ_MỤC", help="tìm các phiên bản trong thư mục này (mặc định: hộp thư của tệp "
                                                    "dữ liệu)")
    p.add_argument("--kind", help="loại báo cáo (mặc định: loại của phiên bản mới nhất)")
    p.add_argument("--period", help="kỳ báo cáo (mặc định: kỳ của phiên bản mới nhất)")
    p.add_argument("--from", dest="old", metavar="vN", help="phiên bản cũ, ví dụ v1 (mặc định: phiên bản ngay trước "
                                                            "--to)")
    p.add_argument("--to", dest="new", metavar="vM", help="phiên bản mới, ví dụ v3 (mặc định: phiên bản mới nhất)")
    p.add_argument("--list", action="store_true", help="chỉ liệt kê các phiên bản của trường (cùng --school)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.commune import compare
    from desktop.core.commune import compare_versions as cv
    from desktop.core.errors import UserError

    if args.files and (args.school or args.old or args.new or args.list):
        raise UserError("Ghi hai tệp PDF, hoặc --school MÃ (với --from/--to/--list), không ghi cả hai.")
    if args.files:
        if len(args.files) != 2:
            raise UserError("Ghi đúng hai tệp: phiên bản cũ rồi phiên bản mới (socds compare CU.pdf MOI.pdf).")
        cmp = compare.compare_files(args.files[0], args.files[1], _trust(args))
    elif args.school:
        code = args.school.strip()
        old, new = cv.parse_version(args.old, "--from"), cv.parse_version(args.new, "--to")
        if args.dir:
            versions = cv.versions_in_folder(args.dir, code)
            if args.list:
                return _list(versions, args.json)
            a, b = cv.choose(versions, old, new, args.kind, args.period)
            cmp = compare.compare_files(a.path, b.path, _trust(args))
        else:
            from desktop.core.paths import user_data_dir
            from desktop.core.store import Store

            with Store.open(getattr(args, "db", None) or str(user_data_dir() / "socds.db"), create=False) as store:
                versions = cv.versions_in_inbox(store, code, args.kind, args.period)
                if args.list:
                    return _list(versions, args.json)
                a, b = cv.choose(versions, old, new)
                cmp = compare.compare_inbox(store, b.inbox_id, a.inbox_id)
    else:
        raise UserError("Ghi hai tệp PDF cần so sánh, hoặc --school MÃ (với --dir THƯ_MỤC, hoặc từ hộp thư).")
    if args.json:
        print(json.dumps(cmp.to_dict(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(compare.describe(cmp)))
    return 0


def _list(versions, as_json: bool) -> int:
    from desktop.core.commune.compare_versions import listing

    if as_json:
        print(json.dumps([v.to_dict() for v in versions], ensure_ascii=False, indent=1))
    else:
        print("\n".join(listing(versions)))
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
