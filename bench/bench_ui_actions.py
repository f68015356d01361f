"""GUI actions with the demo data, offscreen: launch to an interactive dashboard, and each common action
(page switch, item selection, answering, evidence, lists, undo), median and worst of several runs.

Launch is measured in a fresh process from interpreter start (imports included) to the dashboard painted and
the event loop idle. The anchor for the launch is a bare QMainWindow painted in the same way. Actions slower
than ~100 ms belong off the UI thread (DESIGN.md); the worst one is named.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import PY, median, report

LAUNCH = r"""
import os, sys, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from desktop.ui.app import make_app
from desktop.core.store.startup import open_for_session
from pathlib import Path
app = make_app()
if sys.argv[2] == "bare":
    from PySide6.QtWidgets import QMainWindow
    w = QMainWindow(); w.resize(1366, 768); w.show()
else:
    from desktop.ui.main_window import MainWindow
    store = open_for_session(Path(sys.argv[1]))
    w = MainWindow(store); w.resize(1366, 768); w.show()
app.processEvents()
w.grab()
print(time.perf_counter() - t0)
"""


def launch(db: Path, kind: str) -> float:
    out = subprocess.run([PY, "-c", LAUNCH, str(db), kind], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "SOCDS_HOME": str(db.parent / "home")})
    return float(out.stdout.strip().splitlines()[-1])


def actions(db: Path) -> dict[str, list[float]]:
    import os

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from decimal import Decimal

    from PySide6.QtCore import Qt

    from desktop.core.store import Store
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow

    app = make_app()
    times: dict[str, list[float]] = {}

    def timed(name, fn):
        t = time.perf_counter()
        fn()
        app.processEvents()
        times.setdefault(name, []).append(time.perf_counter() - t)

    evidence = db.parent / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 " + b"x" * 200_000)
    with Store.open(db) as store:
        w = MainWindow(store)
        w.resize(1366, 768)
        w.show()
        app.processEvents()
        for i in range(5):
            for page in (w.dashboard_page, w.assessment_page, w.lists_page, w.checklist_page, w.profile_page,
                         w.history_page, w.settings_page):
                page.stale = True
                timed(f"mở trang {type(page).__name__}", lambda p=page: w.show_page(p))
            timed("chọn một mục", lambda: w.goto_item("2.3.%d" % (1 + i % 8)))
            ap = w.assessment_page
            timed("trả lời một mục (lưu + tính điểm)", lambda: ap._commit(Decimal(i % 6)))
            timed("thêm minh chứng 200 KB", lambda: ap.evidence.add_files([str(evidence)]))
            timed("hoàn tác", w.history_page.undo_last)
            w.show_page(w.lists_page)
            tab = w.lists_page.staff
            timed("đánh dấu một giáo viên (tỉ lệ + gợi ý)",
                  lambda: tab.proxy.setData(tab.proxy.index(0, 1),
                                            Qt.Unchecked if tab.proxy.index(0, 1).data(Qt.CheckStateRole) == Qt.Checked
                                            else Qt.Checked, Qt.CheckStateRole))
        w.close()
    return times


def main() -> None:
    from desktop.core.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = build_demo(tmp / "demo.db")
        runs = []
        bare = []
        for i in range(5):
            copy = tmp / f"run{i}" / "demo.db"
            copy.parent.mkdir()
            shutil.copy(db, copy)
            runs.append(launch(copy, "app"))
            bare.append(launch(copy, "bare"))
        ours, anchor = median(runs), median(bare)
        report("GUI: khởi động đến tổng quan dùng được (dữ liệu mẫu)", f"{ours * 1000:.0f} ms",
               f"cửa sổ PySide6 trống {anchor * 1000:.0f} ms", ours / anchor, "< 3000 ms", ours < 3.0)
        times = actions(db)
        for name, xs in sorted(times.items(), key=lambda kv: -max(kv[1])):
            print(f"  {name}: trung vị {median(xs) * 1000:.1f} ms, chậm nhất {max(xs) * 1000:.1f} ms")
        worst_name, worst = max(((n, max(xs)) for n, xs in times.items()), key=lambda kv: kv[1])
        report("GUI: thao tác chậm nhất", f"{worst_name}: {worst * 1000:.0f} ms", "ngưỡng 100 ms", worst / 0.1,
               "< 100 ms", worst < 0.1)


if __name__ == "__main__":
    main()
