"""Teachers' survey (issue 23): forms made, filled with real libraries, taken back into the staff list."""
from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from desktop.core.errors import UserError, ValidationError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.plan_parse import bundled_packs
from desktop.core.report.pdf_layout import PORTRAIT
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import evidence as ev
from desktop.core.store import lists
from desktop.core.survey import collect as col
from desktop.core.survey import questions as Q
from desktop.core.survey import rounds, status
from desktop.core.survey.make import make_forms
from tests.helpers import pdf_edges
from tests.helpers.survey_fill import fill_pdf, fill_xlsx

OWN = {"format": "socds-survey-questions", "format_version": 1, "set_id": "rieng", "title": "Câu hỏi riêng",
       "questions": [
           {"id": "so_tiet", "type": "number", "text": "Số tiết dạy có dùng phần mềm trong tháng", "min": 0,
            "max": 100, "integer": True},
           {"id": "muc_do", "type": "choice", "text": "Mức độ sử dụng công nghệ",
            "options": ["Cơ bản", "Thành thạo", "Hướng dẫn được người khác"]},
           {"id": "de_xuat", "type": "text", "text": "Đề xuất của thầy/cô", "max_length": 100, "required": False}]}
YES_ALL = {"q_tai_khoan_boi_duong": "co", "q_phan_mem_day_hoc": "co", "q_hoc_lieu_so": "co",
           "q_boi_duong_ky_nang_so": "co", "q_chu_ky_so_ca_nhan": "khong", "q_so_tiet": "12", "q_muc_do": "o2",
           "q_de_xuat": "Cần thêm máy chiếu ở phòng học số 2"}
XLSX_ALL = {"tai_khoan_boi_duong": "Có", "phan_mem_day_hoc": "Không", "hoc_lieu_so": "Có",
            "boi_duong_ky_nang_so": "Có", "chu_ky_so_ca_nhan": "Không", "so_tiet": 30, "muc_do": "Cơ bản"}


def qset() -> Q.QuestionSet:
    return Q.merge(Q.bundled().title, Q.bundled(), Q.parse(OWN))


@pytest.fixture
def school(demo_db, tmp_path):
    db = shutil.copy(demo_db, tmp_path / "school.db")
    s = Store.open(db)
    yield s
    s.close()


@pytest.fixture
def made(school, tmp_path):
    rnd, forms = make_forms(school, qset(), tmp_path / "out")
    return rnd, forms


def _iset(store):
    return asm.assessment_set(store, asm.current_assessment(store)["id"])


def _attrs(store) -> dict[int, dict]:
    return {r["id"]: r["attrs"] for r in lists.rows(store, "staff")}


def _evidence_count(store) -> int:
    return len(ev.live(store)) + len(ev.removed(store))


# ---- the questions file ---------------------------------------------------------------------------------------
def test_bundled_questions_cite_real_items_and_targets():
    qs = Q.bundled()
    iset = next(s for s in bundled_sets() if s.set_id == "qd4725-2022")
    share_codes = {f.code for f in lists.flags(iset, "staff")}
    packs = {p.pack_id: p for p in bundled_packs()}
    attrs = [q.attr for q in qs.questions]
    assert share_codes <= set(attrs)  # every staff-list share flag has its question
    for q in qs.questions:
        assert q.sources, q.qid
        for s in q.sources:
            if s.item:
                assert s.item in share_codes and s.indicator_set == iset.set_id
                assert q.attr == s.item
            else:
                assert s.target in {t.target_id for t in packs[s.pack].targets}, (s.pack, s.target)


def test_questions_file_problems_are_located():
    bad = {"format": "socds-survey-questions", "format_version": 1, "set_id": "x", "title": "T", "questions": [
        {"id": "a", "type": "number", "text": "Số", "min": 5, "max": 1},
        {"id": "b", "type": "choice", "text": "Chọn", "options": ["Một"]},
        {"id": "a", "type": "yesno", "text": "Lặp"},
        {"id": "Có dấu", "type": "date", "text": ""}]}
    with pytest.raises(ValidationError) as e:
        Q.parse(bad, "cau-hoi.json")
    text = e.value.message
    assert "câu hỏi số 1" in text and "«min» lớn hơn «max»" in text
    assert "câu hỏi số 2" in text and "từ 2 đến" in text
    assert "câu hỏi số 3" in text and "bị lặp" in text
    assert "câu hỏi số 4" in text and "«type»" in text


def test_answer_checks():
    q = Q.parse(OWN).get("so_tiet")
    assert Q.check_answer(q, "12") == (12, None)
    assert Q.check_answer(q, 12.0) == (12, None)
    assert Q.check_answer(q, "150")[1] == "150 nằm ngoài khoảng cho phép (số nguyên từ 0 đến 100)"
    assert "không phải số nguyên" in Q.check_answer(q, "2,5")[1]
    assert "không phải là số" in Q.check_answer(q, "mười")[1]
    c = Q.parse(OWN).get("muc_do")
    assert Q.check_answer(c, "thành thạo") == ("Thành thạo", None)
    assert "không phải một lựa chọn" in Q.check_answer(c, "Giỏi")[1]
    yn = Q.bundled().questions[0]
    assert Q.check_answer(yn, "Không") == (False, None) and Q.check_answer(yn, "x") == (True, None)
    assert Q.check_answer(yn, "  ") == (None, None)


def test_fingerprint_changes_with_wording_and_range():
    base = Q.parse(OWN)
    changed = json.loads(json.dumps(OWN))
    changed["questions"][0]["max"] = 200
    assert Q.parse(changed).fingerprint != base.fingerprint
    assert Q.parse(base.canonical()).fingerprint == base.fingerprint


# ---- forms out, answers back -----------------------------------------------------------------------------------
def test_make_writes_one_pdf_and_one_workbook_per_teacher(school, made, tmp_path):
    rnd, forms = made
    staff = lists.rows(school, "staff")
    assert len(forms) == len(staff) == len(rnd.forms)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2 * len(staff)
    assert all(s["name"] not in "".join(names) for s in staff)  # no personal data in file names
    f = forms[0]
    assert f.form_id == f"31012345.{rnd.round_id}.{staff[0]['id']}"
    text = subprocess.run(["pdftotext", str(f.files[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert staff[0]["name"] in text and f.form_id in text and "mục 1.6.1" in text and "CT-2.5.c" in text
    fonts = subprocess.run(["pdffonts", str(f.files[0])], capture_output=True, text=True, check=True).stdout
    page_fonts = [ln for ln in fonts.splitlines()[2:] if not ln.startswith(("Helvetica", "ZapfDingbats"))]
    assert page_fonts and all(ln.split()[-5] == "yes" for ln in page_fonts)  # the page text's fonts embedded


def test_filled_pdf_is_taken_into_the_staff_list(school, made, tmp_path):
    rnd, forms = made
    row_id = rnd.forms[forms[0].form_id]["row_id"]
    lists.set_flag(school, row_id, "1.6.2", False)
    before = lists.share(school, _iset(school), "1.6.2")
    filled = fill_pdf(forms[0].files[0], tmp_path / "tra-ve.pdf", YES_ALL)
    out = col.collect(school, [filled])
    assert [o.status for o in out] == ["taken"], out[0].line()
    attrs = _attrs(school)[row_id]
    assert attrs["1.6.1"] is True and attrs["1.6.2"] is True and attrs["ky_nang_so"] is True
    assert not attrs.get("chu_ky_so")  # "no" (the list keeps a flag only when it is set)
    after = lists.share(school, _iset(school), "1.6.2")
    assert after.counted == before.counted + 1 and after.suggested > before.suggested
    rec = rounds.get_return(school, forms[0].form_id)
    assert rec["answers"]["so_tiet"] == 12 and rec["answers"]["muc_do"] == "Thành thạo"
    assert rec["answers"]["de_xuat"] == "Cần thêm máy chiếu ở phòng học số 2"
    linked = ev.for_item(school, asm.current_assessment(school)["id"], "1.6.1")
    assert any(e["id"] == rec["evidence_id"] for e in linked)
    assert ev.blob_path(school, rec["sha256"]).read_bytes() == filled.read_bytes()
    v = status.view(school)
    assert len(v.returned) == 1 and len(v.missing) == len(forms) - 1


def test_workbook_filled_with_openpyxl_is_taken(school, made, tmp_path):
    rnd, forms = made
    wb = fill_xlsx(forms[1].files[1], tmp_path / "tra-ve.xlsx", XLSX_ALL)
    out = col.collect(school, [wb])
    assert out[0].status == "taken", out[0].line()
    row_id = rnd.forms[forms[1].form_id]["row_id"]
    assert _attrs(school)[row_id]["1.6.2"] is False and _attrs(school)[row_id]["1.6.3"] is True
    assert rounds.get_return(school, forms[1].form_id)["answers"]["so_tiet"] == 30


def _refused(school, path, *words):
    attrs, n_ev = _attrs(school), _evidence_count(school)
    out = col.collect(school, [path])
    assert out[0].status == "refused", out[0].line()
    for w in words:
        assert w.casefold() in out[0].message.casefold(), out[0].message
    assert _attrs(school) == attrs and _evidence_count(school) == n_ev  # nothing changed
    return out[0]


def test_out_of_range_and_unfilled_and_missing_answers_change_nothing(school, made, tmp_path):
    rnd, forms = made
    bad = fill_pdf(forms[0].files[0], tmp_path / "a.pdf", {**YES_ALL, "q_so_tiet": "150"})
    _refused(school, bad, "câu 6", "150 nằm ngoài khoảng")
    _refused(school, forms[0].files[0], "chưa được điền")
    _refused(school, forms[0].files[1], "chưa được điền")
    part = fill_pdf(forms[0].files[0], tmp_path / "b.pdf", {"q_tai_khoan_boi_duong": "co"})
    _refused(school, part, "chưa trả lời câu 2, 3, 4, 5, 6, 7")
    choice = fill_xlsx(forms[0].files[1], tmp_path / "c.xlsx", {**XLSX_ALL, "muc_do": "Giỏi"})
    _refused(school, choice, "câu 7", "«Giỏi» không phải một lựa chọn")


def test_other_school_stale_round_changed_question_and_damaged_file(school, made, tmp_path, demo_db):
    rnd, forms = made
    # another school: its own data file (other code) makes its own forms
    other_db = shutil.copy(demo_db, tmp_path / "other.db")
    with Store.open(other_db) as other:
        from desktop.core.store import profile as prof

        s = prof.get_school(other)
        s.code = "79000001"
        prof.save_school(other, s)
        _, oforms = make_forms(other, qset(), tmp_path / "other")
    o = fill_pdf(oforms[0].files[0], tmp_path / "other.pdf", YES_ALL)
    _refused(school, o, "trường khác", "79000001")
    # the questions changed: the form's fingerprint no longer matches
    changed = fill_pdf(forms[0].files[0], tmp_path / "changed.pdf", {**YES_ALL, "socds_fingerprint": "0" * 16})
    _refused(school, changed, "câu hỏi trong phiếu khác")
    # damaged: cut short, and bytes that are not a PDF at all
    data = fill_pdf(forms[0].files[0], tmp_path / "full.pdf", YES_ALL).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    _refused(school, tmp_path / "cut.pdf", "hỏng")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    _refused(school, tmp_path / "empty.xlsx", "0 byte")
    (tmp_path / "note.txt").write_text("xin chào", encoding="utf-8")
    _refused(school, tmp_path / "note.txt", "không phải tệp PDF hay Excel")
    # a new round makes the old forms stale
    make_forms(school, qset(), tmp_path / "round2")
    _refused(school, tmp_path / "full.pdf", f"đợt cũ {rnd.round_id}")


def test_sent_twice_and_newer_form_replaces_older_said_explicitly(school, made, tmp_path):
    rnd, forms = made
    row_id = rnd.forms[forms[0].form_id]["row_id"]
    first = fill_pdf(forms[0].files[0], tmp_path / "v1.pdf", YES_ALL)
    copy = shutil.copy(first, tmp_path / "v1-copy.pdf")
    out = col.collect(school, [first, copy])
    assert [o.status for o in out] == ["taken", "duplicate"]
    assert "đã nhận lúc" in out[1].message
    second = fill_xlsx(forms[0].files[1], tmp_path / "v2.xlsx", {**XLSX_ALL, "tai_khoan_boi_duong": "Không"})
    out = col.collect(school, [second])
    assert out[0].status == "replaced" and "thay phiếu đã nhận lúc" in out[0].message
    assert ("Thầy/cô có tài khoản trên nền tảng bồi dưỡng, tập huấn trực tuyến không?", "Có", "Không") in out[0].changed
    assert _attrs(school)[row_id]["1.6.1"] is False
    rec = rounds.get_return(school, forms[0].form_id)
    assert len(rec["previous"]) == 1 and rec["previous"][0]["sha256"]
    # the older form's file is still in the evidence store; sending it again changes nothing
    assert ev.blob_path(school, rec["previous"][0]["sha256"]).exists()
    out = col.collect(school, [first])
    assert out[0].status == "duplicate" and _attrs(school)[row_id]["1.6.1"] is False


def test_paper_form_goes_through_the_same_checks(school, made):
    rnd, forms = made
    fid = forms[2].form_id
    o = col.enter(school, fid, {"tai_khoan_boi_duong": "có", "phan_mem_day_hoc": "có", "hoc_lieu_so": "không",
                                "boi_duong_ky_nang_so": "có", "chu_ky_so_ca_nhan": "có", "so_tiet": "101",
                                "muc_do": "Cơ bản"})
    assert o.status == "refused" and "101 nằm ngoài khoảng" in o.message
    o = col.enter(school, fid, {"tai_khoan_boi_duong": "có", "phan_mem_day_hoc": "có", "hoc_lieu_so": "không",
                                "boi_duong_ky_nang_so": "có", "chu_ky_so_ca_nhan": "có", "so_tiet": "10",
                                "muc_do": "Cơ bản"})
    assert o.status == "taken"
    assert status.view(school).forms[2].source == "paper"
    assert col.enter(school, "31012345.khac.1", {"so_tiet": "1"}).status == "refused"


def test_folder_collect_reminders_and_changes_since_last_round(school, made, tmp_path):
    rnd, forms = made
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill_pdf(forms[0].files[0], inbox / "gv1.pdf", YES_ALL)
    fill_xlsx(forms[1].files[1], inbox / "gv2.xlsx", XLSX_ALL)
    (inbox / "~$gv2.xlsx").write_bytes(b"lock")
    assert [o.status for o in col.collect(school, [inbox])] == ["taken", "taken"]
    pdf = status.write_reminders(school, tmp_path / "nhac.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    missing = status.view(school).missing
    assert len(missing) == len(forms) - 2
    assert all(m.teacher in text for m in missing) and forms[0].teacher not in text
    # report/pdf_layout's portrait margins, as every other PDF (it had its own: the first line began at 22.1 mm)
    on_page = pdf_edges.words(pdf)
    assert abs(on_page[0][0] - PORTRAIT["left"]) < 0.5, on_page[0]  # the school's name, first line
    assert max(x1 for _, x1, _ in on_page) <= A4[0] - PORTRAIT["right"] + 0.5
    status.write_reminders(school, tmp_path / "nhac.xlsx")
    # round 2: the first teacher now says no to 1.6.1
    rnd2, forms2 = make_forms(school, qset(), tmp_path / "round2")
    fill_pdf(forms2[0].files[0], tmp_path / "r2.pdf", {**YES_ALL, "q_tai_khoan_boi_duong": "khong"})
    assert col.collect(school, [tmp_path / "r2.pdf"])[0].status == "taken"
    v = status.view(school)
    assert v.previous_id == rnd.round_id
    assert [(c.teacher, c.before, c.after) for c in v.changes] == [(forms[0].teacher, "Có", "Không")]


def test_collect_without_a_round_and_bad_teacher_names(store, tmp_path):
    with pytest.raises(UserError, match="Chưa có đợt khảo sát"):
        col.collect(store, [tmp_path])
    with pytest.raises(UserError, match="Danh sách giáo viên đang trống"):
        make_forms(store, Q.bundled(), tmp_path / "o")
    lists.add_row(store, "staff", "Nguyễn Văn An")
    with pytest.raises(UserError, match="Không có trong danh sách giáo viên: Lê Bình"):
        make_forms(store, Q.bundled(), tmp_path / "o", ["Lê Bình"])
    rnd, forms = make_forms(store, Q.bundled(), tmp_path / "o", ["Nguyễn Văn An"], formats=("xlsx",))
    assert rounds.school_part(store).startswith("T")  # no school code yet: this file's own token
    assert [f.files[0].suffix for f in forms] == [".xlsx"]
    with pytest.raises(UserError, match="bộ câu hỏi khác"):
        make_forms(store, qset(), tmp_path / "o", round_id=rnd.round_id)


def test_decimal_answers_stay_exact(store, tmp_path):
    own = {"format": "socds-survey-questions", "format_version": 1, "set_id": "so", "title": "Số",
           "questions": [{"id": "gio", "type": "number", "text": "Số giờ tập huấn", "min": 0, "max": 99.5}]}
    lists.add_row(store, "staff", "Nguyễn Văn An")
    rnd, forms = make_forms(store, Q.parse(own), tmp_path / "o")
    assert col.enter(store, forms[0].form_id, {"gio": "12,25"}).status == "taken"
    assert rounds.get_return(store, forms[0].form_id)["answers"]["gio"] == "12.25"
    assert Q.check_answer(Q.parse(own).get("gio"), 0.1)[0] == Decimal("0.1")


def test_workbook_saved_by_libreoffice_is_taken(school, made, tmp_path):
    """A teacher opens the form in LibreOffice Calc and saves it (here: through .ods and back to .xlsx, so every
    part of the returned workbook is written by LibreOffice: hidden sheet, protection, cell types)."""
    from tests.helpers.survey_fill import soffice, soffice_roundtrip

    assert soffice(), "LibreOffice (soffice) is needed: make test installs libreoffice-calc-nogui"
    rnd, forms = made
    filled = fill_xlsx(forms[3].files[1], tmp_path / "gv4.xlsx", {**XLSX_ALL, "so_tiet": 7, "de_xuat": "Tăng băng thông"})
    saved = soffice_roundtrip(filled, tmp_path / "lo")
    out = col.collect(school, [saved])
    assert out[0].status == "taken", out[0].line()
    rec = rounds.get_return(school, forms[3].form_id)
    assert rec["answers"]["so_tiet"] == 7 and rec["answers"]["de_xuat"] == "Tăng băng thông"
    assert rec["answers"]["muc_do"] == "Cơ bản"
    # the blank form through LibreOffice is still recognised, and still unfilled
    blank = soffice_roundtrip(forms[4].files[1], tmp_path / "lo2", via="xlsx")
    _refused(school, blank, "chưa được điền")


def test_workbook_copies_carry_each_teachers_name_and_form_id(store, tmp_path):
    """The round's workbook is built once and each copy gets its teacher's name and form id: a name with XML's
    special characters must come out as written, and the copy must read back as that teacher's form."""
    import openpyxl

    lists.add_row(store, "staff", "Trần Thị <Mai> & Lan")
    lists.add_row(store, "staff", "Ngô Bảo Châu")
    rnd, forms = make_forms(store, Q.bundled(), tmp_path / "o", formats=("xlsx",))
    for f in forms:
        wb = openpyxl.load_workbook(f.files[0])
        assert wb["Phiếu"]["A5"].value == f"Họ và tên giáo viên: {f.teacher}"
        assert wb["_socds"]["B1"].value == f.form_id and wb["_socds"].sheet_state == "veryHidden"
        assert wb["Phiếu"].protection.sheet and not wb["Phiếu"]["C9"].protection.locked
        assert wb["Phiếu"]["B9"].protection.locked
    filled = fill_xlsx(forms[0].files[0], tmp_path / "mai.xlsx", {q.qid: "Có" for q in Q.bundled().questions})
    out = col.collect(store, [filled])
    assert out[0].status == "taken" and out[0].teacher == "Trần Thị <Mai> & Lan"


def test_hostile_and_altered_files_change_nothing(school, made, tmp_path):
    """The adversary's files: a field tree that loops, a workbook whose hidden sheet lists another question, a
    form printed to a plain PDF (no fields), a workbook with its hidden sheet removed."""
    import openpyxl
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    rnd, forms = made
    filled = fill_pdf(forms[0].files[0], tmp_path / "ok.pdf", YES_ALL)
    with open(filled, "rb") as fh:
        w = IncrementalPdfFileWriter(fh, strict=False)
        fields = w.root["/AcroForm"]["/Fields"]
        group = fields[2].get_object()
        kids = group["/Kids"]
        kids[0].get_object()["/T"] = generic.TextStringObject("vong")
        kids[0].get_object()["/Kids"] = generic.ArrayObject([fields.raw_get(2)])  # a kid whose kid is its parent
        w.mark_update(kids.raw_get(0))
        with open(tmp_path / "loop.pdf", "wb") as out:
            w.write(out)
    _refused(school, tmp_path / "loop.pdf", "quá sâu")
    book = fill_xlsx(forms[0].files[1], tmp_path / "extra.xlsx", XLSX_ALL)
    wb = openpyxl.load_workbook(book)
    wb["_socds"].append(["cau_them", "C20", "text"])
    wb.save(book)
    _refused(school, book, "câu hỏi trong phiếu khác")
    wb = openpyxl.load_workbook(fill_xlsx(forms[0].files[1], tmp_path / "nometa.xlsx", XLSX_ALL))
    del wb["_socds"]
    wb.save(tmp_path / "nometa.xlsx")
    _refused(school, tmp_path / "nometa.xlsx", "không có mã phiếu")
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(tmp_path / "printed.pdf"))
    c.drawString(50, 800, "Phieu da in ra PDF")
    c.save()
    _refused(school, tmp_path / "printed.pdf", "in ra PDF")
    # and the good file is still taken afterwards: nothing above left anything half-done
    assert col.collect(school, [filled])[0].status == "taken"


def test_workbook_filled_by_libreoffice_is_taken(school, made, tmp_path):
    """LibreOffice writes the answers itself: the form goes to a flat ODF spreadsheet, the answer cells are typed
    into it, and LibreOffice writes the returned .xlsx (tests/helpers/survey_fill.soffice_fill)."""
    from tests.helpers.survey_fill import soffice, soffice_fill

    assert soffice(), "LibreOffice (soffice) is needed: make test installs libreoffice-calc-nogui"
    rnd, forms = made
    answers = {**XLSX_ALL, "so_tiet": 101, "de_xuat": "Cần thêm tập huấn về học liệu số"}
    too_many, half, filled = soffice_fill(forms[5].files[1], [answers, {**answers, "so_tiet": 12.5},
                                                              {**answers, "so_tiet": 20}], tmp_path / "lo")
    _refused(school, too_many, "câu 6", "101 nằm ngoài khoảng")
    _refused(school, half, "câu 6", "12,5 không phải số nguyên")
    out = col.collect(school, [filled])
    assert out[0].status == "taken", out[0].line()
    rec = rounds.get_return(school, forms[5].form_id)
    assert rec["answers"]["so_tiet"] == 20 and rec["answers"]["de_xuat"] == "Cần thêm tập huấn về học liệu số"
    row_id = rnd.forms[forms[5].form_id]["row_id"]
    assert _attrs(school)[row_id]["1.6.1"] is True and not _attrs(school)[row_id].get("1.6.2")


def test_teacher_removed_from_the_list_or_form_not_handed_out(school, made, tmp_path):
    rnd, forms = made
    filled = fill_pdf(forms[0].files[0], tmp_path / "gv.pdf", YES_ALL)
    lists.remove_row(school, rnd.forms[forms[0].form_id]["row_id"])
    _refused(school, filled, "không còn trong danh sách giáo viên")
    forged = fill_pdf(forms[1].files[0], tmp_path / "forged.pdf",
                      {**YES_ALL, "socds_form_id": f"31012345.{rnd.round_id}.999"})
    _refused(school, forged, "không có trong danh sách phiếu đã phát")
