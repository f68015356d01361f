"""`socds recover`: after a damaged data file was reported, restore the latest good automatic backup.

The damaged file (and its -wal/-shm) is kept aside, never overwritten. `--keep-current` is for a file whose
-wal went missing: the user chooses to go on with it as it is, knowing the latest changes may be gone.
"""
from __future__ import annotations

from pathlib import Path

from desktop.core.errors import DataFileError, DataFileLocked, UserError
from desktop.core.paths import default_db_path
from desktop.core.store import Store
from desktop.core.store import backup as backups
from desktop.core.store.db import WalLostError


def register(sub, common) -> None:
    p = sub.add_parser("recover", parents=[common],
                       help="khôi phục bản sao lưu tự động tốt gần nhất khi tệp dữ liệu bị hỏng")
    p.add_argument("--keep-current", action="store_true",
                   help="tệp mất nhật ký -wal: vẫn dùng tệp như hiện tại (có thể mất những thay đổi gần nhất)")
    p.set_defaults(func=run)


def run(args) -> int:
    path = Path(args.db) if args.db else default_db_path()
    try:
        Store.open(path, create=False).close()
        print(f"Tệp dữ liệu {path} bình thường, không cần khôi phục.")
        return 0
    except DataFileLocked:
        raise
    except WalLostError:
        if args.keep_current:
            Store.open(path, accept_wal_loss=True).close()
            print(f"Đã tiếp tục dùng tệp {path} như hiện tại.")
            return 0
    except DataFileError:
        if args.keep_current:
            raise UserError("Tệp dữ liệu bị hỏng, không thể dùng tiếp như hiện tại; hãy khôi phục bản sao lưu.") from None
    good = backups.latest_good_backup(path)
    if good is None:
        raise DataFileError(f"Không tìm thấy bản sao lưu tự động nào còn tốt cho {path}. "
                            "Hãy dùng bản sao lưu bạn đã tự lưu: socds restore TỆP.")
    kept = backups.restore_damaged(path, good)
    print(f"Đã khôi phục từ bản sao lưu {good}. Tệp hỏng được giữ nguyên ở {kept}")
    return 0
