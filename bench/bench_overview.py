"""The authority overview of 1,000 schools, opened in the real window: with nothing kept (every data file read
and scored: what build_rollup costs when the roll-up cache and the kept scores are dropped before each opening),
with the cache and nothing changed since the last opening, after a change of the roster (a school toggled between
openings: the roll-up is built again, every file's score kept), and after one intake (a school's report file taken
in through the real intake between openings, not timed: the roll-up is built again, the new file alone read and
scored). Anchor: a bare QTableView over the same texts (Qt's own table with the simplest model), as in
bench_big_lists.py. Medians of 5 openings; target < 100 ms.

Data: the demo commune of 1,000 schools taken in through the real intake (tests/helpers/authority_file.py),
generated once into BENCH_WORK (default a temp folder; a few minutes).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import report
from bench_big_lists import bare_table_ms, texts_of

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
N = 1000
TRIES = 5


def openings(app, page, before_each) -> tuple[float, float]:
    """(wall, CPU) medians in ms: on this shared 2-core machine the wall time is mostly other processes' turn."""
    times, cpu = [], []
    for _ in range(TRIES):
        before_each()
        app.processEvents()
        t, c = time.perf_counter(), time.process_time()
        page.refresh()
        page.repaint()
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    from desktop.core.commune import inbox, roster, rollup_cache, scored_files
    from desktop.core.signing import TrustStore
    from desktop.core.store import Store
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from tests.helpers.authority_file import build_authority_file

    app = make_app()
    work = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="socds-bench-overview-"))
    work.mkdir(parents=True, exist_ok=True)
    db = build_authority_file(work / "xa-1000.db", N, work)
    with Store.open(db) as store:
        # TRIES schools' reports held back, to be taken in one before each opening "after one intake"
        held = store.db.execute(
            "SELECT id, original_name FROM inbox WHERE state = 'accepted' ORDER BY id DESC LIMIT ?", [TRIES]
        ).fetchall()
        store.db.execute(f"DELETE FROM inbox WHERE id IN ({', '.join('?' * len(held))})", [h[0] for h in held])
        later = [work / f"xa-{N}" / "bao-cao" / h[1] for h in held]
        trust = TrustStore.for_store(store).certificates()
        w = MainWindow(store)
        w.resize(1366, 768)
        w.show()
        page = w.commune_overview_page
        w.show_page(page)
        code = roster.list_schools(store)[-1].code
        flip = [False]

        def change() -> None:
            roster.set_active(store, code, flip[0])
            flip[0] = not flip[0]

        def intake() -> None:
            (got,) = inbox.take_in(store, [str(later.pop())], trust=trust).outcomes
            assert got.state == "accepted", got.reason

        def forget() -> None:
            rollup_cache.forget()
            scored_files.forget()

        load = os.getloadavg()[0]  # the last minute's, as the openings start
        before = openings(app, page, forget)
        unchanged = openings(app, page, lambda: None)
        changed = openings(app, page, change)
        taken = openings(app, page, intake)
        rows = page.model.rowCount()
        anchor = bare_table_ms(app, texts_of(page.model))
        roster.set_active(store, code, True)
        w.close()
    anchor_s = f"QTableView trần cùng số ô {anchor:.1f} ms"
    where = f"tổng hợp {rows} trường, tải máy {load:.1f}"
    for label, ms in (("không giữ gì (đọc và tính lại mọi tệp)", before), ("không có thay đổi", unchanged),
                      ("sau một thay đổi danh sách trường", changed), ("sau khi nhận một tệp báo cáo", taken)):
        report(f"mở trang {where}: {label}", f"{ms[0]:.1f} ms (CPU {ms[1]:.1f} ms)", anchor_s,
               ms[0] / anchor if anchor else None, "< 100 ms", ms[0] < 100)


if __name__ == "__main__":
    main()
