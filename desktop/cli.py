"""The `socds` command: a thin layer over desktop.core.

With no sub-command it starts the GUI. Each sub-command lives in its own module under desktop/commands/ and
exposes `register(subparsers, common)`; they are found automatically, so adding a command touches no other file.
Errors: a UserError prints one Vietnamese line to stderr and exits with its code; anything else is logged and
reported as an unexpected error with the log's path (never a traceback).
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from desktop import __version__
from desktop.core.errors import UserError

log = logging.getLogger("socds.cli")

EXIT_UNEXPECTED = 70


def _command_modules():
    import pkgutil

    import desktop.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"desktop.commands.{info.name}")


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


def _gui_args(argv: list[str]) -> argparse.Namespace | None:
    """The GUI's own options in their plain forms (`--db PATH`, `--db=PATH`, `--smoke`), read without importing the
    command modules or building a parser (they cost start-up time); None for anything else, which the full parser
    reads (the same GUI options abbreviated, a sub-command, --help, a mistake and its message)."""
    args = argparse.Namespace(command=None, db=None, smoke=False)
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--smoke":
            args.smoke = True
        elif arg.startswith("--db="):
            args.db = arg[len("--db="):]
        elif arg == "--db" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            args.db = argv[i + 1]
            i += 1
        else:
            return None
        i += 1
    return args


def main(argv: list[str] | None = None) -> int:
    from desktop.core.logs import setup_logging

    log_path = setup_logging()
    args = _gui_args(sys.argv[1:] if argv is None else argv)
    if args is None:  # a sub-command, --help or --version: build the full parser (imports every command)
        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            import gc

            # No automatic cyclic garbage collection while the window is built (imports and the first screen
            # allocate a lot and make nothing to collect; its passes cost ~3 ms, issue 11). From make_app() on,
            # collection runs on the GUI thread (desktop/ui/gc_guard.py); launch() turns it back on if it fails first.
            gc.disable()
            from pathlib import Path

            from desktop.core.paths import default_db_path
            from desktop.core.store.startup import Opening

            # The data file opens on a helper thread while Qt loads (its checks and syncs overlap the imports).
            opening = Opening(Path(args.db) if args.db else default_db_path())
            from desktop.ui.app import run_gui

            return run_gui(db=args.db, smoke=args.smoke, opening=opening)
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - last line of defence: log it, never show a traceback
        log.exception("unexpected error in command %s", args.command)
        print(f"Lỗi không mong đợi. Chi tiết đã ghi vào {log_path} — hãy gửi tệp này cho bộ phận hỗ trợ.", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
