"""Errors in the GUI: a Vietnamese dialog, never a traceback; unexpected ones go to the log file."""
from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.errors import UserError
from desktop.core.logs import log_path

log = logging.getLogger("socds.ui")


def show_user_error(parent: QWidget | None, err: UserError, title: str = "Không thực hiện được") -> None:
    QMessageBox.warning(parent, title, err.message)


def show_unexpected(parent: QWidget | None) -> None:
    QMessageBox.critical(
        parent, "Lỗi không mong đợi",
        "Sổ CĐS gặp một lỗi không mong đợi. Dữ liệu đã lưu không bị ảnh hưởng.\n\n"
        f"Chi tiết lỗi được ghi vào tệp:\n{log_path()}\n\n"
        "Hãy gửi tệp này kèm mô tả việc bạn đang làm cho bộ phận hỗ trợ.")


def install_excepthook() -> None:
    """Route uncaught exceptions (including those raised inside Qt slots) to the log and a dialog."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            show_user_error(None, exc)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        show_unexpected(None)

    sys.excepthook = hook
