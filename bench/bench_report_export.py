"""Report export: the demo school's yearly report (PDF + workbook + JSON), in process and as `socds export`.

The in-process figure is the median of 5 exports after the first (fonts registered, modules imported); the cold
figure is one `socds export` run in a fresh process, which is what a user waits for from the command line. The
anchor is reportlab writing a one-page PDF with the same embedded font family — the floor of any PDF export.
`--screenshots DIR` also renders the demo reports' pages to DIR/report-<kind>-<n>.png (pdftoppm -r 60).
"""
from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import PY, median, report  # noqa: E402


def anchor() -> float:
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.lib.styles import ParagraphStyle
    from desktop.core.report.fonts import FAMILY, register

    register()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        SimpleDocTemplate(io.BytesIO(), initialFontName=FAMILY).build(
            [Paragraph("Báo cáo chuyển đổi số", ParagraphStyle("a", fontName=FAMILY))])
        times.append(time.perf_counter() - t)
    return median(times)


def main() -> int:
    from desktop.core.demo import DEMO_TODAY, build_demo
    from desktop.core.report.data import build_report_data
    from desktop.core.report.export import export_all
    from desktop.core.store import Store

    shots = Path(sys.argv[sys.argv.index("--screenshots") + 1]) if "--screenshots" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        db = build_demo(Path(tmp) / "demo.db")
        period = str(DEMO_TODAY.year)
        runs = []
        for _ in range(6):
            t = time.perf_counter()
            with Store.open(db) as store:
                rd = build_report_data(store, "year", period, today=DEMO_TODAY)
            export_all(rd, Path(tmp) / "out")
            runs.append(time.perf_counter() - t)
        warm = median(runs[1:])
        t = time.perf_counter()
        subprocess.run([PY, "-m", "desktop", "export", "--db", str(db), "--kind", "year", "--period", period,
                        "--out", str(Path(tmp) / "cli")], check=True, capture_output=True)
        cold = time.perf_counter() - t
        floor = anchor()
        report("report export (demo yearly: PDF+XLSX+JSON)", f"{warm * 1000:.0f} ms in process, {cold:.2f} s as socds export",
               f"one-page reportlab PDF {floor * 1000:.1f} ms", warm / floor, "< 5 s cold", cold < 5)
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            for old in shots.glob("report-*.png"):
                old.unlink()
            with Store.open(db) as store:
                sa = build_report_data(store, "self-assessment", today=DEMO_TODAY)
            for kind, pdf in (("self-assessment", export_all(sa, Path(tmp) / "sa").pdf),
                              ("year", next((Path(tmp) / "out").glob("*.pdf")))):
                subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(shots / f"report-{kind}")], check=True)
            print("screenshots:", ", ".join(sorted(p.name for p in shots.glob("report-*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
