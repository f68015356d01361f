"""The window icon is loaded from resources/icons, in every size the generator writes."""
from desktop.ui.app import app_icon, make_app


def test_app_icon_has_every_size(qtbot):
    make_app()
    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert sizes == {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)}
