"""What `socds indicators` and `socds plans` share: their list/import/export actions over one kind of installed
content (desktop.core.store.library's Shelf)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable


def add_actions(parser, common, what: str, run_list: Callable, run_import: Callable, run_export: Callable):
    """The list, import FILE and export ID[@VERSION] FILE actions of one kind (`what`: "bộ chỉ số", "kế hoạch");
    returns the sub-parsers, for a kind's own actions."""
    actions = parser.add_subparsers(dest="action", metavar="VIỆC", required=True)
    ls = actions.add_parser("list", parents=[common], help=f"liệt kê các {what} đã cài (mọi phiên bản)")
    ls.set_defaults(func=run_list)
    im = actions.add_parser("import", parents=[common], help=f"nạp một {what} từ tệp .xlsx (hoặc .json) vào tệp dữ liệu")
    im.add_argument("file", metavar="FILE.xlsx")
    im.set_defaults(func=run_import)
    ex = actions.add_parser("export", parents=[common], help=f"xuất một {what} ra tệp .xlsx (hoặc .json)")
    ex.add_argument("ref", metavar="ID[@VERSION]")
    ex.add_argument("file", metavar="FILE.xlsx")
    ex.set_defaults(func=run_export)
    return actions


def read_and_install(shelf, args) -> tuple[Any, bool]:
    """The file named on the line, read whole before the data file is even opened (a bad file changes nothing),
    then installed: (the version, True when newly installed)."""
    from desktop.core.store import Store, library

    path = Path(args.file)
    item = library.read_file(shelf, path)
    with Store.open(args.db) as store:
        library.ensure_bundled(shelf, store)
        return item, library.install(shelf, store, item, source=path.name)


def export(shelf, args) -> int:
    """`export ID[@VERSION] FILE`: an installed (or bundled) version to a workbook or .json."""
    from desktop.core.store import Store, library

    item_id, version = library.parse_ref(args.ref)
    with Store.open(args.db) as store:
        library.ensure_bundled(shelf, store)
        item = library.get(shelf, store, item_id, version)
    target = library.export_file(shelf, item, args.file)
    print(f"Đã xuất {shelf.noun} {item.ref} ra {target}")
    return 0
