"""Vietnam's time zone is defined once (periods.VIETNAM): three copies had grown apart before (the signing stamp,
the PDF creation date, the inbox's arrival day), each a place where one could be changed and not the others."""
import re
from datetime import datetime, timezone
from pathlib import Path

from desktop.core.periods import VIETNAM

ROOT = Path(__file__).resolve().parents[2] / "desktop"


def test_one_definition_of_vietnam_time():
    pattern = re.compile(r"timedelta\(\s*hours\s*=\s*7\s*\)|zoneinfo.*Ho_Chi_Minh|Asia/(Ho_Chi_Minh|Saigon|Bangkok)")
    found = [f"{p.relative_to(ROOT.parent)}:{n}" for p in sorted(ROOT.rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert [f.split(":")[0] for f in found] == ["desktop/core/periods.py"], found


def test_vietnam_is_utc_plus_seven():
    assert datetime(2026, 12, 31, 17, 0, tzinfo=timezone.utc).astimezone(VIETNAM).isoformat() == "2027-01-01T00:00:00+07:00"
