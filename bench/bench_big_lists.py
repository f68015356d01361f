"""Large lists (issue 15): each list that can grow, opened with 1,000 rows in the real window, vs a bare QTableView
over the same texts (the anchor: Qt's own table with the simplest model, no data file, no sorting proxy).

Figures are medians of 5 openings. "Open" is what a click on the page costs: the page re-reads its rows from the
data file (for the checklist: applies its filters to 1,000 rows), the view is laid out and painted; the part spent
in the core's read (timed alone, same run) is printed beside it, the rest is the UI's. The anchor sets a bare
model of the same rows × columns of text and paints. Target: < 100 ms per page on this machine.

Data: the authority pages use an authority file of 1,000 schools (the demo commune, signed and taken in through
the real intake; generated once into BENCH_WORK, default a temp folder, a minute or two). The staff and rooms
lists get 1,000 rows each on a copy of the demo school (added through the core, as the page's "Thêm" does), which
also gives the history page its cap of 500 user actions. The checklist of the demo plans has 44 tasks; 1,000 are
made by repeating them with new ids, given to the page as its rows (the filters and the view are what is timed).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import report

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
N = 1000
TRIES = 5


def bare_table_ms(app, texts: list[list[str]]) -> float:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Bare(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=QModelIndex()):
            return len(self.rows)

        def columnCount(self, parent=QModelIndex()):
            return len(self.rows[0]) if self.rows else 0

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return self.rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    view = QTableView()
    view.resize(1100, 650)
    view.show()
    times = []
    for _ in range(TRIES):
        app.processEvents()
        t = time.perf_counter()
        view.setModel(Bare(texts))
        view.repaint()
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    view.close()
    return statistics.median(times)


def page_ms(app, window, page, open_fn, before=lambda: None) -> tuple[float, float]:
    """(wall, CPU) medians in ms of opening `page`; `before` runs ahead of each opening, untimed."""
    window.show_page(page)
    times, cpu = [], []
    for _ in range(TRIES):
        before()
        app.processEvents()
        t, c = time.perf_counter(), time.process_time()
        open_fn()
        page.repaint()
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), statistics.median(cpu)


def core_ms(fn) -> float:
    """The part of an opening spent reading the data file (the core call the page makes), timed alone."""
    times = []
    for _ in range(TRIES):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def texts_of(model) -> list[list[str]]:
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())]


def main() -> None:
    import shutil

    from desktop.core.demo import build_demo
    from desktop.core.store import Store
    from desktop.core.store import lists
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from tests.helpers.authority_file import build_authority_file

    app = make_app()
    work = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="socds-bench-lists-"))
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    authority = build_authority_file(work / "xa-1000.db", N, work)
    made_s = time.perf_counter() - t
    school = work / "truong.db"
    for p in work.glob("demo.db*"):
        p.unlink()
    shutil.copy(build_demo(work / "demo.db"), school)
    with Store.open(school) as store:
        for kind in ("staff", "room"):
            for i in range(N - len(lists.rows(store, kind))):
                lists.add_row(store, kind, f"{'Giáo viên' if kind == 'staff' else 'Phòng'} số {i + 1}")

    from desktop.core.commune import inbox, roster
    from desktop.core.commune import rollup_cache
    from desktop.core.commune.rollup import build_rollup
    from desktop.core.store import history

    load = os.getloadavg()[0]  # the last minute's, as the openings start
    results = []
    with Store.open(authority) as store:
        w = MainWindow(store)
        w.resize(1366, 768)
        w.show()
        code = roster.list_schools(store)[-1].code
        flip = [False]

        def change() -> None:  # a school followed / no longer followed: the roll-up is built again
            roster.set_active(store, code, flip[0])
            flip[0] = not flip[0]

        def rollup_read():
            return rollup_cache.rollup(store, w.commune_overview_page.rollup.kind, w.commune_overview_page.rollup.period)

        def rebuild():  # what the page's read costs after a change: the roll-up built again, the files' scores kept
            return build_rollup(store, w.commune_overview_page.rollup.kind, w.commune_overview_page.rollup.period)

        for name, attr, read, before in (
                ("danh sách trường", "commune_roster_page", lambda: roster.list_schools(store), lambda: None),
                ("hộp thư", "commune_inbox_page", lambda: inbox.list_inbox(store), lambda: None),
                ("tổng hợp, không có thay đổi", "commune_overview_page", rollup_read, lambda: None),
                ("tổng hợp, sau một thay đổi", "commune_overview_page", rebuild, change)):
            page = getattr(w, attr)
            ms = page_ms(app, w, page, page.refresh, before)
            read_ms = core_ms(read)
            results.append((name, page.model.rowCount(), ms, read_ms, bare_table_ms(app, texts_of(page.model))))
        roster.set_active(store, code, True)
        w.close()
    with Store.open(school) as store:
        w = MainWindow(store)
        w.resize(1366, 768)
        w.show()
        lp = w.lists_page
        ms = page_ms(app, w, lp, lp.refresh)  # both tables, staff and rooms, are re-read
        both = texts_of(lp.staff.model) + texts_of(lp.room.model)
        results.append(("danh sách GV và phòng học (hai bảng)", len(both), ms,
                        core_ms(lambda: (lists.rows(store, "staff"), lists.rows(store, "room"))),
                        bare_table_ms(app, both)))
        hp = w.history_page
        ms = page_ms(app, w, hp, hp.refresh)
        results.append(("lịch sử (giới hạn 500 thao tác)", hp.actions.rowCount(), ms,
                        core_ms(lambda: history.recent(store, limit=500)), bare_table_ms(app, texts_of(hp.actions))))
        cp = w.checklist_page
        w.show_page(cp)
        base = list(cp.rows)
        cp.rows = [replace(r, task_id=f"{r.task_id}-{i}") for i in range(N // len(base) + 1) for r in base][:N]
        ms = page_ms(app, w, cp, cp.fill)
        results.append(("kế hoạch, nhiệm vụ", cp.model.rowCount(), ms, 0.0, bare_table_ms(app, texts_of(cp.model))))
        w.close()
    for name, rows, (ms, cpu), read, anchor in results:
        report(f"mở trang {name}, {rows} dòng (tải máy {load:.1f} lúc bắt đầu)", f"{ms:.1f} ms (CPU {cpu:.1f} ms; "
               f"đọc tệp dữ liệu {read:.1f} ms)", f"QTableView trần cùng số ô {anchor:.1f} ms",
               ms / anchor if anchor else None, "< 100 ms", ms < 100)
    print(f"(tệp đơn vị quản lý {N} trường: {made_s:.0f} s để tạo)")


if __name__ == "__main__":
    main()
