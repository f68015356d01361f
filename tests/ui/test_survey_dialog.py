"""The teachers' survey from the staff list, walked as the focal point does: pick questions (one of the school's
own), make the forms, take a filled PDF back, see the round, type a paper form, save the reminder list."""
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import Store
from desktop.core.store import lists
from desktop.core.survey import rounds
from desktop.ui.main_window import MainWindow
from tests.helpers.survey_fill import fill_pdf


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


def test_make_collect_round_and_paper_form(window, qtbot, tmp_path):
    w = window
    page = w.lists_page
    w.pages.setCurrentWidget(page)
    page.refresh()
    dlg = page.survey_dialog()
    qtbot.addWidget(dlg)
    # an own question with a range upside down is refused by the questions file's rules; a good one is added
    dlg.q_kind.setCurrentIndex(1)
    dlg.q_text.setText("Số tiết dạy có dùng phần mềm trong tháng")
    dlg.q_min.setText("100")
    dlg.q_max.setText("0")
    assert dlg.add_question_from_fields() is None and "«min» lớn hơn «max»" in w.told[-1]
    dlg.q_min.setText("0")
    dlg.q_max.setText("100")
    q = dlg.add_question_from_fields()
    assert q is not None and dlg.question_list.count() == 6
    dlg.question_list.item(4).setCheckState(Qt.Unchecked)  # no digital-signature question this round
    out = tmp_path / "phieu"
    dlg.make(str(out))
    qtbot.waitUntil(lambda: not dlg.busy, timeout=60000)
    assert "đã tạo 14 phiếu" in dlg.status.text()
    assert dlg.round_table.rowCount() == 14 and "đã nộp 0/14" in dlg.round_label.text()
    rnd = rounds.current_round(w.store)
    assert [x.qid for x in rnd.questions.questions][-1] == q.qid and len(rnd.questions.questions) == 5
    first = sorted(out.glob("*.pdf"))[0]
    row_id = rnd.forms[next(iter(rnd.forms))]["row_id"]
    lists.set_flag(w.store, row_id, "1.6.3", False)
    filled = fill_pdf(first, tmp_path / "tra-ve.pdf", {"q_tai_khoan_boi_duong": "co", "q_phan_mem_day_hoc": "co",
                                                       "q_hoc_lieu_so": "co", "q_boi_duong_ky_nang_so": "khong",
                                                       f"q_{q.qid}": "8"})
    dlg.collect([str(filled), str(first)])
    qtbot.waitUntil(lambda: not dlg.busy, timeout=60000)
    lines = [dlg.outcomes.item(i).text() for i in range(dlg.outcomes.count())]
    assert ": Đã nhận." in lines[0] and "Không nhận. Phiếu chưa được điền" in lines[1]
    # the staff list page shows the answer at once
    proxy = page.staff.proxy
    ids = [r["id"] for r in proxy.visible_rows()]
    col = 1 + [f.code for f in page.staff.flags].index("1.6.3")
    assert proxy.index(ids.index(row_id), col).data(Qt.CheckStateRole) == Qt.Checked
    assert "đã nộp 1/14" in dlg.round_label.text()
    # a paper form for the second teacher: out of range first (kept, said), then corrected
    dlg.round_table.setCurrentCell(1, 0)
    paper = dlg.paper_entry_dialog()
    qtbot.addWidget(paper)
    for qid, text in (("tai_khoan_boi_duong", "Có"), ("phan_mem_day_hoc", "Không"), ("hoc_lieu_so", "Có"),
                      ("boi_duong_ky_nang_so", "Có")):
        box = paper.inputs[qid]
        box.setCurrentIndex(box.findText(text))
    paper.inputs[q.qid].setText("250")
    assert not paper.submit().ok and "250 nằm ngoài khoảng" in paper.message.text()
    paper.inputs[q.qid].setText("25")
    assert paper.submit().ok
    assert "đã nộp 2/14" in dlg.round_label.text()
    assert "phiếu giấy" in dlg.round_table.item(1, 2).text()
    saved = dlg.save_reminders(str(tmp_path / "nhac.xlsx"))
    assert saved and saved.exists()
    dlg.resize(1100, 700)
    dlg.tabs.setCurrentIndex(1)
    dlg.grab().save(str(tmp_path / "survey-collect.png"))
    for i in (0, 2):
        dlg.tabs.setCurrentIndex(i)
        dlg.grab().save(str(tmp_path / f"survey-tab{i}.png"))


def test_files_dropped_on_the_dialog_are_collected(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from desktop.core.survey import questions as Q
    from desktop.core.survey.make import make_forms

    w = window
    rnd, made = make_forms(w.store, Q.bundled(), tmp_path / "phieu", formats=("pdf",))
    filled = fill_pdf(made[0].files[0], tmp_path / "gv1.pdf", {f"q_{q.qid}": "co" for q in Q.bundled().questions})
    dlg = w.lists_page.survey_dialog()
    qtbot.addWidget(dlg)
    dlg.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(filled)), QUrl.fromLocalFile(str(tmp_path / "phieu"))])
    # as Qt delivers a drop: the drag enters, then the files are dropped (the dialog's FileDrop handles both)
    QApplication.sendEvent(dlg, QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    QApplication.sendEvent(dlg, QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    qtbot.waitUntil(lambda: not dlg.busy, timeout=60000)
    statuses = [o.status for o in dlg.last_outcomes]
    assert statuses[0] == "taken" and statuses.count("refused") == len(made)  # the blank forms, each said
    assert "đã nộp 1/14" in dlg.round_label.text()
