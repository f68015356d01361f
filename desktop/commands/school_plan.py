"""`socds school-plan --db PATH --out DIR [--docx] [--draft] [--sign (--p12 F | --pkcs11 LIB | --school-key)
[--accept-suggestions] [--accept-certificate]]`: the
school's own CĐS plan (issue 24) as a PDF in the Nghị định 30 layout (with an empty signature field, or signed
like a report) and, with --docx, an editable Word file. `--draft` first adds what the program proposes (the
followed plans' rows and the assessment's first next steps) when the plan does not have them yet; those values are
marked as the program's suggestion until the school edits or accepts them; signing a plan that still holds them
needs --accept-suggestions, and a certificate that does not match the plan's signer or school (or is expired, or
not issued for signing) --accept-certificate, as for a report (exit 6 otherwise, nothing written).

Heavy imports (reportlab, python-docx, pyHanko) happen when the command runs: every `socds` command imports this
module to build its parser."""
from __future__ import annotations

import contextlib
from pathlib import Path

from desktop.core.errors import UserError


def register(sub, common) -> None:
    p = sub.add_parser("school-plan", parents=[common], allow_abbrev=False,
                       help="xuất kế hoạch chuyển đổi số của nhà trường: PDF theo Nghị định 30 và tệp Word")
    p.add_argument("--out", metavar="DIR", required=True, help="thư mục ghi các tệp")
    p.add_argument("--docx", action="store_true", help="ghi thêm tệp Word (.docx) để sửa tiếp")
    p.add_argument("--draft", action="store_true",
                   help="trước khi xuất, thêm các dòng Sổ CĐS gợi ý (từ kế hoạch cấp trên và kết quả tự đánh giá) "
                        "mà kế hoạch chưa có")
    p.add_argument("--sign", action="store_true",
                   help="ký số tệp PDF, với một trong --p12 / --pkcs11 / --school-key")
    p.add_argument("--accept-suggestions", action="store_true",
                   help="vẫn ký khi kế hoạch còn nội dung Sổ CĐS gợi ý chưa được nhà trường xem lại (dấu (*))")
    p.add_argument("--accept-certificate", action="store_true",
                   help="vẫn ký khi chứng thư số không khớp người ký, nhà trường, đã hết hạn hoặc không được cấp để ký")
    from desktop.commands._signer_args import add_signer_options

    add_signer_options(p, required=False)
    p.set_defaults(func=run)


def run(args) -> int:
    from desktop.core.school_plan import draft
    from desktop.core.school_plan.export import export_plan
    from desktop.core.store import Store
    from desktop.core.store.profile import current_school_year

    wants_signer = bool(args.p12 or args.pkcs11 is not None or args.school_key)
    if wants_signer and not args.sign:
        raise UserError("Muốn ký khi xuất, thêm --sign cùng cách ký (--p12, --pkcs11 hoặc --school-key).")
    if args.sign and not wants_signer:
        raise UserError("Chọn cách ký: --p12, --pkcs11 hoặc --school-key.")
    with Store.open(args.db, create=False) as store:
        year = current_school_year(store)
        if year is None:
            raise UserError("Chưa có năm học nào trong tệp dữ liệu. Hãy tạo năm học trước khi lập kế hoạch.")
        if args.draft:
            added = draft.add_proposals(store, year["id"], draft.default_pick(draft.proposals(store, year["id"])))
            print(f"Đã thêm {len(added)} dòng Sổ CĐS gợi ý vào kế hoạch (đánh dấu (*) cho đến khi nhà trường sửa "
                  "hoặc nhận).")
        signer = None
        if args.sign:
            from desktop.commands._signer_args import build_signer

            signer = build_signer(args, lambda: contextlib.nullcontext(store))
        files = export_plan(store, Path(args.out), docx=args.docx, signer=signer,
                            accept_suggestions=args.accept_suggestions, accept_certificate=args.accept_certificate)
    print(f"Đã {'ký và ' if files.signed else ''}ghi {files.pdf} ({files.pages} trang)")
    if files.docx:
        print(f"Đã ghi {files.docx}")
    if files.signed and signer.internal:
        print("Lưu ý: chữ ký bảo đảm toàn vẹn nội bộ, không phải chữ ký số của tổ chức cung cấp dịch vụ chứng thực.")
    if files.suggestions:
        print("Lưu ý: kế hoạch còn nội dung Sổ CĐS gợi ý (đánh dấu (*)); hãy xem lại trên trang «Kế hoạch của nhà "
              "trường» trước khi ký ban hành.")
    return 0
