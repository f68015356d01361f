"""Indicator-set files: the shipped QĐ 4725 set, the canonical form, and every validation failure."""
import json
from decimal import Decimal

import pytest

from desktop.core.errors import ValidationError
from desktop.core.indicators import dumps
from desktop.core.indicator_parse import bundled_sets, load_file, parse_set
from desktop.core.paths import resource
from tests.core.indicator_samples import complete_sample, sample


@pytest.fixture(scope="module")
def qd():
    sets = {s.set_id: s for s in bundled_sets()}
    return sets["qd4725-2022"]


def test_shipped_4725_matches_reference(qd):
    assert qd.status == "incomplete" and qd.legal_basis["number"] == "4725/QĐ-BGDĐT"
    assert qd.legal_basis["date"] == "2022-12-30"
    g1, g2 = qd.groups
    assert (g1.max_points, g1.known_max, g2.max_points, g2.known_max) == (100, 100, 100, 90)
    assert [c.max_points for c in g1.criteria] == [0, 0, 30, 10, 20, 20, 20]
    assert qd.gaps() == ["10 điểm của nhóm 2 chưa xác định (bộ chỉ số mới biết 90/100 điểm)."]
    codes2 = [i.code for i in qd.items() if i.group_code == "2"]
    # exactly the reference's rows, nothing invented for the missing 10 points
    assert codes2 == ["2.1", "2.2"] + [f"2.3.{n}" for n in range(1, 9)] + ["2.4.1", "2.4.2", "2.4.3"]
    maxima = {i.code: i.max_points for i in qd.items()}
    assert maxima["2.3.3"] == 10 and maxima["2.4.2"] == 12 and maxima["1.5.1"] == 15 and maxima["1.7.3"] == 5
    status = {i.code: i.status for i in qd.items()}
    assert status["1.1"] == status["1.2"] == status["1.3.1"] == "verified"
    assert qd.criterion("1.3").status == "partly_verified"
    assert all(s == "unverified" for c, s in status.items() if c not in {"1.1", "1.2", "1.3.1"})
    assert [i.code for i in qd.items() if i.mandatory] == ["1.1", "1.2", "2.1", "2.2"]
    bands = qd.criterion("1.3").bands
    assert [b.to_text() for b in bands] == ["<10: 1", ">=10 & <=20: 2", ">20: 3"]
    assert qd.settings.overall_rule == "lowest_group" and qd.settings.mandatory_unmet_cap == 1
    assert "cách hiểu" in qd.settings.overall_rule_note and "cách hiểu" in qd.settings.mandatory_unmet_note


def test_shipped_file_is_already_canonical(qd):
    on_disk = json.loads(resource("indicators", "qd4725-2022.json").read_text("utf-8"))
    assert on_disk == json.loads(dumps(qd))


def test_canonical_round_trip_and_item_lookup():
    s = parse_set(sample(), "t.json")
    again = parse_set(json.loads(dumps(s), parse_float=Decimal), "again")
    assert again == s and again.to_dict() == s.to_dict()
    assert s.item("A.2.1").answer.step == Decimal("0.5") and s.item("A.3").criterion_code == "A.3"
    assert [i.code for i in s.items()] == ["A.1", "A.2.1", "A.2.2", "A.2.3", "A.3", "A.4", "B.1", "B.2"]
    with pytest.raises(KeyError):
        s.item("Z")


def _errors(data) -> str:
    with pytest.raises(ValidationError) as exc:
        parse_set(data, "bo.json")
    return str(exc.value)


def test_sum_mismatch_without_incomplete_declaration():
    d = complete_sample()
    d["groups"][1]["criteria"][2]["max_points"] = 40
    msg = _errors(d)
    assert "tổng điểm các mục là 90, khác điểm tối đa 100" in msg and "nhóm B" in msg


def test_incomplete_group_needs_incomplete_status_and_right_known_max():
    d = sample()
    d["status"] = "official"
    assert "incomplete" in _errors(d)
    d = sample()
    d["groups"][1]["known_max"] = 60
    assert "tổng điểm các mục là 50" in _errors(d)
    d = complete_sample()
    d["status"] = "incomplete"
    assert "mọi nhóm đều đủ điểm" in _errors(d)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["groups"][0]["criteria"][2]["answer"]["bands"].pop(1), "nối liền"),
    (lambda d: d["groups"][0]["criteria"][2]["answer"]["bands"][2].update(points=41), "lớn hơn điểm tối đa 40"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][1]["answer"].update(points_yes=11), "lớn hơn điểm tối đa"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][2]["answer"]["choices"][1].update(code="full"), "bị trùng"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][0]["answer"].update(kind="magic"), "cách tính điểm phải là"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][0].update(code="A.1"), "mã «A.1» bị trùng"),
    (lambda d: d["groups"][0]["criteria"][1].update(max_points=31), "khác tổng điểm các mục"),
    (lambda d: d["groups"][0]["criteria"][1]["bands"][0].update(below=9), "nối liền"),
    (lambda d: d["groups"][0]["criteria"][1]["bands"][2].update(level=4), "mức 4 không có"),
    (lambda d: d["groups"][0]["criteria"][0].update(max_points=5), "điều kiện bắt buộc không có điểm"),
    (lambda d: d["groups"][0]["criteria"][3]["answer"]["bands"][2].update(below=10), "không có cận trên"),
    (lambda d: d["settings"].update(overall_rule="average"), "lowest_group"),
    (lambda d: d["settings"]["group_level_bands"][1].update(at_most=70), "nối liền"),
    (lambda d: d["legal_basis"].update(date="30/12/2022"), "yyyy-mm-dd"),
    (lambda d: d.update(levels=["THCS", "ĐH"]), "cấp học"),
    (lambda d: d.update(format="other"), "không phải tệp bộ chỉ số"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][0].update(max_points="mười"), "phải là một số"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][0].update(maxpoints=3), "khóa không thuộc định dạng"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][0].update(text=""), "không được để trống"),
    (lambda d: d["groups"][0]["criteria"][1]["items"][0]["answer"].update(points_yes=3),
     "khóa không dùng cho cách tính «Nhập điểm»: points_yes"),
])
def test_each_problem_is_reported(mutate, expected):
    d = sample()
    mutate(d)
    assert expected in _errors(d)


def test_several_problems_reported_together():
    d = sample()
    d["set_id"] = "Có Dấu"
    d["groups"][0]["criteria"][1]["items"][0]["max_points"] = -1
    with pytest.raises(ValidationError) as exc:
        parse_set(d, "bo.json")
    assert len(exc.value.problems) == 2


def test_load_file_failures(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(ValidationError, match="không phải tệp JSON"):
        load_file(bad)
    with pytest.raises(ValidationError, match="không tìm thấy"):
        load_file(tmp_path / "missing.json")
    bad.write_text("[1, 2]", "utf-8")
    with pytest.raises(ValidationError, match="đối tượng JSON"):
        load_file(bad)
