"""The `socds` command: a thin layer over desktop.core.

With no sub-command it starts the GUI. Each sub-command lives in its own module under desktop/commands/ and
exposes `register(subparsers, common)`; COMMANDS names them (a test checks it against the folder).
Errors: a UserError prints one Vietnamese line to stderr and exits with its code; anything else is logged and
reported as an unexpected error with the log's path (never a traceback).
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from desktop import __version__
from desktop.core.errors import UserError
from desktop.core.logs import setup_logging

log = logging.getLogger("socds.cli")

EXIT_UNEXPECTED = 70


# The modules of desktop/commands/ that are sub-commands (not the "_" helpers), in `socds --help` order. A list
# rather than pkgutil.iter_modules: the bundle then carries no pkgutil and PyInstaller no runtime hook for it.
COMMANDS = (
    "aggregate", "authority", "backup", "calendar", "compare", "demo", "export", "guide_pdf", "import_request",
    "inbox", "indicators", "mode", "plans", "recover", "requests", "school_plan", "score", "sign", "survey", "trust",
    "verify",
)


def _command_modules():
    for name in COMMANDS:
        yield importlib.import_module(f"desktop.commands.{name}")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: `socds --db X cmd` and `socds cmd --db X` both work; a sub-command's unset --db must not
    # overwrite the one given before it.
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="tệp dữ liệu SQLite (mặc định: trong thư mục dữ liệu người dùng)")
    parser = argparse.ArgumentParser(
        prog="socds",
        description="Sổ CĐS — tự đánh giá và báo cáo chuyển đổi số của nhà trường. Không có lệnh con: mở giao diện.",
    )
    # The top level's own --db (not the shared action object of `common`, whose default must stay SUPPRESS).
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="tệp dữ liệu SQLite (mặc định: trong thư mục dữ liệu người dùng)")
    parser.add_argument("--version", action="version", version=f"socds {__version__}")
    parser.add_argument("--smoke", action="store_true", help="mở tệp dữ liệu, hiện cửa sổ chính rồi thoát (kiểm tra)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for module in _command_modules():
        module.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. A reader that stops reading early (`socds … | head`) is not an error:
    the rest of the output is dropped and the exit code is 0, with nothing on stderr."""
    try:
        try:
            return _run(argv)
        finally:  # also after --help's SystemExit; here, not at interpreter exit, which would print a traceback
            sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
        return 0


def _drop_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _run(argv: list[str] | None) -> int:
    log_path = setup_logging()
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from desktop.ui.app import run_gui  # Qt is loaded for the GUI only, never for a command

            return run_gui(db=args.db, smoke=args.smoke)
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:
        raise  # main() handles it
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception:  # last line of defence: log it, never show a traceback
        log.exception("unexpected error in command %s", args.command)
        print(f"Lỗi không mong đợi. Chi tiết đã ghi vào {log_path} — hãy gửi tệp này cho bộ phận hỗ trợ.", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
