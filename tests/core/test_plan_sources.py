"""Every row of every bundled plan pack quotes its document (issue 19), and the faults found row by row stay fixed.

`source_text` must be found in the document (tests/data/plan_sources/, one file a pack) after whitespace
normalisation and NFC; what the encoder added is in `inferred` with a reason; every indicator link has a reason.
"""
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from desktop.core.plans import INFERABLE, source_pieces
from desktop.core.plan_parse import bundled_packs, load_file
from desktop.core.paths import resource

SOURCES = Path(__file__).resolve().parents[1] / "data" / "plan_sources"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def _packs():
    return [(f.stem, load_file(f)) for f in sorted(resource("plans").glob("*.json"))]


def _by_id():
    return {p.pack_id: p for p in bundled_packs()}


@pytest.mark.parametrize("stem,pack", _packs(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_row_quotes_its_document(stem, pack):
    document = _norm((SOURCES / f"{stem}.txt").read_text(encoding="utf-8"))
    missing, not_found = [], []
    for row in (*pack.targets, *pack.tasks, *pack.reports):
        rid = getattr(row, "target_id", None) or getattr(row, "task_id", None) or row.report_id
        if not row.source_text:
            missing.append(rid)
        for piece in source_pieces(row.source_text):
            if _norm(piece) not in document:
                not_found.append(f"{rid}: {piece[:80]}")
    assert not missing, f"rows without source_text: {missing}"
    assert not not_found, "source_text not in the document:\n" + "\n".join(not_found)


def test_the_check_catches_a_reworded_quote():
    document = _norm((SOURCES / "002-tuetinh-cv-cds-2026.txt").read_text(encoding="utf-8"))
    # the rows as they were before issue 19: a split sentence and an added "(theo Bộ chỉ số của Bộ GDĐT)"
    assert _norm("Phân công cán bộ phụ trách chuyển đổi số, bảo đảm có đầu mối kỹ thuật;") not in document
    assert _norm("Thực hiện tự đánh giá mức độ chuyển đổi số (theo Bộ chỉ số của Bộ GDĐT)") not in document


def test_every_link_has_a_reason_and_every_inference_a_field():
    for pack in bundled_packs():
        for row in (*pack.targets, *pack.tasks):
            reasons = dict(row.link_reasons)
            assert set(reasons) == set(row.indicator_links), (pack.pack_id, row)
            kind = "target" if hasattr(row, "target_id") else "task"
            assert {f for f, _ in row.inferred} <= set(INFERABLE[kind])
            # a product is always the encoder's suggestion: no document here names one
            if kind == "task" and row.product:
                assert "product" in dict(row.inferred), row.task_id


def test_001_faults_fixed():
    dn = _by_id()["dongnai-kh-cntt-cds-2026"]
    bc1 = next(r for r in dn.reports if r.report_id == "BC-1")
    # the garbled "trước ngày 15 tháng 6 của tháng và năm 2026": a mid-year report, flagged, not "the 2026 report"
    assert (bc1.schedule.date, bc1.report_kind, bc1.period) == (date(2026, 6, 15), "other", "")
    assert "bị lỗi" in bc1.note and "report_kind" in dict(bc1.inferred)
    # V.9/V.10 are addressed to THPT, GDNN-GDTX and units under the Sở
    assert all(r.levels == ("THPT", "GDTX") for r in dn.reports if r.report_id in ("BC-1", "BC-2"))
    assert dn.row("NV-V.9.a").levels == dn.row("NV-V.9.b").levels == ("THPT", "GDTX")
    # 10/10 is the day of Ngày CĐS quốc gia, not a deadline
    assert dn.row("NV-II.1.b").deadline.kind == "none"
    # restored rows and wording
    assert dn.row("NV-II.3.b") and dn.row("NV-II.8.c") and any(r.report_id == "BC-3" for r in dn.reports)
    assert "trong toàn ngành" in dn.row("NV-II.2.b").text and "trong toàn ngành" in dn.row("NV-II.1.a").text
    assert "công nhận văn bằng" in dn.row("CT-2.4.b").text
    # wrong and weak links gone: smart classrooms are not a studio (1.7.3); e-office is not 2.3.1
    assert "1.7.3" not in dn.row("NV-II.3.c").indicator_links
    assert not dn.row("NV-II.8.a").indicator_links and not dn.row("CT-2.1.a").indicator_links


def test_002_003_004_faults_fixed():
    packs = _by_id()
    tt = packs["tuetinh-cv-cds-2026"]
    assert tt.row("NV-2.a") is None and tt.row("NV-2.b") is None and tt.row("NV-2").indicator_links == ("2.1",)
    nv5 = tt.row("NV-5")
    assert "Bộ chỉ số" not in nv5.text and nv5.deadline.kind == "none" and not nv5.note
    assert tt.reports[0].to == ""          # the letter names no recipient
    ld = packs["lamdong-kh-nq57-2026"]
    assert ld.row("CT-II.2.c.1").value is None and ld.row("CT-II.2.d.1").value is None
    assert ld.row("NV-III.IV.1") is None   # led by Phòng Tổ chức cán bộ, not a school's task
    assert ld.row("CT-II.2.c.1").levels == ld.row("NV-V.2.2.b").levels
    assert "2.3.8" not in ld.row("CT-II.2.d.1").indicator_links      # CSDL dân cư is not CSDL ngành
    assert "1.7.2" not in ld.row("CT-II.2.c.2").indicator_links      # curriculum is not equipment
    nb = packs["ninhbinh-27-kh-sgddt-2025"]
    assert nb.row("CT-PL1.3").text.startswith("Phấn đấu") and not nb.row("CT-PL1.3").indicator_links
    assert "tuyển sinh" not in nb.row("NV-II.5.a").text
    assert all("https://forms.gle/7AFsQJFVgKgKMYe68" in r.to for r in nb.reports)
    assert nb.row("NV-PL2.9").text == "Triển khai các nhiệm vụ về Văn bằng số"
    assert nb.row("NV-II.6.c").same_as == ("CT-PL1.1",) and nb.row("NV-II.6.c").deadline.kind == "none"
