"""`socds authority [show] [--json]` / `socds authority set [--name …] [--level xa|so] [--code …] …`: the managing
body's details printed on its roll-up and requests (name, the body above, code, document code, place, signer,
title, recipients) — the same as the wizard's page and the settings page."""
from __future__ import annotations

import json

OPTIONS = (  # option, field, help
    ("--name", "name", "tên cơ quan, ví dụ «UBND xã Tuệ Tĩnh» hoặc «Sở Giáo dục và Đào tạo»"),
    ("--parent", "parent", "cơ quan cấp trên in phía trên tên, ví dụ «UBND thành phố Hải Phòng»"),
    ("--code", "code", "mã cơ quan do cấp trên cấp (Sở dùng để nhận báo cáo tổng hợp của xã)"),
    ("--doc-code", "doc_code", "ký hiệu trong số văn bản, ví dụ UBND (Số: …/BC-UBND)"),
    ("--place", "place_name", "địa danh ghi ngày tháng, ví dụ «Tuệ Tĩnh»"),
    ("--signer", "signer_name", "họ tên người ký"),
    ("--title", "signer_title", "chức vụ người ký: Chủ tịch, Phó Chủ tịch, Giám đốc, Phó Giám đốc"),
)


def register(sub, common) -> None:
    p = sub.add_parser("authority", parents=[common],
                       help="xem hoặc khai báo thông tin cơ quan quản lý (tên, người ký, nơi nhận)")
    acts = p.add_subparsers(dest="action", metavar="show|set")
    show = acts.add_parser("show", parents=[common], help="xem thông tin cơ quan quản lý")
    show.add_argument("--json", action="store_true", help="in dạng JSON")
    put = acts.add_parser("set", parents=[common], help="khai báo thông tin cơ quan quản lý")
    put.add_argument("--level", choices=["xa", "so"], help="xa: UBND xã/phường; so: Sở GDĐT")
    for opt, _field, text in OPTIONS:
        put.add_argument(opt, help=text)
    put.add_argument("--recipient", action="append", metavar="NƠI_NHẬN",
                     help="một nơi nhận (ghi nhiều lần; thay cả danh sách)")
    put.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run, action=None)


def run(args) -> int:
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.paths import user_data_dir
    from desktop.core.store import Store

    with Store.open(args.db or str(user_data_dir() / "socds.db")) as store:
        info = AuthorityInfo.load(store)
        if args.action == "set":
            changes = {field: getattr(args, field_attr(opt)) for opt, field, _ in OPTIONS}
            info = info.updated(level=args.level, recipients=args.recipient, **changes)
            info.save(store)
    if args.json:
        print(json.dumps({**info.__dict__, "recipients": list(info.recipients),
                          "signature_block": info.signature_lines()}, ensure_ascii=False, indent=1))
        return 0
    print(f"Tên cơ quan: {info.name or '(chưa khai báo — socds authority set --name …)'}")
    for label, value in (("Cơ quan cấp trên", info.parent), ("Mã cơ quan", info.code),
                         ("Ký hiệu văn bản", info.letterhead(0).doc_code), ("Địa danh", info.place_name),
                         ("Người ký", info.signer_name)):
        print(f"{label}: {value or '(chưa ghi)'}")
    print("Khối chữ ký: " + " / ".join(info.signature_lines()))
    print("Nơi nhận: " + "; ".join(info.recipients))
    return 0


def field_attr(option: str) -> str:
    return option.lstrip("-").replace("-", "_")
