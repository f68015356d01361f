"""The «Kế hoạch của nhà trường» page (issue 24), walked as a principal would on the demo school: draft from the
province plans and the assessment, assign a person, edit a cell, accept, write a text, export PDF and Word; the
checklist and the assessment then show "trong kế hoạch của trường"."""
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.core.school_plan import rows
from desktop.core.store import Store
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    store = Store.open(db)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.told = told
    yield w
    w.close()
    store.close()


def test_draft_edit_accept_and_export(window, tmp_path, qtbot):
    w = window
    page = w.school_plan_page
    w.show_page(page)
    assert page.model.rowCount() == 0 and not page.pdf_b.isEnabled()
    page.draft_b.click()  # one click: the whole draft
    year = page.year["id"]
    plan = rows.list_rows(w.store, year)
    assert page.model.rowCount() == len(plan) > 10
    assert all(r.suggested for r in plan)
    # a person for the first three rows
    sel = page.view.selectionModel()
    for i in range(3):
        sel.select(page.proxy.index(i, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    page.person.setCurrentIndex(page.person.findText("Phạm Thu Hà", Qt.MatchFlag.MatchStartsWith))
    page.findChild(type(page.draft_b), "assignPerson").click()
    plan = rows.list_rows(w.store, year)
    assert [r.responsible.split(" (")[0] for r in plan[:3]] == ["Phạm Thu Hà"] * 3 and not plan[3].responsible_id
    # edit a cell in place: that field is no longer a suggestion
    idx = page.proxy.index(0, 6)
    assert page.proxy.setData(idx, "Kinh phí chi thường xuyên", Qt.ItemDataRole.EditRole)
    qtbot.waitUntil(lambda: rows.list_rows(w.store, year)[0].resources == "Kinh phí chi thường xuyên")
    # accept the first row
    sel.clearSelection()
    sel.select(page.proxy.index(0, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    page.findChild(type(page.draft_b), "acceptRows").click()
    assert rows.list_rows(w.store, year)[0].suggested == ()
    # a bad deadline: a Vietnamese message, nothing changed
    before = rows.list_rows(w.store, year)[1]
    assert not page.proxy.setData(page.proxy.index(1, 4), "31/02/2026", Qt.ItemDataRole.EditRole)
    assert rows.list_rows(w.store, year)[1] == before
    # the drafted texts are marked as the program's draft until the user writes over them
    page.tabs.setCurrentIndex(1)
    mark = page.findChild(QLabel, "draftMark_purpose")
    assert mark.isVisibleTo(page) and page.text_edits["purpose"].toPlainText()
    page.text_edits["purpose"].setPlainText("Nâng mức chuyển đổi số của nhà trường.")
    page._text_timer.stop()
    page._save_texts()
    assert rows.get_fields(w.store, year)["purpose"] == "Nâng mức chuyển đổi số của nhà trường."
    assert not mark.isVisibleTo(page)
    page.export_to(tmp_path / "out", docx=True)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=60000)
    files = page.last_export
    assert files.pdf.is_file() and files.docx.is_file() and files.suggestions
    assert "Đã ghi" in page.export_note.text()
    # the checklist and the assessment show that the plan covers them
    cp = w.checklist_page
    w.show_page(cp)
    marked = [r for r in cp.visible_rows() if r.in_school_plan]
    assert marked and cp.model.text(cp.model.rows().index(marked[0]), 1).startswith(f"[{marked[0].in_school_plan}] ")
    own = [r for r in cp.visible_rows() if r.section == "Kế hoạch của nhà trường"]
    assert len(own) == len(rows.list_rows(w.store, year))
    own_step = next(r for r in rows.list_rows(w.store, year) if r.item_code)
    ap = w.assessment_page
    w.show_page(ap)
    ap.select_item(own_step.item_code)
    texts = " ".join(lbl.text() for lbl in ap.pane_scroll.widget().findChildren(QLabel))
    assert "Trong kế hoạch của trường" in texts and own_step.code in texts


def test_pick_dialog_offers_what_is_not_in_the_plan(window, monkeypatch):
    from desktop.ui.pages import school_plan as sp

    w = window
    page = w.school_plan_page
    w.show_page(page)
    seen = {}

    def fake_exec(dlg):
        seen["rows"] = len(dlg.items)
        seen["ticked"] = sum(1 for _, on in dlg.items if on)
        seen["first"] = dlg.items[0][1]
        dlg.items[0][1] = True  # the user ticks the first one as well
        return sp.QDialog.DialogCode.Accepted

    monkeypatch.setattr(sp.ProposalsDialog, "exec", fake_exec)
    page.pick_b.click()
    assert seen["ticked"] < seen["rows"]  # not every proposal is ticked: only the default draft's
    assert page.model.rowCount() == seen["ticked"] + (0 if seen["first"] else 1)


def test_sign_with_the_school_key_like_a_report(window, qtbot, tmp_path, monkeypatch):
    from desktop.core.signing import verify_pdf
    from desktop.ui.pages import school_plan as sp

    w = window
    page = w.school_plan_page
    w.show_page(page)
    assert not page.sign_b.isEnabled()  # nothing to sign yet
    page.draft_b.click()
    monkeypatch.setattr(sp.QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "signed"))
    asked = []
    monkeypatch.setattr(page, "confirm", lambda exc: asked.append(exc.lines) or True)
    page.sign_school_key()
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=60000)
    files = page.last_export
    assert files.signed and files.pdf.name == "31012345_ke-hoach-cds_2025-2026.pdf"
    result = verify_pdf(files.pdf)
    assert result.intact and result.internal and result.signatures[0].field == "ChuKyHieuTruong"
    assert "không phải chữ ký số của tổ chức CA" in page.export_note.text()
    assert asked and any("gợi ý" in line for line in asked[0])  # asked once before signing a draft with (*)


def test_a_province_deadline_already_past_is_left_for_the_school(window, qtbot):
    """The demo lives on 15/04/2026: CT-PL1.1's 10/10/2025 is past, so the drafted row has no deadline and its cell
    says why; the note left as it is writes nothing, a date typed over it is the school's own."""
    w = window
    page = w.school_plan_page
    w.show_page(page)
    page.draft_b.click()
    year = page.year["id"]
    plan = rows.list_rows(w.store, year)
    i = next(n for n, r in enumerate(plan) if r.pack_row_id == "CT-PL1.1")
    note = "Hạn 10/10/2025 trong kế hoạch của Sở Giáo dục và Đào tạo tỉnh Ninh Bình đã qua: nhà trường tự đặt hạn"
    assert plan[i].deadline == "" and page.model.text(i, 4) == note
    idx = page.proxy.index(i, 4)
    assert not page.proxy.setData(idx, note, Qt.ItemDataRole.EditRole)
    assert rows.list_rows(w.store, year)[i] == plan[i]
    assert page.proxy.setData(idx, "30/06/2026", Qt.ItemDataRole.EditRole)
    qtbot.waitUntil(lambda: page.model.text(i, 4) == "30/06/2026")
    assert rows.list_rows(w.store, year)[i].deadline == "30/06/2026"
