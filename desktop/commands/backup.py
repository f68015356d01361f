"""`socds backup FILE` and `socds restore FILE`."""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.core.errors import DataFileError
from desktop.core.paths import default_db_path
from desktop.core.store import Store
from desktop.core.store import backup as backups


def register(sub, common) -> None:
    p = sub.add_parser("backup", parents=[common], help="sao lưu tệp dữ liệu ra một tệp")
    p.add_argument("file", metavar="FILE", help="tệp sao lưu sẽ tạo")
    p.set_defaults(func=run_backup)
    r = sub.add_parser("restore", parents=[common], help="khôi phục dữ liệu từ một tệp sao lưu (kiểm tra trước)")
    r.add_argument("file", metavar="FILE", help="tệp sao lưu")
    r.set_defaults(func=run_restore)
    ls = sub.add_parser("backups", parents=[common], help="liệt kê các bản sao lưu tự động")
    ls.set_defaults(func=run_list)


def run_backup(args) -> int:
    with Store.open(args.db) as store:
        path = backups.make_backup(store, target=Path(args.file))
    print(f"Đã sao lưu vào {path}")
    return 0


def run_restore(args) -> int:
    backups.check_backup_file(Path(args.file))
    try:
        store = Store.open(args.db)
    except DataFileError:
        # The current file is damaged: keep it aside untouched and restore into a fresh one.
        kept = backups.restore_damaged(Path(args.db) if args.db else default_db_path(), Path(args.file))
        print(f"Đã khôi phục từ {args.file}. Tệp hỏng được giữ nguyên ở {kept}")
        return 0
    with store:
        safety = backups.restore(store, Path(args.file))
    print(f"Đã khôi phục từ {args.file}. Dữ liệu trước đó được giữ ở {safety}")
    return 0


def run_list(args) -> int:
    path = Path(args.db) if args.db else default_db_path()
    status = 0
    try:
        Store.open(path, create=False).close()
    except DataFileError as err:
        # A damaged file is exactly when the list matters: say so, then list what can be restored.
        print(f"Lỗi: {err.message}", file=sys.stderr)
        status = err.exit_code
    items = backups.list_backups_at(path)
    if not items:
        print("Chưa có bản sao lưu nào.")
    for b in items:
        print(f"{b.taken:%d/%m/%Y %H:%M:%S}  {b.kind:<15} {b.size / 1024:8.0f} KB  {b.path}")
    return status
