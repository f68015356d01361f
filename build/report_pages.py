"""The official documents' first two pages as PNG in docs/screenshots/ (`make screenshots`): the demo school's month,
quarter, year and self-assessment reports, and the demo commune's roll-up, each exported as the app exports it
(unsigned: the DỰ THẢO draft) and rendered with poppler's pdftoppm at 60 dpi, then reduced to 16 grey levels (about
20 KB a page). Names are fixed: report-<kind>-01.png, report-<kind>-02.png.

    python build/report_pages.py [OUT_DIR]
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# (picture name, report kind, period): the demo's "today" is 15/04/2026, so March and the first quarter are done.
SCHOOL_REPORTS = [
    ("month", "month", "2026-03"),
    ("quarter", "quarter", "2026-Q1"),
    ("year", "year", "2026"),
    ("self-assessment", "self-assessment", None),
]
PAGES = 2
DPI = 60


def to_png_pages(pdf: Path, out: Path, name: str) -> list[Path]:
    """Pages 1..PAGES of `pdf` as out/report-<name>-NN.png, 16 grey levels."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", str(PAGES), "-png", str(pdf),
                        str(Path(tmp) / "p")], check=True)
        pages = sorted(Path(tmp).glob("p-*.png"))
        written = []
        for i, page in enumerate(pages, 1):
            target = out / f"report-{name}-{i:02d}.png"
            Image.open(page).convert("L").quantize(16).save(target, optimize=True)
            written.append(target)
    return written


def school_pdfs(tmp: Path) -> list[tuple[str, Path]]:
    from desktop.core.demo import DEMO_TODAY, build_demo
    from desktop.core.report.build import build_report_data
    from desktop.core.report.export import export_all
    from desktop.core.store import Store

    db = build_demo(tmp / "demo.db")
    out = []
    for name, kind, period in SCHOOL_REPORTS:
        with Store.open(db) as store:
            rd = build_report_data(store, kind, period, today=DEMO_TODAY)
        out.append((name, export_all(rd, tmp / name).pdf))
    return out


def rollup_pdf(tmp: Path) -> Path:
    """The demo commune (8 schools: one file altered after signing, one school silent, one with two versions)
    taken in through the real intake by "UBND xã Tuệ Tĩnh", and its roll-up exported."""
    from desktop.core.commune import inbox, mode, roster
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.commune.demo import build_commune
    from desktop.core.commune.rollup import build_rollup
    from desktop.core.commune.rollup_pdf import export_rollup
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    demo = build_commune(tmp / "xa-mau", 8)
    with Store.open(tmp / "xa.db") as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        authority = AuthorityInfo(name="UBND xã Tuệ Tĩnh", parent="UBND thành phố Hải Phòng",
                                  signer_name="Trần Văn Bình", signer_title="Phó Chủ tịch")
        authority.save(store)
        roster.import_workbook(store, demo.roster_path)
        inbox.take_in(store, [str(demo.out_dir / "bao-cao")], trust=[demo.root_cert_path])
        ru = build_rollup(store)
        return export_rollup(ru, authority, tmp / "tong-hop")["pdf"]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="socds-report-pages-") as t:
        tmp = Path(t)
        os.environ["SOCDS_HOME"] = str(tmp / "home")  # never the user's own data or settings
        pdfs = school_pdfs(tmp) + [("commune-rollup", rollup_pdf(tmp))]
        for old in out.glob("report-*.png"):
            old.unlink()
        for name, pdf in pdfs:
            for p in to_png_pages(pdf, out, name):
                print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
