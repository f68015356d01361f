"""`make screenshots` (build/guide_shots.py): the script walks the real window on demo data and writes the guide's
pictures; checked here up to the send dialog (the school's walk: wizard, pages, pre-send check, lock and sign,
send), writing that one picture. The whole walk is `make screenshots`, not part of the tests."""
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def test_guide_shots_writes_one_page(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run([sys.executable, str(ROOT / "build" / "guide_shots.py"), str(tmp_path / "img"),
                          "--only", "truong-18-gui-bao-cao"], env=env, capture_output=True, text=True, timeout=240)
    assert res.returncode == 0, res.stderr[-2000:]
    written = sorted(p.name for p in (tmp_path / "img").iterdir())
    assert written == ["truong-18-gui-bao-cao.png"]
    with Image.open(tmp_path / "img" / "truong-18-gui-bao-cao.png") as im:
        assert im.width >= 600 and im.height >= 400
        assert len(im.convert("RGB").getcolors(1 << 16) or range(1000)) > 20  # a drawn dialog, not a blank grab (1 or 2 colours)


def test_guide_shots_refuses_an_unknown_name(tmp_path):
    res = subprocess.run([sys.executable, str(ROOT / "build" / "guide_shots.py"), str(tmp_path), "--only", "x"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "Không có ảnh «x»" in res.stderr
