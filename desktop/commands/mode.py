"""`socds mode [school|authority] [--db PATH]`: show or switch the application mode (Trường học / Cơ quan quản lý).
The window shows the authority pages (roster, inbox, overview) in authority mode; one data file may hold both."""
from __future__ import annotations


def register(sub, common) -> None:
    p = sub.add_parser("mode", parents=[common], help="xem hoặc đổi chế độ: trường học / cơ quan quản lý")
    p.add_argument("mode", nargs="?", choices=["school", "authority"])
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.commune.mode import MODES, get_mode, set_mode
    from desktop.core.paths import user_data_dir
    from desktop.core.store import Store

    with Store.open(args.db or str(user_data_dir() / "socds.db")) as store:
        if args.mode:
            set_mode(store, args.mode)
        current = get_mode(store)
    print(f"Chế độ: {MODES[current] if current else 'chưa chọn (mặc định: Trường học)'}")
    return 0
