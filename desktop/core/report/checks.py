"""Kiểm tra trước khi gửi: the problems a report still has, each pointing at what to fix.

`target_kind` + `target` tell the GUI where to jump: an item code ("item", "1.3.2"), a report field ("field",
"doc_number" / "doc_date" / "recipients" / "signer_name"), the evidence list ("evidence", "") or a plan task
("task", "<pack_id>/<task_id>"). Errors should be fixed before sending; warnings are for the user to judge.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.report.data import ReportData

DEFAULT_EMAIL_BUDGET_MB = 20
BUDGET_SETTING = "report_email_budget_mb"


@dataclass(frozen=True)
class Problem:
    code: str  # unanswered / mandatory_unmet / no_evidence / missing_field / too_large / unverified
    severity: str  # error / warning
    target_kind: str  # item / field / evidence / task
    target: str
    message: str  # Vietnamese, shown as is


def short(text: str, limit: int = 60) -> str:
    """Text cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def email_budget_bytes(store) -> int:
    mb = store.get_setting(BUDGET_SETTING, DEFAULT_EMAIL_BUDGET_MB)
    try:
        return int(float(mb) * 1024 * 1024)
    except (TypeError, ValueError):
        return DEFAULT_EMAIL_BUDGET_MB * 1024 * 1024


def check_report(rd: ReportData, *, email_budget: int = DEFAULT_EMAIL_BUDGET_MB * 1024 * 1024) -> list[Problem]:
    out: list[Problem] = []
    a = rd.assessment
    if a:
        for it in a.items:
            if it.answer_json is None:
                out.append(Problem("unanswered", "error", "item", it.code, f"Mục {it.code} chưa được trả lời."))
        for m in a.mandatory:
            if m.met is False:
                out.append(
                    Problem(
                        "mandatory_unmet",
                        "warning",
                        "item",
                        m.code,
                        f"Điều kiện bắt buộc {m.code} chưa đạt: nhóm không thể xếp mức cao hơn.",
                    )
                )
        for it in a.items:
            claimed = it.points > 0 or (it.state == "met")
            if claimed and not it.evidence:
                out.append(
                    Problem(
                        "no_evidence",
                        "warning",
                        "item",
                        it.code,
                        f"Mục {it.code} được tính điểm/đạt nhưng chưa có minh chứng.",
                    )
                )
        for it in a.items:
            if not it.verified and it.answer_json is not None:
                out.append(
                    Problem(
                        "unverified",
                        "warning",
                        "item",
                        it.code,
                        f"Mục {it.code} thuộc dòng chỉ số chưa đối chiếu với văn bản chính thức.",
                    )
                )
    for t in rd.checklist:
        if t.status == "done" and not t.evidence:
            out.append(
                Problem(
                    "no_evidence",
                    "warning",
                    "task",
                    f"{t.pack_id}/{t.task_id}",
                    f"Nhiệm vụ {t.task_id} «{short(t.text)}» đã hoàn thành nhưng chưa có minh chứng.",
                )
            )
    if not rd.doc_number.strip():
        out.append(Problem("missing_field", "error", "field", "doc_number", "Chưa có số văn bản của báo cáo."))
    if not rd.doc_date:
        out.append(Problem("missing_field", "error", "field", "doc_date", "Chưa có ngày ban hành báo cáo."))
    if not any(r.strip() for r in rd.recipients):
        out.append(Problem("missing_field", "error", "field", "recipients", "Chưa ghi nơi nhận."))
    if not rd.signer.name.strip():
        out.append(Problem("missing_field", "error", "field", "signer_name", "Chưa có người ký báo cáo."))
    if not rd.signer.authority.strip():
        out.append(Problem("missing_field", "error", "field", "signer_authority", "Chưa ghi thẩm quyền ký."))
    total = sum(e.size or 0 for e in rd.evidence if e.kind == "file")
    if total > email_budget:
        from desktop.core.report.pdf_tables import human_size  # reportlab: only for this message

        out.append(
            Problem(
                "too_large",
                "warning",
                "evidence",
                "",
                f"Minh chứng dạng tệp tổng cộng {human_size(total)}, quá giới hạn gửi thư điện tử "
                f"{human_size(email_budget)}: hãy gửi kèm đường dẫn hoặc nén bớt.",
            )
        )
    return out
