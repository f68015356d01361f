"""The report preview follows the edits, keeps its page and never shows blank (issue 15: after typing in "Khó khăn"
the page went empty and the counter read "trang 11/11" while page 6 showed)."""
from desktop.core.report.preview import page_count
from tests.ui.test_report_page import open_report, window  # noqa: F401 - the fixture


def dark_pixels(widget) -> int:
    """How much of what the widget shows is ink (text, rules), not paper or background."""
    img = widget.grab().toImage()
    step = 4
    return sum(1 for x in range(0, img.width(), step) for y in range(0, img.height(), step)
               if img.pixelColor(x, y).lightness() < 110)


def test_preview_keeps_its_page_after_an_edit(window, qtbot):  # noqa: F811 - the fixture
    page = open_report(window, qtbot)
    n = len(page.previews)
    assert n >= 3
    middle = page.previews[n // 2]
    page.scroll.verticalScrollBar().setValue(middle.y())
    qtbot.wait(50)
    before = page.page_label.text()
    assert before == f"Xem trước — trang {n // 2 + 1}/{n}"
    shown = page.scroll.verticalScrollBar().value()
    for text in ("Thiếu máy tính ở điểm trường lẻ.", "Thiếu máy tính ở điểm trường lẻ. Mạng chậm."):
        old_pdf = page.pdf
        page.difficulties.setPlainText(text)  # as typing does: the autosave, then the preview, follow by timers
        qtbot.waitUntil(lambda: page.pdf is not None and page.pdf != old_pdf, timeout=30000)
        qtbot.wait(100)  # deferred deletions and layout
        pages = page_count(page.pdf)
        assert len(page.previews) == pages
        assert page.pages_layout.count() == pages  # no page left behind from the previous render
        assert page.page_label.text() == f"Xem trước — trang {n // 2 + 1}/{pages}"
        assert page.scroll.verticalScrollBar().value() == shown
        # the page the counter names is the one in view (a third down the viewport), and pages follow each other
        # with only the layout's spacing between them: no stretch of empty area where a page should be
        y = shown + page.scroll.viewport().height() // 3
        named = page.previews[n // 2]
        assert named.y() <= y < named.y() + named.height() + page.pages_layout.spacing()
        gaps = {b.y() - (a.y() + a.height()) for a, b in zip(page.previews, page.previews[1:])}
        assert gaps == {page.pages_layout.spacing()}
        assert dark_pixels(page.scroll.viewport()) > 200  # a page is on screen, not an empty area
