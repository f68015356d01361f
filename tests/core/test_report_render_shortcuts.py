"""The renderers' speed-ups change nothing in the files: the PDF is byte for byte the one reportlab writes when every
table cell is wrapped afresh, and the workbook's parts are those openpyxl writes when every cell is styled on its
own (only docProps/core.xml, which carries the time of writing, may differ)."""
import io
import zipfile

import pytest
from reportlab.platypus import Paragraph

from desktop.core.demo import DEMO_TODAY
from desktop.core.report import pdf_tables, xlsx
from desktop.core.report.data import build_report_data
from desktop.core.report.pdf import render_pdf_bytes
from desktop.core.store import Store


@pytest.fixture(scope="module", params=[("year", "2026"), ("self-assessment", None)], ids=["year", "self-assessment"])
def rd(demo_db, request):
    kind, period = request.param
    with Store.open(demo_db) as store:
        return build_report_data(store, kind, period, today=DEMO_TODAY)


def test_cells_wrapped_once_give_the_same_pdf(rd, monkeypatch):
    fast, fast_layout = render_pdf_bytes(rd)
    monkeypatch.setattr(pdf_tables.CellParagraph, "wrap", Paragraph.wrap)
    plain, plain_layout = render_pdf_bytes(rd)
    assert fast_layout == plain_layout
    assert fast == plain


def test_cell_paragraph_wraps_again_for_another_width():
    cell = pdf_tables.p("Kế hoạch chuyển đổi số của nhà trường năm học 2025-2026")
    narrow = cell.wrap(60, 1000)
    wide = cell.wrap(400, 1000)
    assert narrow[1] > wide[1] and cell.wrap(60, 1000) == narrow
    assert len(cell.blPara.lines) == narrow[1] / pdf_tables.CELL.leading


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_shared_cell_styles_give_the_same_workbook(rd, monkeypatch):
    fast = _parts(xlsx.render_xlsx_bytes(rd))

    def styled_one_by_one(ws, r, c, value, key, apply):
        apply(ws.cell(r, c, value))

    monkeypatch.setattr(xlsx, "_put", styled_one_by_one)
    plain = _parts(xlsx.render_xlsx_bytes(rd))
    assert list(fast) == list(plain)
    for name in plain:
        assert fast[name] == plain[name], name
