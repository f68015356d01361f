"""The log file: made at setup, written by a rotating handler created at the first record (its module imports
socket, pickle and queue, which a start that logs nothing does not need)."""
from __future__ import annotations

import subprocess
import sys

_CHILD = r"""
import logging, sys
from desktop.core import logs
path = logs.setup_logging()
print("exists", path.exists(), "handlers-imported", "logging.handlers" in sys.modules)
logs.MAX_BYTES = 300
log = logging.getLogger("socds.test")
for i in range(12):
    log.error("record %d %s", i, "x" * 40)
log.error("a record with password=hunter2")  # the redacting filter still drops it
print("handlers-imported", "logging.handlers" in sys.modules)
"""


def test_log_file_made_at_once_rotating_handler_at_first_record(_isolated_home):
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()
    assert first == "exists True handlers-imported False"
    assert second == "handlers-imported True"
    logs = sorted(p.name for p in (_isolated_home / "logs").iterdir())
    assert logs[0] == "socds.log" and "socds.log.1" in logs and len(logs) <= 6  # rotated, at most 5 kept
    text = "".join((_isolated_home / "logs" / n).read_text(encoding="utf-8") for n in logs)
    assert "record 11" in text and "ERROR socds.test" in text and "hunter2" not in text
