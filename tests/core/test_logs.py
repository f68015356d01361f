"""The log file: made at setup (always there to attach to an email), rotated, secrets dropped."""
from __future__ import annotations

import subprocess
import sys

_CHILD = r"""
import logging
from desktop.core import logs
path = logs.setup_logging()
print("exists", path.exists())
log = logging.getLogger("socds.test")
for i in range(12):
    log.error("record %d %s", i, "x" * 100_000)
log.error("a record with password=hunter2")  # the redacting filter drops it
"""


def test_log_file_made_at_setup_rotates_and_drops_secrets(_isolated_home):
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["exists", "True"]
    logs = sorted(p.name for p in (_isolated_home / "logs").iterdir())
    assert logs[0] == "socds.log" and "socds.log.1" in logs and len(logs) <= 6  # rotated, at most 5 kept
    text = "".join((_isolated_home / "logs" / n).read_text(encoding="utf-8") for n in logs)
    assert "record 11" in text and "ERROR socds.test" in text and "hunter2" not in text
