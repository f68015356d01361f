"""Vietnamese for Qt's own texts: the standard buttons of every QMessageBox and QDialogButtonBox (Yes, No,
Cancel, OK, Open, Save, Close, Apply, Discard…), Qt's (non-native) file dialog, the text fields' right-click
menu and the wizard's buttons.

PySide6 ships no qtbase_vi.qm, so these texts live here, in one place: `QtVietnamese` answers Qt's
QCoreApplication.translate(context, text) calls from the table below, and `install()` (called by make_app)
puts it on the application. A text Qt asks for that is not in the table stays as Qt has it (the translator
returns nothing, and Qt falls back to its source text). The (context, text) pairs are Qt's own source strings,
as Qt 6 asks for them (QPlatformTheme holds the standard buttons' texts).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

_EDIT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "Cắ&t",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}

TEXTS: dict[str, dict[str, str]] = {
    # The standard buttons (QMessageBox, QDialogButtonBox): Qt asks the platform theme for their texts.
    "QPlatformTheme": {
        "OK": "Đồng ý",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả",
        "&No": "&Không",
        "N&o to All": "K&hông với tất cả",
        "Abort": "Dừng",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
        "Close": "Đóng",
        "Cancel": "Hủy",
        "Discard": "Không lưu",
        "Help": "Trợ giúp",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    # The GNOME theme's own texts (Linux desktops that load it).
    "QGnomeTheme": {
        "&OK": "Đồng ý",
        "&Save": "&Lưu",
        "&Cancel": "Hủy",
        "&Close": "Đón&g",
        "Close without Saving": "Đóng, không lưu",
    },
    "QDialogButtonBox": {"OK": "Đồng ý"},
    "QMessageBox": {
        "Show Details...": "Xem chi tiết...",
        "Hide Details...": "Ẩn chi tiết...",
        "OK": "Đồng ý",
    },
    # Qt's own file dialog (Linux without a desktop's dialog, and wherever the native one is not used).
    "QFileDialog": {
        "&Open": "&Mở",
        "&Save": "&Lưu",
        "&Choose": "&Chọn",
        "&Look in:": "&Tìm trong:",
        "File &name:": "Tên &tệp:",
        "Files of &type:": "&Loại tệp:",
        "Directory:": "Thư mục:",
        "All Files (*)": "Mọi tệp (*)",
        "Directories": "Thư mục",
        "Files": "Tệp",
        "Back": "Quay lại",
        "Forward": "Tiến tới",
        "Go back": "Quay lại",
        "Go forward": "Tiến tới",
        "Parent Directory": "Thư mục cha",
        "Go to the parent directory": "Lên thư mục cha",
        "Create New Folder": "Tạo thư mục mới",
        "Create a New Folder": "Tạo một thư mục mới",
        "&New Folder": "Thư mục &mới",
        "New Folder": "Thư mục mới",
        "List View": "Xem dạng danh sách",
        "Detail View": "Xem chi tiết",
        "Change to list view mode": "Chuyển sang xem dạng danh sách",
        "Change to detail view mode": "Chuyển sang xem chi tiết",
        "Sidebar": "Thanh bên",
        "List of places and bookmarks": "Các vị trí và thư mục đánh dấu",
        "Show &hidden files": "Hiện các tệp ẩ&n",
        "&Rename": "Đổi &tên",
        "&Delete": "&Xóa",
        "Recent Places": "Vị trí gần đây",
        "My Computer": "Máy tính",
        "Computer": "Máy tính",
        "%1 already exists.\nDo you want to replace it?": "Tệp %1 đã có.\nGhi đè lên tệp đó?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
        "Are you sure you want to delete '%1'?": "Xóa «%1»?",
        "'%1' is write protected.\nDo you want to delete it anyway?": "«%1» đang được bảo vệ chống ghi.\nVẫn xóa?",
        "Could not delete directory.": "Không xóa được thư mục.",
    },
    "QFileSystemModel": {
        "Name": "Tên",
        "Size": "Kích thước",
        "Type": "Loại",
        "Kind": "Loại",
        "Date Modified": "Ngày sửa",
        "Computer": "Máy tính",
        "My Computer": "Máy tính",
    },
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File": "Tệp"},
    # The right-click menu of one-line and multi-line text fields.
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    # QWizard's buttons (the set-up wizard sets its own; this covers any other).
    "QWizard": {
        "< &Back": "< &Quay lại",
        "&Next >": "&Tiếp theo >",
        "&Next": "&Tiếp theo",
        "Go Back": "Quay lại",
        "Continue": "Tiếp tục",
        "Commit": "Xác nhận",
        "Done": "Xong",
        "&Finish": "&Hoàn tất",
        "Cancel": "Hủy",
        "Help": "Trợ giúp",
        "&Help": "&Trợ giúp",
    },
}


class QtVietnamese(QTranslator):
    """A translator for Qt's own strings, from TEXTS (no .qm file to ship or load)."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return TEXTS.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:  # Qt name
        return False


_installed: QtVietnamese | None = None  # kept alive for the application's life (Qt does not own it)


def install(app: QCoreApplication) -> QtVietnamese:
    """Put the Vietnamese texts on `app`, once (a second call returns the installed translator)."""
    global _installed
    if _installed is None:
        _installed = QtVietnamese()
        app.installTranslator(_installed)
    return _installed
