"""The renderers' speed-ups change nothing in the files: the PDF is byte for byte the one reportlab writes when every
table cell is wrapped afresh, and the workbook's parts are those openpyxl writes when every cell is styled on its
own (only docProps/core.xml, which carries the time of writing, may differ)."""
import io
import zipfile

import pytest
from reportlab.platypus import Paragraph

from desktop.core.demo import DEMO_TODAY
from desktop.core.report import pdf_tables, xlsx, xlsx_style
from desktop.core.report.build import build_report_data
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

    monkeypatch.setattr(xlsx_style, "put", styled_one_by_one)
    plain = _parts(xlsx.render_xlsx_bytes(rd))
    assert list(fast) == list(plain)
    for name in plain:
        assert fast[name] == plain[name], name



def _same_value(a, b) -> bool:
    return callable(a) and callable(b) if callable(a) else a == b  # extractInfo makes a lambda per face


def test_font_sharing_a_parsed_face_is_a_fresh_font_in_all_but_the_parsing():
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop.core.report import fonts

    path = fonts.bundled()["bold"]
    fonts.ttfont("Shortcut-First", path)
    shared, fresh = fonts.ttfont("Shortcut-Second", path), TTFont("Shortcut-Second", str(path))
    assert shared.face is fonts.ttfont("Shortcut-Third", path).face  # parsed once
    assert shared.state is not fonts._parsed[str(path)].state and not shared.state
    mine, theirs = dict(vars(shared)), dict(vars(fresh))
    assert set(mine) == set(theirs)  # a reportlab release that adds per-font attributes fails here
    for key in set(mine) - {"face", "state", "encoding"}:
        assert _same_value(mine[key], theirs[key]), key
    assert vars(shared.encoding) == vars(fresh.encoding)
    face, fresh_face = vars(shared.face), vars(fresh.face)
    assert set(face) == set(fresh_face)
    for key in set(face) - {"_pos"}:  # the read cursor: every read of the font file seeks first
        assert _same_value(face[key], fresh_face[key]), key


def test_signature_appearance_same_with_a_shared_face(monkeypatch):
    """render_appearance drawn with fonts that share an already parsed face writes the bytes it writes with fonts
    parsed afresh. (reportlab registers a second font of an already registered face as the first one, so in the
    app the shared copy is drawn with only when the face was parsed but not registered yet; here both registries
    start empty so that each run registers its own fonts.)"""
    import datetime as dt

    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop.core.report import fonts
    from desktop.core.signing import appearance

    def registries_without_ours():
        monkeypatch.setattr(pdfmetrics, "_fonts", {k: v for k, v in pdfmetrics._fonts.items()
                                                   if k not in (appearance.FONT, appearance.FONT_BOLD)})
        monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})

    monkeypatch.setattr(rl_config, "invariant", 1)
    app = appearance.Appearance(organisation="Trường THCS Thử Nghiệm", signer_name="Nguyễn Văn An")
    when = dt.datetime(2026, 4, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    parsed = [fonts.ttfont(f"Shortcut-Parse-{f}", fonts.bundled()[f]).face for f in ("regular", "bold")]
    registries_without_ours()
    shared = appearance.render_appearance(app, when)
    drawn = [pdfmetrics.getFont(n).face for n in (appearance.FONT, appearance.FONT_BOLD)]
    assert drawn[0] is parsed[0] and drawn[1] is parsed[1]
    registries_without_ours()
    monkeypatch.setattr(fonts, "ttfont", lambda name, path: TTFont(name, str(path)))
    fresh = appearance.render_appearance(app, when)
    drawn = [pdfmetrics.getFont(n).face for n in (appearance.FONT, appearance.FONT_BOLD)]
    assert drawn[0] is not parsed[0] and drawn[1] is not parsed[1]
    assert shared == fresh
