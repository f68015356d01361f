"""`socds demo --db PATH`: create the demo school. `socds demo --commune N --out DIR`: a demo commune (roster
workbook, N schools' signed report files, the test root certificate to trust)."""
from __future__ import annotations

from desktop.core.errors import UserError
from desktop.core.paths import user_data_dir


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="tạo dữ liệu mẫu của một trường THCS để dùng thử")
    p.add_argument("--commune", type=int, metavar="N", help="tạo một xã mẫu gồm N trường và tệp báo cáo đã ký của họ")
    p.add_argument("--province", type=int, metavar="N",
                   help="tạo N xã mẫu với báo cáo tổng hợp đã ký của từng xã, để Sở nhận và tổng hợp")
    p.add_argument("--schools", type=int, default=6, metavar="M", help="số trường mỗi xã mẫu (cùng --province)")
    p.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi xã hoặc tỉnh mẫu (cùng --commune/--province)")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.commune is not None:
        return _commune(args)
    if args.province is not None:
        return _province(args)
    from desktop.core.demo import build_demo

    path = args.db or str(user_data_dir() / "demo.db")
    build_demo(path)
    print(f"Đã tạo dữ liệu mẫu: {path}")
    return 0


def _commune(args) -> int:
    from desktop.core.commune.demo import build_commune

    if not args.out:
        raise UserError("Cần --out THƯ_MỤC để ghi xã mẫu.")
    if args.commune < 4 or args.commune > 5000:
        raise UserError("Số trường của xã mẫu phải từ 4 đến 5000.")
    d = build_commune(args.out, args.commune)
    print(f"Đã tạo xã mẫu {args.commune} trường trong {d.out_dir}:")
    print(f"- danh sách trường: {d.roster_path}")
    print(f"- {len(d.files)} tệp báo cáo đã ký: {d.out_dir / 'bao-cao'}")
    print(f"- chứng thư gốc thử nghiệm (để tin cậy chữ ký): {d.root_cert_path}")
    print(f"- trường {d.tampered}: tệp bị sửa sau khi ký; trường {d.missing}: chưa nộp; trường {d.two_versions}: "
          f"nộp hai phiên bản; {len(d.late)} trường nộp muộn")
    return 0


def _province(args) -> int:
    from desktop.core.commune.demo_province import build_province_demo

    if not args.out:
        raise UserError("Cần --out THƯ_MỤC để ghi tỉnh mẫu.")
    if not 2 <= args.province <= 500 or not 2 <= args.schools <= 1000:
        raise UserError("Tỉnh mẫu: từ 2 đến 500 xã (--province), mỗi xã từ 2 đến 1000 trường (--schools).")
    d = build_province_demo(args.out, args.province, args.schools)
    print(f"Đã tạo tỉnh mẫu {args.province} xã × {args.schools} trường trong {d.out_dir}:")
    print(f"- danh sách đơn vị của Sở (xã, phường và trường trực thuộc): {d.roster_path}")
    print(f"- {len(d.files)} tệp đã ký (báo cáo tổng hợp của xã, báo cáo của trường THPT): {d.out_dir / 'bao-cao'}")
    print(f"- chứng thư gốc thử nghiệm (để tin cậy chữ ký): {d.root_cert_path}")
    print(f"- xã {d.missing_commune}: chưa gửi" + (f"; xã {d.tampered_commune}: tệp bị sửa sau khi ký"
                                                    if d.tampered_commune else ""))
    return 0
