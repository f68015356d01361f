"""`socds inbox [list] [--state held]` and `socds inbox accept|reject ID --reason TEXT [--by NAME]`: the commune
officer's review of files held by the intake policy (docs/commune.md). The decision is recorded with who and when."""
from __future__ import annotations

import getpass


def register(sub, common) -> None:
    p = sub.add_parser("inbox", parents=[common], help="hộp thư báo cáo: xem, chấp nhận hoặc từ chối tệp chờ xem xét")
    p.add_argument("action", nargs="?", choices=("list", "accept", "reject"), default="list",
                   help="list (mặc định), accept (chấp nhận) hoặc reject (từ chối) một tệp chờ xem xét")
    p.add_argument("id", nargs="?", type=int, metavar="MỤC_SỐ", help="mục số của tệp trong hộp thư")
    p.add_argument("--state", choices=("accepted", "held", "superseded", "rejected"), help="chỉ liệt kê trạng thái này")
    p.add_argument("--reason", help="lý do chấp nhận hoặc từ chối (bắt buộc khi accept/reject)")
    p.add_argument("--by", metavar="TÊN", help="người quyết định (mặc định: tên người dùng máy này)")
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.commune import inbox
    from desktop.core.errors import UserError
    from desktop.core.paths import user_data_dir
    from desktop.core.store import Store

    with Store.open(args.db or str(user_data_dir() / "socds.db")) as store:
        if args.action == "list":
            for r in inbox.list_inbox(store, args.state):
                print(f"{r['id']:>5}  {inbox.STATE_LABELS[r['state']]:<20} {r['school_code'] or '-':<10} "
                      f"{r['original_name']}: {r['reason']}")
            return 0
        if args.id is None:
            raise UserError("Ghi mục số của tệp cần quyết định, ví dụ: socds inbox accept 12 --reason \"…\".")
        row = inbox.review(store, args.id, accept=args.action == "accept", reason=args.reason or "",
                           who=args.by or getpass.getuser())
    print(f"Mục số {row['id']}: {inbox.STATE_LABELS[row['state']]} — {row['reason']}")
    return 0
