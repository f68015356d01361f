"""Issue 21: what changed between two versions of a school's report — from two signed PDFs (the data file inside
each), from a folder, and from the commune's inbox; `socds compare` prints it or gives it as JSON."""
from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from desktop.cli import main
from desktop.core.commune import compare, demo, inbox, roster
from desktop.core.errors import UserError
from desktop.core.report.data import EvidenceRow
from desktop.core.store import Store
from desktop.core.store.indicator_store import ensure_bundled


def _v2(rd):
    """A second version: one item answered differently, one task done, a new difficulty, evidence added."""
    a = rd.assessment
    i = next(n for n, it in enumerate(a.items) if it.max > 0 and it.points < it.max)
    item = dataclasses.replace(a.items[i], answer_json="true", answer_text="Có", points=a.items[i].max, state="full")
    items = a.items[:i] + (item,) + a.items[i + 1:]
    c = next(n for n, cr in enumerate(a.criteria) if cr.code == item.criterion_code)
    crit = dataclasses.replace(a.criteria[c], total=a.criteria[c].total + item.max - a.items[i].points)
    assessment = dataclasses.replace(a, items=items, criteria=a.criteria[:c] + (crit,) + a.criteria[c + 1:])
    t = next(n for n, task in enumerate(rd.checklist) if task.status == "doing")
    task = dataclasses.replace(rd.checklist[t], status="done", progress=100)
    ev = EvidenceRow("MC02", "Biên bản kiểm tra phòng máy", "link", None, None, "https://example.edu.vn/bb")
    return dataclasses.replace(
        rd, report_version=rd.report_version + 1, assessment=assessment,
        checklist=rd.checklist[:t] + (task,) + rd.checklist[t + 1:], evidence=rd.evidence + (ev,),
        difficulties=rd.difficulties + "\nThiếu cán bộ phụ trách thiết bị."), item, a.items[i], task


def test_compare_reports_section_by_section(commune):
    v1 = commune.base_report
    v2, item, before, task = _v2(v1)
    cmp = compare.compare_reports(v1, v2, "v1.pdf", "v2.pdf")
    items = cmp.section("item")
    assert [(c.code, c.old, c.new) for c in items] == [
        (item.code, compare._answer(before), f"Có ({item.max.normalize()}/{item.max.normalize()} điểm)".replace(".", ","))]
    assert items[0].delta == "+" + str((item.max - before.points).normalize()).replace(".", ",")
    assert [c.code for c in cmp.section("criterion")] == [item.criterion_code]
    assert [(c.code, c.old, c.new) for c in cmp.section("task")] == [
        (task.task_id, f"Đang thực hiện ({next(t for t in v1.checklist if t.task_id == task.task_id).progress}%)",
         "Hoàn thành")]
    (text,) = cmp.section("text")
    assert text.label == "Khó khăn, vướng mắc" and text.new.endswith("Thiếu cán bộ phụ trách thiết bị.")
    (ev,) = cmp.section("evidence")
    assert ev.label == "Biên bản kiểm tra phòng máy" and ev.new == "thêm MC02"
    assert not cmp.notes and cmp.items_compared == len(v1.assessment.items)
    # and backwards: the evidence is removed, the task goes back
    back = compare.compare_reports(v2, v1)
    assert [c.new for c in back.section("evidence")] == ["bỏ"]
    assert any("phiên bản cũ hơn" in n for n in back.notes)


def test_evidence_renumbered_is_not_a_change(commune):
    v1 = commune.base_report
    moved = tuple(dataclasses.replace(e, ref=f"MC{n + 7:02d}") for n, e in enumerate(v1.evidence))
    assert compare.compare_reports(v1, dataclasses.replace(v1, evidence=moved)).section("evidence") == []


def test_same_report_twice_has_no_change(commune):
    cmp = compare.compare_reports(commune.base_report, commune.base_report)
    assert cmp.changes == [] and "Không có thay đổi" in compare.describe(cmp)[-1]


@pytest.fixture
def two_files(commune, tmp_path):
    v1 = commune.base_report
    v2 = _v2(v1)[0]
    a = demo.write_report(v1, tmp_path / f"{v1.school.code}_self-assessment_2025-2026_v1.pdf", commune.signer)
    b = demo.write_report(v2, tmp_path / f"{v1.school.code}_self-assessment_2025-2026_v2.pdf", commune.signer)
    return a, b


def test_compare_two_pdfs_from_the_command(two_files, capsys):
    a, b = two_files
    assert main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "Trước: v1 (" in out and "Sau:   v2 (" in out and "— chữ ký: Nguyên vẹn, chưa xác định người ký" in out
    assert "Chỉ số (1/29 chỉ số thay đổi):" in out and "Minh chứng (1):" in out
    assert main(["compare", str(a), str(b), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["old"]["version"] == 1 and doc["new"]["version"] == 2
    assert {c["section"] for c in doc["changes"]} == {"item", "criterion", "task", "text", "evidence"}


def test_compare_the_two_latest_in_a_folder(two_files, commune, capsys):
    a, b = two_files
    (a.parent / "ghi-chu.txt").write_text("không phải báo cáo")
    assert main(["compare", "--school", commune.base_report.school.code, "--dir", str(a.parent), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["old"]["source"], doc["new"]["source"]) == (a.name, b.name)
    assert main(["compare", "--school", "99999999", "--dir", str(a.parent)]) == 1
    assert "không có báo cáo nào của trường mã 99999999" in capsys.readouterr().err


def test_a_tampered_file_is_said_and_a_file_without_data_refused(two_files, tmp_path, capsys):
    a, b = two_files
    bad = tmp_path / "sua.pdf"
    bad.write_bytes(b.read_bytes())
    demo.tamper(bad)
    cmp = compare.compare_files(a, bad)
    assert cmp.notes[0].startswith("Tệp sua.pdf — Không hợp lệ, đã bị thay đổi sau khi ký: ")
    assert cmp.new.signature == "Không hợp lệ, đã bị thay đổi sau khi ký" and len(cmp.notes) == 1
    (tmp_path / "trong.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(UserError):
        compare.compare_files(a, tmp_path / "trong.pdf")
    assert main(["compare", str(a)]) == 1
    assert "Ghi đúng hai tệp" in capsys.readouterr().err


def test_compare_from_the_inbox(commune, tmp_path, capsys):
    db = tmp_path / "xa.db"
    with Store.open(db) as s:
        ensure_bundled(s)
        roster.import_workbook(s, commune.roster_path)
        files = sorted(f for f in commune.files if f.name.startswith(commune.two_versions))
        res = inbox.take_in(s, files, trust=[commune.root_cert_path])
        v1_id, v2_id = (o.inbox_id for o in res.outcomes)
        assert compare.previous_version(s, v2_id) == v1_id and compare.previous_version(s, v1_id) is None
        cmp = compare.compare_inbox(s, v2_id)
        direct = compare.compare_reports(compare.inbox_report(s, v1_id), compare.inbox_report(s, v2_id))
        assert cmp.changes == direct.changes and cmp.changes
        with pytest.raises(UserError, match="chưa có phiên bản nào trước v1"):
            compare.compare_inbox(s, v1_id)
    assert main(["compare", "--db", str(db), "--school", commune.two_versions, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["old"]["source"], doc["new"]["source"]) == (f"mục số {v1_id}", f"mục số {v2_id}")


@pytest.fixture
def three_files(two_files, commune):
    """v1, v2 and a v3 of one school in one folder (v3: one more difficulty than v2)."""
    a, b = two_files
    v2 = _v2(commune.base_report)[0]
    v3 = dataclasses.replace(v2, report_version=3, difficulties=v2.difficulties + "\nMạng chập chờn.")
    c = demo.write_report(v3, a.parent / f"{v2.school.code}_self-assessment_2025-2026_v3.pdf", commune.signer)
    return a, b, c


def test_any_two_versions_in_a_folder(three_files, commune, capsys):
    """Was: only the latest two versions of a school could be compared from a folder."""
    from desktop.core.commune import compare_versions as cv

    a, b, c = three_files
    code = commune.base_report.school.code
    found = cv.versions_in_folder(a.parent, code)
    assert [(v.version, v.source) for v in found] == [(1, a.name), (2, b.name), (3, c.name)]
    assert [v.source for v in cv.choose(found)] == [b.name, c.name]  # default: the latest and the one before
    assert [v.source for v in cv.choose(found, 1, 3)] == [a.name, c.name]
    assert [v.source for v in cv.choose(found, None, 2)] == [a.name, b.name]
    with pytest.raises(UserError, match=r"Không có phiên bản v7 .*\(có: v1, v2, v3\)"):
        cv.choose(found, 1, 7)
    with pytest.raises(UserError, match="trùng nhau"):
        cv.choose(found, 2, 2)
    with pytest.raises(UserError, match="chưa có phiên bản nào trước v1"):
        cv.choose(found, None, 1)
    assert main(["compare", "--school", code, "--dir", str(a.parent), "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" — ")[0] for line in out] == ["v1", "v2", "v3"] and c.name in out[2]
    assert main(["compare", "--school", code, "--dir", str(a.parent), "--from", "v1", "--to", "v3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["old"]["source"], doc["new"]["source"]) == (a.name, c.name)
    texts = [ch for ch in doc["changes"] if ch["section"] == "text"]
    assert texts and "Mạng chập chờn." in texts[0]["new"]
    assert {ch["section"] for ch in doc["changes"]} >= {"item", "task", "evidence"}  # v1 → v3 carries v2's too
    assert main(["compare", "--school", code, "--dir", str(a.parent), "--from", "2"]) == 0  # v2 → the latest (v3)
    assert "Trước: v2" in capsys.readouterr().out
    assert main(["compare", "--school", code, "--dir", str(a.parent), "--from", "ba"]) == 1
    assert "«ba» không phải số phiên bản" in capsys.readouterr().err
    assert main(["compare", str(a), str(b), "--from", "v1"]) == 1
    assert "không ghi cả hai" in capsys.readouterr().err


def test_any_two_versions_from_the_inbox(commune, tmp_path, capsys):
    from desktop.core.commune import compare_versions as cv

    db = tmp_path / "xa.db"
    v1 = commune.base_report
    code = v1.school.code
    v2 = dataclasses.replace(v1, report_version=2, difficulties=v1.difficulties + "\nThiếu máy chiếu.")
    v3 = dataclasses.replace(v2, report_version=3, difficulties=v2.difficulties + "\nMạng chập chờn.")
    files = [demo.write_report(rd, tmp_path / f"{code}_self-assessment_2025-2026_v{rd.report_version}.pdf",
                               commune.signer) for rd in (v1, v2, v3)]
    with Store.open(db) as s:
        ensure_bundled(s)
        roster.import_workbook(s, commune.roster_path)
        res = inbox.take_in(s, files, trust=[commune.root_cert_path])
        assert "rejected" not in [o.state for o in res.outcomes], [o.reason for o in res.outcomes]
        ids = [o.inbox_id for o in res.outcomes]
        found = cv.versions_in_inbox(s, code)
        assert [v.inbox_id for v in found] == ids and [v.version for v in found] == [1, 2, 3]
    assert main(["compare", "--db", str(db), "--school", code, "--list", "--json"]) == 0
    assert [v["inbox_id"] for v in json.loads(capsys.readouterr().out)] == ids
    assert main(["compare", "--db", str(db), "--school", code, "--from", "v1", "--to", "v3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["old"]["source"], doc["new"]["source"]) == (f"mục số {ids[0]}", f"mục số {ids[2]}")
    (text,) = [c["new"] for c in doc["changes"] if c["section"] == "text"]
    assert "Thiếu máy chiếu." in text and "Mạng chập chờn." in text  # v1 → v3: both lines added since v1
    assert main(["compare", "--db", str(db), "--school", code, "--json"]) == 0  # default: v2 → v3
    doc = json.loads(capsys.readouterr().out)
    assert (doc["old"]["version"], doc["new"]["version"]) == (2, 3)
    assert main(["compare", "--db", str(db), "--school", code, "--to", "v9"]) == 1
    assert "Không có phiên bản v9" in capsys.readouterr().err
