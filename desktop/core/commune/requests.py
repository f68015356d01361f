"""Return for changes ("yêu cầu bổ sung"): the authority's comments on a school's report, per criterion, item
or task, sent back as a small signed PDF that carries the request as JSON (one signature covers both, made by
the same signing paths as reports); the school imports it, sees each comment in place, and its next report
version names the request it answers (`answers_to_request` in the data file).

Request file: PDF with the attachment `yeu-cau-bo-sung.json` =
{"format": "socds-return-request", "format_version": 1, "request_id", "school_code", "school_name",
 "authority", "kind", "period", "report_version", "comments": [{"target", "code", "text"}], "created_at"}.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import jsonin
from desktop.core.commune.requests_list import TARGETS
from desktop.core.errors import UserError, nfc
from desktop.core.report.lifecycle import mark_returned
from desktop.core.store import Store
from desktop.core.store.db import utcnow

if TYPE_CHECKING:
    from desktop.core.report.letterhead import Letterhead

FORMAT = "socds-return-request"
ATTACHMENT = "yeu-cau-bo-sung.json"
MAX_VERSION = 100_000  # far above any report's version count; keeps the number an SQLite INTEGER
MAX_COMMENTS = 200


def _check_comments(comments: list[dict]) -> list[dict]:
    if not comments:
        raise UserError("Yêu cầu bổ sung cần ít nhất một nhận xét.")
    if len(comments) > MAX_COMMENTS:
        raise UserError(f"Tối đa {MAX_COMMENTS} nhận xét trong một yêu cầu bổ sung.")
    out = []
    for n, c in enumerate(comments, start=1):
        target, code, text = c.get("target"), str(c.get("code") or "").strip(), nfc(str(c.get("text") or "").strip())
        if target not in TARGETS:
            raise UserError(f"Nhận xét {n}: loại «{target}» không hợp lệ ({', '.join(TARGETS.values())}).")
        if target != "general" and not code:
            raise UserError(f"Nhận xét {n}: chưa ghi mã {TARGETS[target].lower()}.")
        if not text:
            raise UserError(f"Nhận xét {n} ({code or 'chung'}) chưa có nội dung.")
        out.append({"target": target, "code": code, "text": text[:4000]})
    return out


def parse_comment_lines(text: str) -> list[dict]:
    """ "1.3: Bổ sung minh chứng" per line → comments. X.Y is a criterion, X.Y.Z an item, any other code a task;
    a line without "mã:" is a general comment."""
    out = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        code, sep, rest = line.partition(":")
        code = code.strip()
        if not sep or " " in code or not code:
            out.append({"target": "general", "code": "", "text": line})
            continue
        if not rest.strip():
            raise UserError(f"Dòng {n}: sau «{code}:» chưa có nội dung nhận xét.")
        parts = code.split(".")
        target = (
            ("criterion" if len(parts) == 2 else "item" if len(parts) == 3 else "task")
            if all(p.isdigit() for p in parts) and len(parts) > 1
            else "task"
        )
        out.append({"target": target, "code": code, "text": rest.strip()})
    return _check_comments(out)


def authority_signer(store: Store, name: str):
    """The managing body's own internal key (integrity only, marked as such), when no CA certificate is used."""
    from desktop.core.signing import SchoolKeySigner

    return SchoolKeySigner(store.data_dir / "keys-authority", name or "Cơ quan quản lý", "")


# ---- authority side -------------------------------------------------------------------------------------------
def create_request(store: Store, inbox_id: int, comments: list[dict], authority: str) -> str:
    """A request for changes on the report received as inbox row `inbox_id`; returns its request_id."""
    row = store.row("inbox", {"id": inbox_id})
    if not row or row["state"] == "rejected" or not row["school_code"]:
        raise UserError("Chỉ gửi yêu cầu bổ sung cho một báo cáo đã nhận.")
    authority = nfc(" ".join((authority or "").split()))
    if not authority or "chưa khai báo tên" in authority.lower():
        # a request is an official letter: never issued under a placeholder name
        raise UserError(
            "Chưa khai báo tên cơ quan quản lý, nên chưa tạo được yêu cầu bổ sung mang tên cơ quan. Khai báo ở "
            "Cài đặt › Cơ quan quản lý."
        )
    import uuid  # authority side only (uuid imports platform: ~3 ms on the school's start-up path)

    rid = uuid.uuid4().hex
    store.write(
        "return_requests",
        {"request_id": rid},
        {
            "direction": "sent",
            "school_code": row["school_code"],
            "authority": authority,
            "kind": row["kind"],
            "period": row["period"],
            "report_version": row["version"],
            "inbox_id": inbox_id,
            "comments": json.dumps(_check_comments(comments), ensure_ascii=False),
            "created_at": utcnow(),
        },
        summary=f"Tạo yêu cầu bổ sung cho trường {row['school_code']}",
    )
    return rid


def request_document(store: Store, request_id: str) -> dict:
    r = store.row("return_requests", {"request_id": request_id})
    if not r:
        raise UserError("Không tìm thấy yêu cầu bổ sung.")
    school = store.row("roster", {"code": r["school_code"]})
    return {
        "format": FORMAT,
        "format_version": 1,
        "request_id": r["request_id"],
        "school_code": r["school_code"],
        "school_name": school["name"] if school else "",
        "authority": r["authority"],
        "kind": r["kind"],
        "period": r["period"],
        "report_version": r["report_version"],
        "comments": json.loads(r["comments"]),
        "created_at": r["created_at"],
    }


def report_words(doc: dict, received: str | None = None) -> str:
    """ "báo cáo tự đánh giá năm học 2025-2026, phiên bản v1" — the report a request is about, in words."""
    from desktop.core.periods import label
    from desktop.core.report.data import KIND_LABELS

    kind = KIND_LABELS.get(doc["kind"], doc["kind"])
    text = f"báo cáo {kind} {label(doc['period'])}, phiên bản v{doc['report_version']}"
    return text + (f" (nhận ngày {received})" if received else "")


def local_day(iso: str) -> str:
    """The local calendar day (ISO) of a UTC time stored by utcnow(): a request made at 23:30 UTC is dated the
    next day in Việt Nam, as the officer's own clock says."""
    from datetime import datetime, timezone

    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:10]
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone().date().isoformat()


def _render(doc: dict, lh: Letterhead, received: str | None = None) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from desktop.core.report.fonts import FAMILY, register
    from desktop.core.report.letterhead import C14B, closing, header
    from desktop.core.report.pdf_layout import portrait_doc

    register()
    body = ParagraphStyle("b", fontName=FAMILY, fontSize=13, leading=17)
    cell = ParagraphStyle("c", fontName=FAMILY, fontSize=11, leading=14)
    buf = io.BytesIO()
    d = portrait_doc(
        buf,
        title="Yêu cầu bổ sung báo cáo",
        author=doc["authority"],
        invariant=1,
    )
    rows = [[Paragraph("<b>TT</b>", cell), Paragraph("<b>Nội dung</b>", cell), Paragraph("<b>Yêu cầu</b>", cell)]]
    for n, c in enumerate(doc["comments"], start=1):
        what = "Chung (cả báo cáo)" if c["target"] == "general" else f"{TARGETS[c['target']]} {c['code']}"
        rows.append([Paragraph(str(n), cell), Paragraph(escape(what), cell), Paragraph(escape(c["text"]), cell)])
    width = d.width  # between the margins
    t = Table(rows, colWidths=[12 * mm, 35 * mm, width - 47 * mm], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        header(lh, width),
        Spacer(1, 8 * mm),
        Paragraph("YÊU CẦU BỔ SUNG, CHỈNH SỬA BÁO CÁO", C14B),
        Spacer(1, 4 * mm),
        Paragraph(
            f"Kính gửi: {escape(doc['school_name'] or doc['school_code'])} (mã {escape(doc['school_code'])})", body
        ),
        Paragraph(f"Về: {escape(report_words(doc, received))}.", body),
        Paragraph(
            "Đề nghị nhà trường bổ sung, chỉnh sửa các nội dung sau và gửi lại phiên bản mới của báo cáo "
            "(nhập tệp này vào Sổ CĐS để xem từng yêu cầu ngay tại chỉ số, nhiệm vụ liên quan):",
            body,
        ),
        Spacer(1, 3 * mm),
        t,
        Spacer(1, 4 * mm),
        Paragraph(f"Mã yêu cầu: {doc['request_id']}", cell),
        closing(lh, width, {}),
    ]
    d.build(story)
    return buf.getvalue()


def _received_day(store: Store, request_id: str) -> str | None:
    """dd/mm/yyyy the report a request is about was received (local day), if the inbox still has it."""
    row = store.db.execute(
        "SELECT i.received_at FROM return_requests r JOIN inbox i ON i.id = r.inbox_id WHERE r.request_id = ?",
        [request_id],
    ).fetchone()
    if not row or not row[0]:
        return None
    y, m, d = local_day(row[0]).split("-")
    return f"{d}/{m}/{y}"


def write_request_file(store: Store, request_id: str, out_path: Path | str, signer) -> Path:
    """The signed request file (PDF + JSON inside the signed revision); marks the request as sent."""
    from desktop.core.commune.authority import AuthorityInfo  # reportlab, only when a request is written
    from desktop.core.signing import sign_pdf

    doc = request_document(store, request_id)
    # the authority's letterhead, under the name the request was made in, dated the day it was made
    day = local_day(doc["created_at"])
    lh = AuthorityInfo.load(store).letterhead(
        int(day[:4]),
        issuer=doc["authority"],
        doc_number="",
        doc_date=day,
        doc_type="",
        recipients=(f"{doc['school_name'] or 'Trường'} (mã {doc['school_code']})", "Lưu: VT"),
    )
    raw = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "yc.pdf"
        src.write_bytes(_render(doc, lh, _received_day(store, request_id)))
        out = sign_pdf(src, out_path, signer, attachments=[(ATTACHMENT, raw, "application/json")])
    store.write(
        "return_requests",
        {"request_id": request_id},
        {"sent_at": utcnow(), "file_name": Path(out).name},
        summary=f"Xuất tệp yêu cầu bổ sung cho trường {doc['school_code']}",
    )
    return Path(out)


def sent_requests(store: Store, school_code: str | None = None) -> list[dict]:
    sql, args = "SELECT * FROM return_requests WHERE direction = 'sent'", []
    if school_code:
        sql, args = sql + " AND school_code = ?", [school_code]
    return [dict(r, comments=json.loads(r["comments"])) for r in store.db.query(sql + " ORDER BY created_at", args)]


# ---- school side ----------------------------------------------------------------------------------------------
def import_request(store: Store, path: Path | str, trust=()) -> dict:
    """Verify and store a request file received from the managing body; returns the request document."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from desktop.core.signing import verify_pdf
    from desktop.core.signing.verify import embedded_files
    from desktop.core.store.profile import get_school

    path = Path(path)
    from desktop.core.signing import TrustStore

    # the roots this school trusts (imported once in Settings or with `socds trust add`), and any given here
    vr = verify_pdf(path, trust=[*TrustStore.for_store(store).certificates(), *trust])
    if vr.state in ("unreadable", "unsigned", "invalid"):
        detail = vr.problems[0] if vr.problems else ""
        raise UserError(f"Tệp {path.name} không dùng được: {detail or vr.explanation}")
    if vr.state != "valid":
        # a request reopens a signed report as a draft: only the managing body, under a root this school trusts
        raise UserError(
            f"Tệp {path.name} không được nhập: chữ ký không thuộc một chứng thư gốc mà trường đã tin cậy "
            f"({vr.explanation}) Nếu đây đúng là yêu cầu của cơ quan quản lý, hãy nhập chứng thư gốc của "
            "cơ quan đó (Cài đặt › Chứng thư gốc, hoặc «socds trust add») rồi nhập lại."
        )
    if ATTACHMENT not in vr.attachments:
        raise UserError(f"Tệp {path.name} không phải tệp yêu cầu bổ sung của Sổ CĐS (không có {ATTACHMENT}).")
    with open(path, "rb") as fh:
        raw = embedded_files(PdfFileReader(fh, strict=False))[ATTACHMENT]
    try:
        doc = jsonin.loads(raw)
        assert doc["format"] == FORMAT and isinstance(doc["comments"], list)
        comments = _check_comments(doc["comments"])
        rid, code = str(doc["request_id"]), str(doc["school_code"])
        version = doc.get("report_version") or 0
        # a version number as this program writes it: a whole number a report can have (not text, not 10^30)
        if not (isinstance(version, int) and not isinstance(version, bool) and 0 <= version <= MAX_VERSION):
            raise ValueError("report_version")
    except (ValueError, KeyError, TypeError, AssertionError, UserError):
        raise UserError(f"Tệp {path.name}: nội dung yêu cầu bổ sung không đúng mẫu.") from None
    school = get_school(store)
    if school and school.code and school.code != code:
        raise UserError(
            f"Yêu cầu bổ sung này gửi trường mã {code}, không phải trường của tệp dữ liệu này ({school.code})."
        )
    if store.row("return_requests", {"request_id": rid}):
        raise UserError(f"Đã nhập yêu cầu bổ sung này trước đây (mã {rid[:8]}…).")
    with store.tx():
        store.write(
            "return_requests",
            {"request_id": rid},
            {
                "direction": "received",
                "school_code": code,
                "authority": nfc(str(doc.get("authority", ""))),
                "kind": str(doc.get("kind", "")),
                "period": str(doc.get("period", "")),
                "report_version": version,
                "comments": json.dumps(comments, ensure_ascii=False),
                "created_at": str(doc.get("created_at", "")),
                "file_name": path.name,
                "imported_at": utcnow(),
            },
            summary=f"Nhập yêu cầu bổ sung của {doc.get('authority', 'cơ quan quản lý')}",
        )
        _return_sent_version(store, doc, comments)
    return {**doc, "comments": comments}


def _return_sent_version(store: Store, doc: dict, comments: list[dict]) -> None:
    """The report version the request is about goes to "returned" and a new draft opens to answer it."""
    row = store.db.execute(
        "SELECT id, status FROM reports WHERE kind = ? AND period = ? AND version = ? AND status IN ('signed', 'sent')",
        (str(doc.get("kind", "")), str(doc.get("period", "")), int(doc.get("report_version") or 0)),
    ).fetchone()
    if row:
        if row[1] == "signed":  # signed and emailed, sending not noted
            store.write("reports", {"id": row[0]}, {"status": "sent"}, summary="Ghi nhận báo cáo đã gửi")
        mark_returned(
            store, row[0], [f"{TARGETS.get(c['target'], '')} {c['code']}: {c['text']}".strip() for c in comments]
        )
