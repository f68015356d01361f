"""`make screenshots` (build/guide_shots.py): the script walks the real window on demo data and writes the guide's
picture; checked for one page here (the whole walk is `make screenshots`, not part of the tests)."""
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def test_guide_shots_writes_one_page(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run([sys.executable, str(ROOT / "build" / "guide_shots.py"), str(tmp_path / "img"),
                          "--only", "truong-06-ho-so"], env=env, capture_output=True, text=True, timeout=240)
    assert res.returncode == 0, res.stderr[-2000:]
    written = sorted(p.name for p in (tmp_path / "img").iterdir())
    assert written == ["truong-06-ho-so.png"]
    with Image.open(tmp_path / "img" / "truong-06-ho-so.png") as im:
        assert im.size == (1280, 720)
        assert len(im.convert("RGB").getcolors(1 << 16) or range(1000)) > 50  # a drawn window, not a blank grab


def test_guide_shots_refuses_an_unknown_name(tmp_path):
    res = subprocess.run([sys.executable, str(ROOT / "build" / "guide_shots.py"), str(tmp_path), "--only", "x"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "Không có ảnh «x»" in res.stderr
