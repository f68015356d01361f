"""`socds trust add CERT...` / `socds trust list`: the root certificates this data file's verifications trust."""
from __future__ import annotations

import hashlib


def register(sub, common) -> None:
    p = sub.add_parser("trust", parents=[common], help="chứng thư gốc tin cậy dùng khi kiểm tra chữ ký")
    tsub = p.add_subparsers(dest="trust_command", metavar="VIỆC", required=True)
    a = tsub.add_parser("add", parents=[common], help="nhập chứng thư gốc (.cer/.crt/.pem/.p7b) một lần")
    a.add_argument("files", metavar="CERT", nargs="+")
    a.set_defaults(func=run_add)
    ls = tsub.add_parser("list", parents=[common], help="liệt kê chứng thư gốc đã tin cậy")
    ls.set_defaults(func=run_list)


def _store(args):
    from desktop.core.paths import default_db_path
    from desktop.core.signing import TrustStore, trust_dir

    return TrustStore(trust_dir(args.db or default_db_path()))


def _line(cert) -> str:
    from cryptography.hazmat.primitives import serialization

    fp = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    return f"{cert.subject.rfc4514_string()}  (hết hạn {cert.not_valid_after_utc:%d/%m/%Y}, SHA-256 {fp[:16]}…)"


def run_add(args) -> int:
    ts = _store(args)
    for f in args.files:
        for cert in ts.import_file(f):
            print(f"Đã tin cậy: {_line(cert)}")
    return 0


def run_list(args) -> int:
    certs = _store(args).certificates()
    if not certs:
        print("Chưa tin cậy chứng thư gốc nào. Nhập bằng «socds trust add TỆP.cer».")
    for cert in certs:
        print(_line(cert))
    return 0
