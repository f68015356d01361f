import os
import stat

from desktop.core.fileio import write_bytes


def test_exports_get_ordinary_permissions_and_keys_stay_private(tmp_path):
    old = os.umask(0o022)
    try:
        report = write_bytes(tmp_path / "report.pdf", b"%PDF-1.7")
        key = write_bytes(tmp_path / "school.key", b"secret", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE(report.stat().st_mode) == 0o644
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
