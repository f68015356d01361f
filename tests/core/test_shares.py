"""Share answers for the "Tỉ lệ…" items (issue 22): "85%" or "17/20" become points under the set's rule (or a
labelled suggestion where the rule is unknown), and an answer that no longer matches the lists is flagged."""
from decimal import Decimal

import pytest

from desktop.core import shares
from desktop.core.errors import UserError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.store import assessments as asm
from desktop.core.store import history, lists
from desktop.core.store import indicator_store
from desktop.core.store import profile as prof


@pytest.fixture
def iset():
    return next(s for s in bundled_sets() if s.set_id == "qd4725-2022")


@pytest.mark.parametrize("text, pct, counted, total", [
    ("85%", "85.00", None, None), ("85,5 %", "85.50", None, None), ("17/20", "85.00", 17, 20),
    (" 2 / 3 ", "66.67", 2, 3), ("0/5", "0.00", 0, 5), ("100%", "100.00", None, None),
])
def test_parse_share(text, pct, counted, total):
    s = shares.parse_share(text)
    assert (s.percent, s.counted, s.total) == (Decimal(pct), counted, total)


@pytest.mark.parametrize("text, says", [
    ("120%", "lớn hơn 100%"), ("21/20", "lớn hơn tổng số"), ("3/0", "phải lớn hơn 0"), ("nhiều", "85%"),
])
def test_bad_shares_are_refused_with_a_message(text, says):
    with pytest.raises(UserError) as exc:
        shares.parse_share(text)
    assert says in str(exc.value)


def test_unverified_rule_is_a_labelled_suggestion(iset):
    item = iset.item("1.6.1")
    conv = shares.convert(item, shares.parse_share("17/20"))
    assert conv.points == Decimal("5.95") and not conv.verified_rule
    assert "chưa xác định" in conv.rule_text and "tự đặt điểm" in conv.rule_text


def _assessment(store, iset):
    indicator_store.install_set(store, iset)
    prof.save_school(store, prof.School(name="Trường THCS A", levels=["THCS"]))
    return asm.create_assessment(store, prof.ensure_school_year(store, 2025), iset.set_id)


def test_a_share_answer_keeps_its_basis_and_is_flagged_when_the_list_changes(store, iset):
    aid = _assessment(store, iset)
    ids = [lists.add_row(store, "staff", f"Giáo viên {i}") for i in range(4)]
    for i in ids[:3]:
        lists.set_flag(store, i, "1.6.1", True)
    s = lists.use_share(store, iset, aid, "1.6.1")
    assert s.suggested == Decimal("5.25")  # 7 × 75 %
    assert asm.get_bases(store, aid)["1.6.1"] == {"counted": 3, "total": 4, "percent": "75", "source": "list"}
    assert lists.answer_mismatch(store, iset, aid, "1.6.1") is None
    # the school corrects the points by hand: the share it stated still matches the list
    asm.set_answer(store, aid, "1.6.1", 5)
    assert lists.answer_mismatch(store, iset, aid, "1.6.1") is None
    lists.set_flag(store, ids[3], "1.6.1", True)
    msg = lists.answer_mismatch(store, iset, aid, "1.6.1")
    assert "3/4 = 75%" in msg and "4/4 = 100%" in msg and "gợi ý 7 điểm" in msg
    history.undo_last(store)
    assert lists.answer_mismatch(store, iset, aid, "1.6.1") is None
    # points typed without a share are compared with the list's suggestion
    asm.set_answer(store, aid, "1.6.2", 3)
    assert "khác gợi ý" in lists.answer_mismatch(store, iset, aid, "1.6.2")
    # clearing the answer clears its basis
    asm.set_answer(store, aid, "1.6.1", None)
    assert "1.6.1" not in asm.get_bases(store, aid)


def test_an_empty_list_says_nothing(store, iset):
    aid = _assessment(store, iset)
    asm.set_answer(store, aid, "1.7.1", 4, basis=shares.parse_share("50%").to_basis("typed"))
    assert lists.answer_mismatch(store, iset, aid, "1.7.1") is None
    with pytest.raises(UserError):
        lists.use_share(store, iset, aid, "1.7.1")
