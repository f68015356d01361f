"""The authority overview of 1,000 schools, opened in the real window: before the roll-up cache (every opening
re-scores every data file: what build_rollup costs, the cache dropped before each opening), with the cache and
nothing changed since the last opening, and with the cache after a change (a school toggled in the roster between
openings: the stamp moves, the roll-up is built again). Anchor: a bare QTableView over the same texts (Qt's own
table with the simplest model), as in bench_big_lists.py. Medians of 5 openings; target < 100 ms.

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
from _common import report  # noqa: E402
from bench_big_lists import bare_table_ms, texts_of  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
N = 1000
TRIES = 5


def openings(app, page, before_each) -> float:
    times = []
    for _ in range(TRIES):
        before_each()
        app.processEvents()
        t = time.perf_counter()
        page.refresh()
        page.repaint()
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    from desktop.core.commune import roster, rollup_cache
    from desktop.core.store import Store
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from tests.helpers.authority_file import build_authority_file

    app = make_app()
    work = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="socds-bench-overview-"))
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    db = build_authority_file(work / "xa-1000.db", N, work)
    with Store.open(db) as store:
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

        before = openings(app, page, rollup_cache.forget)
        unchanged = openings(app, page, lambda: None)
        changed = openings(app, page, change)
        rows = page.model.rowCount()
        anchor = bare_table_ms(app, texts_of(page.model))
        roster.set_active(store, code, True)
        w.close()
    anchor_s = f"QTableView trần cùng số ô {anchor:.1f} ms"
    where = f"tổng hợp {rows} trường, tải máy {load:.1f}"
    for label, ms in (("trước bộ nhớ đệm (tính lại mọi tệp)", before), ("có bộ nhớ đệm, không có thay đổi", unchanged),
                      ("có bộ nhớ đệm, sau một thay đổi", changed)):
        report(f"mở trang {where}: {label}", f"{ms:.1f} ms", anchor_s, ms / anchor if anchor else None, "< 100 ms",
               ms < 100)


if __name__ == "__main__":
    main()
