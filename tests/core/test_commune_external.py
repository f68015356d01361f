"""External assessment: a copy of the school's answers, edited, side by side with the school's own; in the roll-up."""
from decimal import Decimal

import pytest

from desktop.core.commune import external, inbox, roster
from desktop.core.commune.rollup import build_rollup
from desktop.core.errors import UserError
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled



def test_external_assessment(tmp_path, commune):
    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    with pytest.raises(UserError, match="Chưa có bản đánh giá ngoài"):
        external.compare(s, code)
    with pytest.raises(UserError, match="Chưa nhận được"):
        external.start_external(s, commune.missing)
    aid = external.start_external(s, code)
    rows = external.compare(s, code)
    assert rows and not any(r["differs"] for r in rows)  # a faithful copy
    target = next(r for r in rows if r["self"] > 0 and r["code"] != "1.1" and r["max"] > 0)
    external.set_points(s, aid, target["code"], 0, "Chưa có minh chứng")
    after = {r["code"]: r for r in external.compare(s, code)}
    assert after[target["code"]]["differs"] and after[target["code"]]["external"] == Decimal(0)
    row = next(r for r in build_rollup(s, "self-assessment", "2025-2026").rows if r.code == code)
    assert Decimal(row.external["total"]) == row.total - target["self"]
    s.close()


def test_a_school_year_that_is_none_is_said_not_raised(tmp_path, commune):
    """Was: a report whose school year was not "2025-2026"-shaped stopped on int() with a Python ValueError."""
    import json

    s = Store.open(tmp_path / "xa.db")
    ensure_bundled(s)
    roster.import_workbook(s, commune.roster_path)
    inbox.take_in(s, commune.files, trust=[commune.root_cert_path])
    code = next(sc.code for sc in commune.schools if sc.levels == ["THCS"] and sc.code != commune.tampered)
    row_id, data = s.db.execute("SELECT id, data FROM inbox WHERE school_code = ? AND state = 'accepted'",
                                [code]).fetchone()
    doc = json.loads(data)
    doc["report"]["school_year"] = "năm nay"
    s.db.execute("UPDATE inbox SET data = ? WHERE id = ?", [json.dumps(doc, ensure_ascii=False), row_id])
    with pytest.raises(UserError, match="không ghi năm học"):
        external.start_external(s, code)
    s.close()
