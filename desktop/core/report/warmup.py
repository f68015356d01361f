"""Get the export and signing code ready before the user's first click (issue 11).

The app loads reportlab, openpyxl and pyHanko only when a report is first rendered or signed (start-up time), so
the first "Xuất" or "Khóa và ký" used to pay ~0.6 s of imports and font parsing on top of the work itself. The
report page and the lock & sign dialog call `start()` when they open: a helper thread imports what an export and
a signature need and registers the fonts, while the user reads the page. The first export then costs what the
next ones do. tests/core/test_report_warmup.py checks that after `warm_up()` a signed export imports nothing new.

`start()` returns at once (it only starts a thread), runs the warm-up once per process, and never raises: a
failure is logged, and the export then simply loads what it needs itself, as before. Qt-free.

Two threads must not import the same libraries at the same moment: cryptography, pyHanko and openpyxl have
modules that import each other, and a thread that meets such a module half-initialised by the other gets an
ImportError (a simultaneous verify and warm-up did, in 2 of 40 tries). So whatever would import them elsewhere
first calls `wait()`, which returns at once unless a warm-up is running: the export entry points (package.py,
export.py), `desktop.core.signing`'s lazy names (the screens' TrustStore, signers, verify_pdf…) and the import of
desktop.core.signing.verify (the commune intake imports it directly). A wait never deadlocks as long as the
warm-up does not import a module that waits while it is being imported (verify.py, or a screen that takes a
lazy name at import time); tests/core/test_report_warmup.py checks that.
"""
from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

# What an export and a signed package import, at module level or inside the functions they call.
MODULES = (
    "desktop.core.report.package",      # the renderers: reportlab (PDF), openpyxl (workbook), the data file
    "desktop.core.report.export",
    "desktop.core.commune.requests",    # lock_version: a locked version answers an open request for changes
    "desktop.core.signing.sign", "desktop.core.signing.signers", "desktop.core.signing.appearance",
    "pyhanko.sign.signers", "pyhanko.sign.fields", "pyhanko.stamp", "pyhanko.keys.internal",
    "pyhanko.pdf_utils.incremental_writer", "pyhanko.pdf_utils.embed", "pyhanko.pdf_utils.content",
    "pyhanko.pdf_utils.layout", "pyhanko.pdf_utils.reader", "pyhanko_certvalidator.registry",
    "cryptography.hazmat.primitives.serialization.pkcs12",
    # imported on first use, deep inside the libraries
    "openpyxl.packaging.extended", "pyhanko.pdf_utils.filters", "pyhanko.pdf_utils.metadata.xmp_xml",
    "cryptography.hazmat.backends.openssl", "encodings.utf_16_be", "encodings.utf_16_le", "encodings.utf_8_sig",
)

_lock = threading.Lock()
_thread: threading.Thread | None = None
done = threading.Event()  # set when the warm-up has finished (successfully or not)


def warm_up() -> None:
    """Import the export and signing modules and register the report's and the signature's fonts."""
    for name in MODULES:
        importlib.import_module(name)
    from desktop.core.report import fonts
    from desktop.core.signing.appearance import register_fonts

    fonts.register()
    register_fonts()
    import tzlocal

    tzlocal.get_localzone()  # pyHanko stamps the signing time in the local zone (reads the tz database once)


def _run() -> None:
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - a warm-up must never disturb the app; the export loads what it needs
        log.exception("warming up the export and signing modules failed")
    finally:
        done.set()


def wait(timeout: float = 60) -> None:
    """Return once a started warm-up has finished. The export entry points call this first, so an export never
    imports the same modules at the same moment as the warm-up thread (two threads importing modules that import
    each other can see a half-initialised module). Returns at once when no warm-up was started."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        done.wait(timeout)


def start() -> threading.Thread:
    """Warm up on a daemon thread, once per process; returns the thread (already started)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_run, name="socds-export-warmup", daemon=True)
            _thread.start()
        return _thread
