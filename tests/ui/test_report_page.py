"""Report page on a copy of the demo data: autosaved fields, the check list, preview, export, the jump to fix."""
import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.store import Store
from desktop.core.store import reports as rep
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import wait_all


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    told = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: told.append(text))
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    store = Store.open(db)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.told = told
    yield w
    wait_all()
    w.close()
    store.close()


def open_report(w, qtbot):
    page = w.report_page
    w.show_page(page)
    page.kind.setCurrentIndex(0)  # tự đánh giá
    page.load()
    qtbot.waitUntil(lambda: bool(page.previews), timeout=20000)
    return page


def test_edit_field_updates_checks_and_preview(window, qtbot):
    page = open_report(window, qtbot)
    assert page.page_label.text().startswith("Xem trước — trang 1/")
    page.doc_number.setText("")
    page.save_fields()
    assert any(p.target_kind == "field" and p.target == "doc_number" for p in page.problems)
    page.doc_number.setText("12/BC-THCS")
    page.difficulties.setPlainText("Thiếu máy tính ở điểm trường lẻ")
    page.doc_date.setText("15/05/2026")
    assert page.save_fields()
    row = rep.get_report(window.store, page.report["id"])
    assert row["doc_number"] == "12/BC-THCS" and row["doc_date"] == "2026-05-15"
    assert rep.fields_of(row)["difficulties"] == "Thiếu máy tính ở điểm trường lẻ"
    assert not any(p.target == "doc_number" for p in page.problems)
    assert page.rd.difficulties == "Thiếu máy tính ở điểm trường lẻ"


def test_bad_date_is_refused_with_message(window, qtbot):
    page = open_report(window, qtbot)
    count = len(list(window.store.db.query("SELECT id FROM reports")))
    page.kind.setCurrentIndex(1)  # tháng: looking at a period with no version writes nothing
    page.load()
    assert len(list(window.store.db.query("SELECT id FROM reports"))) == count
    assert page.save_fields()  # the first edit starts the draft
    assert page.report is not None and page.report["kind"] == "month"
    before = rep.get_report(window.store, page.report["id"])
    page.doc_date.setText("31/02/2026")
    assert not page.save_fields()
    assert any("không hợp lệ" in t for t in window.told)
    assert rep.get_report(window.store, page.report["id"])["doc_date"] == before["doc_date"]


def test_fix_jumps_to_item_and_field(window, qtbot):
    from desktop.core.report.checks import Problem
    page = open_report(window, qtbot)
    page.fix(Problem("unanswered", "error", "item", "1.1.1", "x"))
    assert window.pages.currentWidget() is window.assessment_page
    window.show_page(page)
    page.fix(Problem("missing_field", "error", "field", "doc_number", "x"))
    qtbot.waitUntil(lambda: page.doc_number.hasFocus(), timeout=2000)
    page.fix(Problem("x", "warning", "task", "p/t", "x"))
    assert window.pages.currentWidget() is window.checklist_page


def test_export_writes_three_files(window, qtbot, tmp_path):
    page = open_report(window, qtbot)
    out = tmp_path / "out"
    out.mkdir()
    got = []
    page.export_to(str(out), on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=20000)
    names = sorted(p.suffix for p in out.iterdir())
    assert names == [".json", ".pdf", ".xlsx"]
    assert got[0].pdf.read_bytes().startswith(b"%PDF")


def test_print_to_pdf_printer(window, qtbot, tmp_path):
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from desktop.core.report.preview import page_count
    page = open_report(window, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setResolution(100)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    page.print_to(printer)
    assert page_count(out) == page_count(page.pdf)


def test_check_list_is_grouped_like_the_command_line(window, qtbot):
    """Issue 17: not one line per item (55 lines, 22 of them rows the school cannot fix), but the CLI's groups."""
    from desktop.core.report import checks

    page = open_report(window, qtbot)
    lines = [page.check_list.item(i).text() for i in range(page.check_list.count())]
    assert len(lines) < len(page.problems)
    assert [ln.lower() for ln in lines] == [ln[2:].lower() for ln in checks.summarise(page.problems)]
    assert any(ln.startswith("[Lỗi] Mục chưa trả lời (4): 1.3.5") for ln in lines), lines
