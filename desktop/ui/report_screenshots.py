"""Screenshots of the report, sign and verify screens (called from desktop/ui/screenshots.py)."""
from __future__ import annotations

from pathlib import Path


def report_shots(w, store, shot, tmp: Path) -> None:
    """Report page with a preview, the lock + sign dialog after a school-key signature, the verify page."""
    from desktop.core.report import package as pkg
    from desktop.core.signing import SchoolKeySigner
    from desktop.ui.worker import wait_all

    page = w.report_page
    w.show_page(page)
    page.kind.setCurrentIndex(0)
    page.load()
    page.doc_number.setText("25/BC-THCSTT")
    page.doc_date.setText("20/05/2026")
    page.difficulties.setPlainText("Điểm trường lẻ còn thiếu máy tính cho giáo viên; đường truyền Internet chưa ổn định.")
    page.save_fields()
    page.rebuild()  # now, not after the autosave's delay
    wait_all()
    shot(w, "12-report")
    dlg = page.make_sign_dialog()
    dlg.show()
    dlg.tabs.setCurrentIndex(2)
    shot(dlg, "13-sign-dialog-form")
    signed = pkg.build_package(store, page.report["id"], SchoolKeySigner.for_store(store), out_dir=tmp,
                               accept_warnings=True)  # as the user confirms the warnings in the dialog
    dlg.reload()
    dlg.status.setText(f"Đã ký. Tệp được lưu: {signed.name}")
    shot(dlg, "13-sign-dialog")
    dlg.close()
    vp = w.verify_page
    w.show_page(vp)
    vp.add_files([str(signed)])
    wait_all()
    shot(w, "14-verify")
