"""`socds export --db PATH --kind self-assessment|month|quarter|year [--period P] --out DIR`: the report's PDF,
workbook and data file (unsigned), then the "check before sending" list."""
from __future__ import annotations

from pathlib import Path

from desktop.core.report.checks import check_report, email_budget_bytes
from desktop.core.report.data import KINDS, build_report_data
from desktop.core.report.export import export_all
from desktop.core.store import Store


def register(sub, common) -> None:
    p = sub.add_parser("export", parents=[common], help="xuất báo cáo: PDF, bảng tính Excel và tệp dữ liệu (chưa ký)")
    p.add_argument("--kind", required=True, choices=KINDS, help="loại báo cáo")
    p.add_argument("--period", metavar="KỲ", help="kỳ báo cáo: 2025-2026, 2026-03, 2026-Q1, 2026 (mặc định: kỳ hiện tại)")
    p.add_argument("--out", metavar="DIR", required=True, help="thư mục ghi các tệp")
    p.add_argument("--signature-field", action="store_true", help="thêm ô chữ ký trống (để ký bằng phần mềm khác)")
    p.set_defaults(func=run)


GROUPED = {"unanswered": "Mục chưa trả lời", "no_evidence": "Được tính điểm/đạt nhưng chưa có minh chứng",
           "unverified": "Dòng chỉ số chưa đối chiếu văn bản chính thức"}


def summarise(problems) -> list[str]:
    """One line per item-level kind of problem (with the item codes), one per other problem."""
    lines, grouped = [], {}
    for pr in problems:
        if pr.code in GROUPED and pr.target_kind == "item":
            grouped.setdefault((pr.code, pr.severity), []).append(pr.target)
        else:
            lines.append(f"- [{'lỗi' if pr.severity == 'error' else 'lưu ý'}] {pr.message}")
    head = [f"- [{'lỗi' if sev == 'error' else 'lưu ý'}] {GROUPED[code]} ({len(codes)}): {', '.join(codes)}"
            for (code, sev), codes in grouped.items()]
    return head + lines


def run(args) -> int:
    with Store.open(args.db, create=False) as store:
        rd = build_report_data(store, args.kind, args.period)
        budget = email_budget_bytes(store)
    result = export_all(rd, Path(args.out), signature_field=args.signature_field)
    for path in (result.pdf, result.xlsx, result.json):
        print(f"Đã ghi {path}")
    problems = check_report(rd, email_budget=budget)
    if problems:
        print(f"Kiểm tra trước khi gửi: {len(problems)} điểm cần xem lại")
        for line in summarise(problems):
            print(line)
    print(f"Thời gian xuất: {result.seconds:.2f} giây")
    return 0
