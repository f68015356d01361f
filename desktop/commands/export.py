"""`socds export --db PATH --kind self-assessment|month|quarter|year [--period P] --out DIR`: the report's PDF,
workbook and data file (unsigned), then the "check before sending" list. With `--sign (--p12 F | --pkcs11 LIB |
--school-key)`: the locked version's signed package instead (one PDF, workbook and data file inside).

The renderers (reportlab, openpyxl) are imported when an export runs: every `socds` command imports this module to
build its parser."""
from __future__ import annotations

import time
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.periods import REPORT_KINDS
from desktop.core.store import Store


def register(sub, common) -> None:
    p = sub.add_parser("export", parents=[common], help="xuất báo cáo: PDF, bảng tính Excel và tệp dữ liệu (chưa ký)")
    p.add_argument("--kind", required=True, choices=REPORT_KINDS, help="loại báo cáo")
    p.add_argument("--period", metavar="KỲ", help="kỳ báo cáo: 2025-2026, 2026-03, 2026-Q1, 2026 (mặc định: kỳ hiện tại)")
    p.add_argument("--out", metavar="DIR", required=True, help="thư mục ghi các tệp")
    p.add_argument("--signature-field", action="store_true", help="thêm ô chữ ký trống (để ký bằng phần mềm khác)")
    p.add_argument("--sign", action="store_true", help="khóa phiên bản và ghi luôn gói PDF đã ký (kèm bảng tính và "
                   "tệp dữ liệu bên trong), với một trong --p12 / --pkcs11 / --school-key")
    p.add_argument("--accept-warnings", action="store_true",
                   help="vẫn khóa và ký khi kiểm tra trước khi gửi còn lưu ý (lỗi thì không bao giờ)")
    p.add_argument("--accept-certificate", action="store_true",
                   help="vẫn ký khi chứng thư số không khớp người ký/nhà trường, đã hết hạn hoặc không cấp để ký")
    from desktop.commands._signer_args import add_signer_options

    add_signer_options(p, required=False)
    p.set_defaults(func=run)


def run_signed(args) -> int:
    """Check, lock, sign and write the package in one step: the pre-send check's errors stop it (exit 1, nothing
    written), its warnings and the certificate's findings need --accept-warnings / --accept-certificate (exit 6)."""
    import contextlib

    from desktop.commands._signer_args import build_signer
    from desktop.core.report.build import build_report_data
    from desktop.core.report.checks import check_report, email_budget_bytes, summarise, to_fix
    from desktop.core.report.package import build_package
    from desktop.core.store import reports as rep

    with Store.open(args.db, create=False) as store:
        rd = build_report_data(store, args.kind, args.period)
        signer = build_signer(args, lambda: contextlib.nullcontext(store))
        row = rep.latest(store, args.kind, rd.period) or rep.ensure_draft(store, args.kind, rd.period)
        started = time.perf_counter()
        path = build_package(store, row["id"], signer, Path(args.out), accept_warnings=args.accept_warnings,
                             accept_certificate=args.accept_certificate)
        seconds = time.perf_counter() - started
        problems = check_report(rd, email_budget=email_budget_bytes(store))
    print(f"Đã ký và ghi gói báo cáo {path} (phiên bản {row['version']}, bảng tính và tệp dữ liệu nằm trong PDF)")
    if signer.internal:
        print("Lưu ý: chữ ký bảo đảm toàn vẹn nội bộ, không phải chữ ký số của tổ chức cung cấp dịch vụ chứng thực.")
    if to_fix(problems):
        print(f"Đã xác nhận khi ký: {len(to_fix(problems))} điểm cần xem lại")
        for line in summarise(problems):
            print(line)
    print(f"Thời gian khóa, ký và ghi gói: {seconds:.2f} giây")
    return 0


def run(args) -> int:
    if args.sign or args.p12 or args.pkcs11 is not None or args.school_key:
        if not args.sign:
            raise UserError("Muốn ký khi xuất, thêm --sign cùng cách ký (--p12, --pkcs11 hoặc --school-key).")
        return run_signed(args)
    from desktop.core.report.build import build_report_data
    from desktop.core.report.checks import check_report, email_budget_bytes, summarise, to_fix
    from desktop.core.report.export import export_all

    with Store.open(args.db, create=False) as store:
        rd = build_report_data(store, args.kind, args.period)
        budget = email_budget_bytes(store)
    result = export_all(rd, Path(args.out), signature_field=args.signature_field)
    for path in (result.pdf, result.xlsx, result.json):
        print(f"Đã ghi {path}")
    problems = check_report(rd, email_budget=budget)
    if problems:
        print(f"Kiểm tra trước khi gửi: {len(to_fix(problems))} điểm cần xem lại")
        for line in summarise(problems):
            print(line)
    print(f"Thời gian xuất: {result.seconds:.2f} giây")
    return 0
