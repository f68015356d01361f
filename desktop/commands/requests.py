"""`socds requests [list] [--school CODE] [--open] [--json]`: the requests for changes sent to schools (sent, answered
by which version, open); `socds requests create --school CODE (--comment "1.3: …" … | --comments-file FILE) --out
FILE.pdf [--p12 FILE [--password-env VAR]]`: a request on the school's latest accepted report, written as a signed
PDF (the authority's internal key unless a .p12 certificate is given)."""
from __future__ import annotations

import json


def register(sub, common) -> None:
    p = sub.add_parser("requests", parents=[common],
                       help="yêu cầu bổ sung đã gửi các trường: danh sách (đã gửi, đã trả lời bằng phiên bản nào, còn "
                            "mở) hoặc tạo yêu cầu mới")
    p.add_argument("action", nargs="?", choices=("list", "create"), default="list",
                   help="list (mặc định): liệt kê; create: tạo yêu cầu bổ sung mới")
    p.add_argument("--school", metavar="MÃ", help="mã trường (bắt buộc khi create)")
    p.add_argument("--open", action="store_true", help="chỉ liệt kê yêu cầu chưa được trả lời")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--comment", action="append", default=[], metavar="NỘI_DUNG",
                   help="một yêu cầu, dạng «mã: nội dung» (1.3: …, 1.3.2: …, NV-02: …) hoặc ghi chung; ghi nhiều lần")
    p.add_argument("--comments-file", metavar="TỆP", help="tệp văn bản UTF-8, mỗi dòng một yêu cầu «mã: nội dung»")
    p.add_argument("--out", metavar="TỆP.pdf", help="nơi ghi tệp yêu cầu bổ sung đã ký (bắt buộc khi create)")
    p.add_argument("--p12", metavar="TỆP", help="ký bằng tệp chứng thư .p12/.pfx của cơ quan (mặc định: khóa nội bộ)")
    p.add_argument("--password-env", metavar="VAR", help="tên biến môi trường chứa mật khẩu tệp .p12 (không có: hỏi)")
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.paths import user_data_dir
    from desktop.core.store import Store

    db = getattr(args, "db", None) or str(user_data_dir() / "socds.db")
    with Store.open(db, create=False) as store:
        return _create(args, store) if args.action == "create" else _list(args, store)


def _list(args, store) -> int:
    from desktop.core.commune.requests_list import describe, request_list
    from desktop.core.commune import requests
    from desktop.core.periods import report_title

    rows = request_list(store, args.school, open_only=args.open)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return 0
    if not rows:
        print("Chưa có yêu cầu bổ sung nào" + (" còn mở." if args.open else "."))
        return 0
    for r in rows:
        day = requests.local_day(r["created_at"])
        print(f"{day[8:10]}/{day[5:7]}/{day[:4]}  {r['school_code']} {r['school_name'] or ''} — "
              f"{report_title(r['kind'], r['period'])} v{r['report_version']}, "
              f"{len(r['comments'])} nội dung: {describe(r)}" + (f" [tệp {r['file_name']}]" if r["file_name"] else ""))
    return 0


def _create(args, store) -> int:
    from pathlib import Path

    from desktop.core.commune import requests
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.commune.inbox import latest_accepted_id
    from desktop.core.errors import UserError

    if not args.school or not args.out:
        raise UserError("Tạo yêu cầu bổ sung cần --school MÃ và --out TỆP.pdf.")
    lines = list(args.comment)
    if args.comments_file:
        try:
            lines += Path(args.comments_file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"Không đọc được tệp {args.comments_file} (cần tệp văn bản UTF-8): {exc}.") from None
    comments = requests.parse_comment_lines("\n".join(lines))
    code = args.school.strip()
    inbox_id = latest_accepted_id(store, code)
    if inbox_id is None:
        raise UserError(f"Chưa nhận được báo cáo hợp lệ nào của trường mã {code}: chưa có gì để yêu cầu bổ sung.")
    authority = AuthorityInfo.load(store).name
    signer = _signer(args, store, authority)
    rid = requests.create_request(store, inbox_id, comments, authority)
    path = requests.write_request_file(store, rid, args.out, signer)
    print(f"Đã ghi {path} ({len(comments)} nội dung, mã yêu cầu {rid[:8]}…): gửi tệp này cho trường {code}.")
    return 0


def _signer(args, store, authority: str):
    from desktop.core.commune import requests

    if not args.p12:
        return requests.authority_signer(store, authority)
    from pathlib import Path

    from desktop.commands._signer_args import _secret
    from desktop.core.errors import UserError
    from desktop.core.signing import P12Signer

    if not Path(args.p12).is_file():
        raise UserError(f"Không tìm thấy tệp chứng thư {args.p12}.")
    return P12Signer(Path(args.p12), _secret(args.password_env, "Mật khẩu tệp chứng thư: "))
