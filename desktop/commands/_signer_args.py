"""Signer options shared by `socds sign` and `socds export --sign`: which key, and its secret.

Secrets come only from an environment variable named on the command line, or from an interactive prompt
(getpass): never from argv (visible in the process list and shell history), never logged.
"""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from desktop.core.errors import UserError

PKCS11_SETTING = "signing.pkcs11_lib"


def add_signer_options(p, *, required: bool = True) -> None:
    g = p.add_mutually_exclusive_group(required=required)
    g.add_argument("--p12", metavar="FILE", help="ký bằng tệp chứng thư .p12/.pfx")
    g.add_argument("--pkcs11", metavar="LIB", nargs="?", const="", help="ký bằng token USB: đường dẫn thư viện "
                   "PKCS#11 của nhà cung cấp (bỏ trống: thư viện đã dùng lần trước)")
    g.add_argument("--school-key", action="store_true",
                   help="ký bằng khóa nội bộ của trường (chỉ bảo đảm toàn vẹn, không phải chữ ký số của tổ chức CA)")
    p.add_argument("--password-env", metavar="VAR", help="tên biến môi trường chứa mật khẩu tệp .p12 (không có: hỏi)")
    p.add_argument("--token", metavar="LABEL", help="tên (nhãn) token khi cắm nhiều token")
    p.add_argument("--slot", metavar="N", type=int, help="số khe (slot) của token")
    p.add_argument("--pin-env", metavar="VAR", help="tên biến môi trường chứa mã PIN của token (không có: hỏi)")


def _secret(env_name: str | None, prompt: str) -> str:
    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise UserError(f"Biến môi trường {env_name} chưa được đặt.")
        return value
    if not sys.stdin.isatty():
        raise UserError("Cần mật khẩu/PIN: đặt tên biến môi trường bằng --password-env/--pin-env, "
                        "hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập.")
    return getpass.getpass(prompt)


def build_signer(args, store_opener):
    """The signer the options ask for. `store_opener()` opens the data file (school key, remembered token lib)."""
    from desktop.core.signing import P12Signer, Pkcs11Signer, SchoolKeySigner

    if args.p12:
        if not Path(args.p12).is_file():
            raise UserError(f"Không tìm thấy tệp chứng thư {args.p12}.")
        return P12Signer(Path(args.p12), _secret(args.password_env, "Mật khẩu tệp chứng thư: "))
    if args.pkcs11 is not None:
        lib = args.pkcs11
        with store_opener() as store:
            if not lib:
                lib = store.get_setting(PKCS11_SETTING)
                if not lib:
                    raise UserError("Chưa có thư viện PKCS#11 nào được dùng trước đây: ghi đường dẫn sau --pkcs11.")
            elif Path(lib).is_file():
                store.set_setting(PKCS11_SETTING, str(Path(lib).absolute()))  # the path is remembered, never the PIN
        return Pkcs11Signer(lib, args.token, _secret(args.pin_env, "Mã PIN của token: "), slot=args.slot)
    if args.school_key:
        with store_opener() as store:
            return SchoolKeySigner.for_store(store)
    raise UserError("Chọn cách ký: --p12, --pkcs11 hoặc --school-key.")
