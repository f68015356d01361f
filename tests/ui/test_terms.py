"""One word for one thing, in Vietnamese (issue 22): no ISO dates, "self-assessment" or English left on any page of
either mode (read off the screen), and the UI's own strings use the chosen terms: "bộ chỉ số" (not "bộ tiêu
chí"), "Hồ sơ nhà trường" (the page's name, not "Hồ sơ trường"), "minh chứng" (not "bằng chứng", "hồ sơ minh
chứng")."""
import re
import tokenize
from pathlib import Path

from desktop.core.commune import inbox
from desktop.core.signing import TrustStore
from tests.helpers.walk_pages import authority_window, pages, school_window, texts

ROOT = Path(__file__).resolve().parents[2] / "desktop"
ISO = re.compile(r"\b\d{4}-(\d{2}|Q\d)\b")  # 2026-04, 2026-04-15, 2026-Q2 (a school year 2025-2026 is fine)
ENGLISH = re.compile(r"self-assessment|\b(Yes|No|Cancel|Open|Save|Close|Apply|Discard|Error|Warning)\b", re.I)
BANNED = {r"bộ tiêu chí": "bộ chỉ số", r"hồ sơ trường": "Hồ sơ nhà trường", r"hồ sơ minh chứng": "minh chứng",
          r"bằng chứng(?! thư)": "minh chứng", r"thông tin trường": "Hồ sơ nhà trường"}


def _bad_words(w) -> list[str]:
    bad = []
    for title, page in pages(w):
        for t in texts(page):
            if ISO.search(t) or ENGLISH.search(t):
                bad.append(f"{title}: {t[:120]!r}")
    return sorted(set(bad))


def test_school_pages_show_no_iso_dates_or_english(qtbot, demo_db, tmp_path):
    with school_window(qtbot, demo_db, tmp_path) as w:
        bad = _bad_words(w)
        assert bad == [], "\n".join(bad)
        period = w.checklist_page.period
        assert [period.itemText(i).split()[0] for i in range(period.count())] == ["Năm", "Quý", "Tháng"]


def test_authority_pages_show_no_iso_dates_or_english(qtbot, commune, tmp_path):
    with authority_window(qtbot, commune, tmp_path) as w:
        TrustStore.for_store(w.store).import_file(commune.root_cert_path)
        inbox.take_in(w.store, commune.files[:2])  # the inbox lists them: kind, period, time received
        w.mark_saved()
        bad = _bad_words(w)
        assert bad == [], "\n".join(bad)
        table = w.commune_inbox_page.model
        assert table.rowCount() == 2 and {table.text(r, 2) for r in range(2)} == {"Tự đánh giá"}


def _strings(path: Path):
    with path.open(encoding="utf-8") as f:
        for tok in tokenize.generate_tokens(f.readline):
            if tok.type == tokenize.STRING:
                yield tok.start[0], tok.string


def test_ui_strings_use_one_term_per_concept():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for line, s in _strings(path):
            low = s.lower()
            found += [f"{path.relative_to(ROOT.parent)}:{line}: «{b}» → «{good}»" for b, good in BANNED.items()
                      if re.search(b, low)]
    assert found == [], "\n".join(found)
