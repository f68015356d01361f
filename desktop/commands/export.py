"""`socds export --db PATH --kind self-assessment|month|quarter|year [--period P] --out DIR`: the report's PDF,
workbook and data file (unsigned), then the "check before sending" list. With `--sign (--p12 F | --pkcs11 LIB |
--school-key)`: the locked version's signed package instead (one PDF, workbook and data file inside).

The renderers (reportlab, openpyxl) are imported when an export runs: every `socds` command imports this module to
build its parser."""
from __future__ import annotations

import time
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.report.data import KINDS
from desktop.core.store import Store


def register(sub, common) -> None:
    p = sub.add_parser("export", parents=[common], help="xuất báo cáo: PDF, bảng tính Excel và tệp dữ liệu (chưa ký)")
    p.add_argument("--kind", required=True, choices=KINDS, help="loại báo cáo")
    p.add_argument("--period", metavar="KỲ", help="kỳ báo cáo: 2025-2026, 2026-03, 2026-Q1, 2026 (mặc định: kỳ hiện tại)")
    p.add_argument("--out", metavar="DIR", required=True, help="thư mục ghi các tệp")
    p.add_argument("--signature-field", action="store_true", help="thêm ô chữ ký trống (để ký bằng phần mềm khác)")
    p.add_argument("--sign", action="store_true", help="khóa phiên bản và ghi luôn gói PDF đã ký (kèm bảng tính và "
                   "tệp dữ liệu bên trong), với một trong --p12 / --pkcs11 / --school-key")
    from desktop.commands._signer_args import add_signer_options

    add_signer_options(p, required=False)
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


def run_signed(args) -> int:
    """Lock the current version, render, sign and write the package in one step (build_package, as the sign dialog does)."""
    import contextlib

    from desktop.commands._signer_args import build_signer
    from desktop.core.report.checks import check_report, email_budget_bytes
    from desktop.core.report.build import build_report_data
    from desktop.core.report.package import build_package
    from desktop.core.store import reports as rep

    with Store.open(args.db, create=False) as store:
        rd = build_report_data(store, args.kind, args.period)
        problems = check_report(rd, email_budget=email_budget_bytes(store))
        signer = build_signer(args, lambda: contextlib.nullcontext(store))
        row = rep.latest(store, args.kind, rd.period) or rep.ensure_draft(store, args.kind, rd.period)
        started = time.perf_counter()
        path = build_package(store, row["id"], signer, Path(args.out))
        seconds = time.perf_counter() - started
    print(f"Đã ký và ghi gói báo cáo {path} (phiên bản {row['version']}, bảng tính và tệp dữ liệu nằm trong PDF)")
    if signer.internal:
        print("Lưu ý: chữ ký bảo đảm toàn vẹn nội bộ, không phải chữ ký số của tổ chức cung cấp dịch vụ chứng thực.")
    if problems:
        print(f"Kiểm tra trước khi gửi: {len(problems)} điểm cần xem lại")
        for line in summarise(problems):
            print(line)
    print(f"Thời gian khóa, ký và ghi gói: {seconds:.2f} giây")
    return 0


def run(args) -> int:
    if args.sign or args.p12 or args.pkcs11 is not None or args.school_key:
        if not args.sign:
            raise UserError("Muốn ký khi xuất, thêm --sign cùng cách ký (--p12, --pkcs11 hoặc --school-key).")
        return run_signed(args)
    from desktop.core.report.checks import check_report, email_budget_bytes
    from desktop.core.report.build import build_report_data
    from desktop.core.report.export import export_all

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
