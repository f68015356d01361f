"""Installed set versions and assessments pinned to them; answers are exact, validated and undoable."""
from decimal import Decimal as D

import pytest

from desktop.core.errors import UserError, ValidationError
from desktop.core.indicator_parse import parse_set
from desktop.core.store import history
from desktop.core.store import profile as prof
from desktop.core.store.assessments import (
    copy_to_version, create_assessment, current_assessment, get_answers, get_notes, score_assessment, set_answer,
)
from desktop.core.store.indicator_store import ensure_bundled, get_set, install_set, list_sets
from desktop.core.store.library import parse_ref, version_key
from tests.core.indicator_samples import complete_sample, sample


def test_bundled_sets_install_once(store):
    assert ensure_bundled(store) == ["qd4725-2022@2022.1"]
    assert ensure_bundled(store) == []
    (row,) = list_sets(store)
    assert (row["set_id"], row["status"], row["source"], row["levels"]) == ("qd4725-2022", "incomplete", "bundled",
                                                                           ["TH", "THCS", "THPT", "GDTX"])
    assert get_set(store, "qd4725-2022").groups[1].known_max == 90


def test_versions_side_by_side_and_immutable(store):
    v1, v2 = parse_set(sample(), "a"), parse_set(complete_sample(), "b")
    assert install_set(store, v2, "b.xlsx") and install_set(store, v1, "a.xlsx")
    assert get_set(store, "test-kinds").version == "2" and get_set(store, "test-kinds", "1") == v1
    changed = sample()
    changed["title"] = "Tên khác"
    with pytest.raises(UserError, match="phiên bản 1 đã được cài với nội dung khác"):
        install_set(store, parse_set(changed, "c"), "c.xlsx")
    assert get_set(store, "test-kinds", "1").title == v1.title
    with pytest.raises(UserError, match="Chưa cài bộ chỉ số test-kinds phiên bản 9"):
        get_set(store, "test-kinds", "9")


def test_version_order_and_refs():
    assert sorted(["2022.10", "2022.9", "2022.1", "2023"], key=version_key) == ["2022.1", "2022.9", "2022.10", "2023"]
    assert parse_ref("qd4725-2022@2022.1") == ("qd4725-2022", "2022.1") and parse_ref("x") == ("x", None)


@pytest.fixture
def year(store):
    install_set(store, parse_set(sample(), "a"))
    return prof.ensure_school_year(store, 2025)


def test_answers_are_exact_validated_and_undoable(store, year):
    aid = create_assessment(store, year, "test-kinds")
    set_answer(store, aid, "A.2.1", D("7.5"), note="Có ảnh chụp")
    set_answer(store, aid, "A.1", True)
    set_answer(store, aid, "A.2.3", "half")
    assert get_answers(store, aid) == {"A.2.1": D("7.5"), "A.1": True, "A.2.3": "half"}
    assert get_notes(store, aid) == {"A.2.1": "Có ảnh chụp"}
    with pytest.raises(ValidationError, match="ngoài khoảng cho phép 0–10"):
        set_answer(store, aid, "A.2.1", 11)
    with pytest.raises(UserError, match="Mục «Z» không có"):
        set_answer(store, aid, "Z", 1)
    assert get_answers(store, aid)["A.2.1"] == D("7.5")
    set_answer(store, aid, "A.2.1", 9)
    assert history.undo_last(store) == "Mục A.2.1: 9"
    assert get_answers(store, aid)["A.2.1"] == D("7.5")
    set_answer(store, aid, "A.2.3", None)
    assert "A.2.3" not in get_answers(store, aid)
    _, r = score_assessment(store, aid)
    assert r.groups["A"].total == D("7.5") and r.mandatory["A.1"] is True
    assert current_assessment(store)["id"] == aid


def test_new_version_never_rescores_an_old_assessment(store, year):
    old = create_assessment(store, year, "test-kinds")
    set_answer(store, old, "B.1", True)
    set_answer(store, old, "B.2", 50)
    before = score_assessment(store, old)[1]
    install_set(store, parse_set(complete_sample(), "b"), "b.xlsx")
    iset, after = score_assessment(store, old)
    assert iset.version == "1" and after == before and after.groups["B"].known_max == 50
    new, skipped = copy_to_version(store, old)
    iset2, r2 = score_assessment(store, new)
    assert skipped == [] and iset2.version == "2" and r2.groups["B"].known_max == 100
    assert r2.groups["B"].total == 50 and "B.3" in [s.item_code for s in r2.next_steps]
    assert score_assessment(store, old)[1] == before


def test_create_needs_installed_set_and_real_year(store, year):
    with pytest.raises(UserError, match="Chưa cài bộ chỉ số khong-co"):
        create_assessment(store, year, "khong-co")
    with pytest.raises(UserError, match="Năm học không tồn tại"):
        create_assessment(store, 999, "test-kinds")


def test_answers_document_round_trips_through_score_command(store, year, tmp_path, capsys):
    import json

    from desktop.core.answers_file import read as read_answers
    from desktop.core.scoring import score
    from desktop.core.store.assessments import answers_document

    aid = create_assessment(store, year, "test-kinds")
    set_answer(store, aid, "A.2.1", D("9.5"), note="ghi chú")
    set_answer(store, aid, "A.1", True)
    set_answer(store, aid, "A.2.3", "half")
    doc = answers_document(store, aid)
    assert doc == {"indicators": "test-kinds", "version": "1", "answers": {"A.2.1": 9.5, "A.1": True, "A.2.3": "half"},
                   "notes": {"A.2.1": "ghi chú"}}
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    back = read_answers(p)
    iset, r = score_assessment(store, aid)
    assert score(iset, back["answers"]) == r and back["answers"]["A.2.1"] == D("9.5")
