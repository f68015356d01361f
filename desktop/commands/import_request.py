"""`socds import-request FILE`: import a managing body's signed "yêu cầu bổ sung" file into the school's data
file and list its comments (each is also shown in place beside its criterion, item or task)."""
from __future__ import annotations


def register(sub, common) -> None:
    p = sub.add_parser("import-request", parents=[common],
                       help="nhập tệp yêu cầu bổ sung (đã ký) do cơ quan quản lý gửi về")
    p.add_argument("file", metavar="TỆP.pdf")
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.commune.requests import import_request
    from desktop.core.commune.requests_list import TARGETS
    from desktop.core.paths import user_data_dir
    from desktop.core.periods import report_title
    from desktop.core.signing import TrustStore
    from desktop.core.store import Store

    with Store.open(args.db or str(user_data_dir() / "socds.db")) as store:
        doc = import_request(store, args.file, trust=TrustStore.for_store(store).certificates())
    print(f"Đã nhập yêu cầu bổ sung của {doc.get('authority') or 'cơ quan quản lý'} "
          f"({report_title(doc.get('kind') or '', doc.get('period') or '?')}, phiên bản v{doc.get('report_version')}):")
    for n, c in enumerate(doc["comments"], start=1):
        print(f"{n}. {TARGETS[c['target']]} {c['code']}: {c['text']}")
    print("Phiên bản báo cáo tiếp theo sẽ ghi là trả lời yêu cầu này.")
    return 0
