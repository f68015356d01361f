"""The scoring engine, checked against hand-computed totals at every boundary."""
from decimal import Decimal as D

import pytest

from desktop.core.errors import ValidationError
from desktop.core.indicator_parse import bundled_sets, parse_set
from desktop.core.scoring import check_value, item_points, score, suggest_points, validate_answers
from tests.core.indicator_samples import sample


@pytest.fixture(scope="module")
def kinds():
    return parse_set(sample(), "t")


def A(a21=None, a22=None, a23=None, a3=None, a4=None, a1=True, **more):
    out = {"A.1": a1, "A.2.1": a21, "A.2.2": a22, "A.2.3": a23, "A.3": a3, "A.4": a4}
    out.update(more)
    return {k: v for k, v in out.items() if v is not None}


@pytest.mark.parametrize("answers, total, level", [
    (A(D("9.5"), False, "half", 50, 1), D("49.5"), 1),      # 9.5 + 0 + 5 + 20 + 15
    (A(10, False, "half", 50, 1), D("50"), 2),
    (A(10, True, "half", 50, 3), D("75"), 2),               # 10 + 10 + 5 + 20 + 30
    (A(D("0.5"), True, "full", 80, 1), D("75.5"), 3),       # 0.5 + 10 + 10 + 40 + 15
    (A(D("9.5"), True, "half", D("79.99"), 3), D("74.5"), 2),
    (A(10, True, "full", 100, 7), D("100"), 3),
    (A(), D("0"), 1),
])
def test_group_level_boundaries(kinds, answers, total, level):
    r = score(kinds, answers)
    assert r.groups["A"].total == total and isinstance(r.groups["A"].total, D)
    assert r.groups["A"].level == level
    assert r.groups["A"].level_label.startswith(f"Mức {level}")


@pytest.mark.parametrize("pct, pts", [(0, 0), (D("49.99"), 0), (50, 20), (D("79.9"), 20), (80, 40), (100, 40)])
def test_percent_bands(kinds, pct, pts):
    assert item_points(kinds.item("A.3"), pct) == pts


@pytest.mark.parametrize("n, pts", [(0, 0), (1, 15), (2, 15), (3, 30), (1000, 30)])
def test_count_bands(kinds, n, pts):
    assert item_points(kinds.item("A.4"), n) == pts


def test_yes_no_choice_points_and_states(kinds):
    r = score(kinds, {"A.2.1": D("2.5"), "A.2.2": True, "A.2.3": "none"})
    assert [r.items[c].points for c in ("A.2.1", "A.2.2", "A.2.3", "A.3")] == [D("2.5"), 10, 0, 0]
    assert [r.items[c].state for c in ("A.2.1", "A.2.2", "A.2.3", "A.3")] == ["partial", "full", "zero", "unanswered"]
    assert item_points(kinds.item("A.2.2"), False) == 0 and item_points(kinds.item("A.2.3"), "half") == 5


@pytest.mark.parametrize("a21, a22, crit_total, crit_level", [
    (D("9.5"), False, D("9.5"), 1), (10, False, D("10"), 2), (10, True, D("20"), 2), (D("0.5"), True, D("20.5"), 3)])
def test_criterion_bands(kinds, a21, a22, crit_total, crit_level):
    extra = {"A.2.3": "full"} if a21 == D("0.5") else {}
    r = score(kinds, {"A.2.1": a21, "A.2.2": a22, **extra})
    assert r.criteria["A.2"].total == crit_total and r.criteria["A.2"].level == crit_level
    assert r.criteria["A.3"].level is None  # no bands of its own


def test_unmet_mandatory_caps_group_at_level_1(kinds):
    full = A(10, True, "full", 100, 5)
    assert score(kinds, full).groups["A"].level == 3
    for a1 in (False, None):
        r = score(kinds, {**full, "A.1": a1})
        g = r.groups["A"]
        assert (g.total, g.level_before_cap, g.level, g.capped, g.mandatory_met, g.unmet) == (100, 3, 1, True, False, ("A.1",))
        assert r.mandatory["A.1"] is a1
        assert any("A.1" in n and "cách hiểu" in n for n in r.notes)
        assert r.next_steps[0].item_code == "A.1" and r.next_steps[0].unlocks == 3


def test_effect_and_overall_rule_are_settings():
    d = sample()
    d["settings"].update(mandatory_unmet_effect="none", overall_rule="none")
    s = parse_set(d, "t")
    r = score(s, {**A(10, True, "full", 100, 5), "A.1": False})
    assert r.groups["A"].level == 3 and r.overall_level is None and r.overall_label == "không xếp mức chung"


def test_overall_is_lowest_group_and_labelled(kinds):
    r = score(kinds, {**A(10, True, "full", 100, 5), "B.1": True, "B.2": 50})
    assert (r.groups["A"].level, r.groups["B"].level, r.overall_level) == (3, 2, 2)
    assert r.overall_label == "Mức 2 — Đáp ứng cơ bản" and "cách hiểu" in r.overall_rule_note


def test_incomplete_group_scores_known_points_and_shows_gap(kinds):
    r = score(kinds, {"B.1": True})
    assert r.groups["B"].known_max == 50 and r.groups["B"].max == 100
    assert r.max_reachable["B"] == 50 and r.max_reachable["A"] == 100
    assert "50 điểm của nhóm B chưa xác định (bộ chỉ số mới biết 50/100 điểm)." in r.notes
    r = score(kinds, {"B.1": True, "B.2": 50})
    assert r.groups["B"].level == 2  # 50 of a known 50: Mức 3 is out of reach until the set is completed


def test_max_reachable_keeps_given_answers(kinds):
    r = score(kinds, {"A.2.1": 4, "A.3": 60})
    assert r.max_reachable["A"] == 4 + 20 + 10 + 10 + 30


def test_next_steps_rank_unlocking_first_then_by_gain(kinds):
    r = score(kinds, A(D("9.5"), False, "half", 50, 1))  # 49.5
    steps = r.next_steps
    # every one of A.2.1 (+0.5), A.2.2 (+10), A.2.3 (+5), A.3 (+20), A.4 (+15) lifts A to Mức 2; A.3 alone to… 69.5: 2
    assert [s.item_code for s in steps[:5]] == ["A.3", "A.4", "A.2.2", "A.2.3", "A.2.1"]
    assert all(s.unlocks == 2 for s in steps[:5]) and steps[4].gain == D("0.5")
    assert steps[4].text.startswith("Nâng mục A.2.1 từ 9,5 lên 10 điểm (+0,5): nhóm A lên Mức 2")
    assert [s.item_code for s in steps[5:]] == ["B.1", "B.2"]


def test_next_step_to_level_3_ranks_above_level_2(kinds):
    r = score(kinds, A(10, True, "half", 50, 3))  # 75: +5 (A.2.3) → 80, Mức 3; +20 (A.3) → 95
    assert [(s.item_code, s.unlocks) for s in r.next_steps[:2]] == [("A.3", 3), ("A.2.3", 3)]


@pytest.mark.parametrize("code, value, expected", [
    ("A.2.1", D("10.5"), "ngoài khoảng cho phép 0–10"),
    ("A.2.1", -1, "ngoài khoảng"),
    ("A.2.1", D("0.3"), "bội số của 0.5"),
    ("A.2.1", "5", "cần một số"),
    ("A.2.1", True, "không phải đúng/sai"),
    ("A.2.1", float("nan"), "hữu hạn"),
    ("A.2.2", 1, "đúng/sai"),
    ("A.1", "có", "đúng/sai"),
    ("A.2.3", "most", "không có; chọn một trong: full, half, none"),
    ("A.2.3", 5, "cần một mã lựa chọn"),
    ("A.3", 101, "ngoài khoảng 0–100"),
    ("A.4", D("2.5"), "số nguyên không âm"),
    ("A.4", -1, "số nguyên không âm"),
])
def test_bad_answer_gets_one_clear_error(kinds, code, value, expected):
    assert expected in check_value(kinds.item(code), value)
    with pytest.raises(ValidationError) as exc:
        score(kinds, {code: value})
    assert len(exc.value.problems) == 1 and code in str(exc.value) and expected in str(exc.value)


def test_every_bad_answer_is_listed(kinds):
    with pytest.raises(ValidationError) as exc:
        validate_answers(kinds, {"Z.9": 1, "A.2.1": 11, "A.3": "nhiều", "A.2.2": True}, "tl.json")
    msgs = [m for _, m in exc.value.problems]
    assert len(msgs) == 3 and "mã mục «Z.9» không có trong bộ chỉ số test-kinds@1" in msgs[0]
    assert "tl.json" in str(exc.value)


def test_suggested_points_from_a_share():
    qd = bundled_sets()[0]
    assert suggest_points(qd.item("1.6.1"), 75) == D("5.25")
    assert suggest_points(qd.item("1.7.1"), D("33.3")) == D("2.66")


def test_4725_demo_like_answers():
    qd = bundled_sets()[0]
    ans = {"1.1": True, "1.2": True, "1.3.1": 6, "1.3.2": 6, "1.3.3": 3, "1.4": 5, "1.5.1": 10, "1.6.1": 7,
           "1.6.2": 5, "1.7.1": 6, "1.7.2": 5, "2.1": True, "2.2": True, "2.3.1": 6, "2.3.2": 6, "2.3.3": 10,
           "2.3.4": 6, "2.3.8": 6, "2.4.1": 8, "2.4.3": D("7.5")}
    r = score(qd, ans)
    assert r.groups["1"].total == 6 + 6 + 3 + 5 + 10 + 7 + 5 + 6 + 5 == 53 and r.groups["1"].level == 2
    assert r.groups["2"].total == 6 + 6 + 10 + 6 + 6 + 8 + D("7.5") == D("49.5")
    assert r.groups["2"].level == 1 and r.overall_level == 1  # 49.5 is below 50: no rounding up
    assert r.criteria["1.3"].total == 15 and r.criteria["1.3"].level == 2
    assert r.max_reachable["2"] == D("49.5") + 10 + 10 + 6 + 12
    assert r.next_steps[0].item_code == "2.4.2" and r.next_steps[0].unlocks == 2
    r = score(qd, {**ans, "2.3.7": 6})
    assert r.groups["2"].total == D("55.5") and r.groups["2"].level == 2 and r.overall_level == 2
    assert r.to_dict()["groups"]["2"]["total"] == 55.5 and r.to_dict()["overall_level"] == 2
