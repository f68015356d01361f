"""`socds sign FILE.pdf (--p12 F | --pkcs11 LIB | --school-key) [--attach F ...] [--out F]`: PAdES B-B signature."""
from __future__ import annotations

from pathlib import Path

from desktop.commands._signer_args import add_signer_options, build_signer
from desktop.core.errors import UserError


def register(sub, common) -> None:
    p = sub.add_parser("sign", parents=[common], allow_abbrev=False, help="ký số một tệp PDF (PAdES), kèm tệp đính kèm trong phần được ký")
    p.add_argument("file", metavar="FILE.pdf", help="tệp PDF cần ký")
    add_signer_options(p)
    p.add_argument("--attach", metavar="FILE", nargs="+", action="extend", default=[], help="tệp đính kèm vào PDF trong lần ký này")
    p.add_argument("--out", metavar="FILE", help="tệp kết quả (mặc định: <tên>_da-ky.pdf bên cạnh)")
    p.add_argument("--field", metavar="NAME", help="ô chữ ký có sẵn cần điền, hoặc tên ô mới")
    p.add_argument("--page", type=int, default=0, metavar="N", help="trang đặt chữ ký hiện (1 = đầu; -1 = cuối)")
    p.add_argument("--box", metavar="X1,Y1,X2,Y2", help="khung chữ ký hiện, đơn vị điểm PDF")
    p.add_argument("--signature-image", metavar="PNG", help="ảnh chữ ký (PNG nền trong)")
    p.add_argument("--seal-image", metavar="PNG", help="ảnh con dấu (PNG nền trong)")
    p.add_argument("--organisation", metavar="TEXT", default="", help="tên cơ quan in trên dòng thông tin chữ ký")
    p.add_argument("--detached", action="store_true", help="tạo chữ ký tách rời .p7s cho một tệp bất kỳ (vd. .xlsx)")
    p.set_defaults(func=run)


def parse_box(text: str) -> tuple[float, float, float, float]:
    try:
        x1, y1, x2, y2 = (float(v) for v in text.split(","))
    except ValueError:
        raise UserError(f"--box cần 4 số cách nhau bởi dấu phẩy (x1,y1,x2,y2), không phải «{text}».") from None
    return x1, y1, x2, y2


def _opener(args):
    from desktop.core.store import Store

    return lambda: Store.open(args.db)


def run(args) -> int:
    from desktop.core.signing import Appearance, sign_detached, sign_pdf

    src = Path(args.file)
    if not src.is_file():
        raise UserError(f"Không tìm thấy tệp {src}.")
    signer = build_signer(args, _opener(args))
    if args.detached:
        out = sign_detached(src, signer, Path(args.out) if args.out else None)
        print(f"Đã tạo chữ ký tách rời {out}")
        return 0
    appearance = None
    if args.box or args.signature_image or args.seal_image or args.organisation:
        page = args.page - 1 if args.page > 0 else (args.page if args.page < 0 else -1)
        appearance = Appearance(box=parse_box(args.box) if args.box else Appearance.box, page=page,
                                signature_png=Path(args.signature_image) if args.signature_image else None,
                                seal_png=Path(args.seal_image) if args.seal_image else None,
                                organisation=args.organisation)
    out = Path(args.out) if args.out else src.with_name(src.stem + "_da-ky.pdf")
    sign_pdf(src, out, signer, attachments=[Path(a) for a in args.attach], field_name=args.field,
             appearance=appearance)
    print(f"Đã ký: {out}")
    if signer.internal:
        print("Lưu ý: đây là chữ ký bảo đảm toàn vẹn nội bộ, không phải chữ ký số của tổ chức cung cấp dịch vụ "
              "chứng thực.")
    return 0
