"""The token library chooser of the signing dialog: the libraries of the known CAs' tokens found on this computer,
by name ("VNPT-CA — vnptca_p11_v8.dll"), then "choose another file…" for any other token."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.signing.token_libs import FoundLibrary, find_libraries


class TokenLibraryPicker(QWidget):
    chosen = Signal(str)  # the user picked or typed a library (path)

    def __init__(self, current: str = "", parent: QWidget | None = None, finder=find_libraries):
        super().__init__(parent)
        self.finder = finder
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setObjectName("tokenLibrary")
        self.combo.setAccessibleName("Thư viện PKCS#11 của token")
        self.combo.setEditable(True)  # a path can still be pasted
        self.combo.setMinimumContentsLength(28)
        self.combo.activated.connect(lambda _i: self.chosen.emit(self.text()))
        self.combo.lineEdit().editingFinished.connect(lambda: self.chosen.emit(self.text()))
        pick = QPushButton("Chọn tệp khác…")
        pick.clicked.connect(self._pick)
        again = QPushButton("Tìm lại")
        again.setToolTip("Tìm lại sau khi cài phần mềm token của nhà cung cấp")
        again.clicked.connect(lambda: self.scan(self.text()))
        row.addWidget(self.combo, 1)
        row.addWidget(again)
        row.addWidget(pick)
        lay.addLayout(row)
        self.note = QLabel()
        self.note.setObjectName("tokenLibraryNote")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.found: list[FoundLibrary] = []
        self.scan(current)

    def scan(self, keep: str = "") -> None:
        self.found = self.finder()
        self.combo.clear()
        for f in self.found:
            self.combo.addItem(f.label + (f" ({f.note})" if f.note else ""), str(f.path))
        if self.found:
            self.note.setText(f"Tìm thấy {len(self.found)} thư viện token trên máy: "
                              + ", ".join(dict.fromkeys(f.ca for f in self.found)) + ".")
        else:
            self.note.setText("Chưa tìm thấy thư viện token của các nhà cung cấp đã biết (VNPT-CA, Viettel-CA, "
                              "BKAV-CA, FPT-CA, MISA-CA…). Hãy cài phần mềm token đi kèm, rồi bấm «Tìm lại»; "
                              "hoặc chọn tệp .dll do nhà cung cấp chỉ dẫn.")
        self.setText(keep or (str(self.found[0].path) if self.found else ""))

    def text(self) -> str:
        data = self.combo.currentData()
        typed = self.combo.currentText().strip()
        if data and typed == self.combo.itemText(self.combo.currentIndex()):
            return str(data)
        return typed

    def setText(self, path: str) -> None:
        if not path:
            return
        i = self.combo.findData(path)
        if i < 0:
            self.combo.addItem(path, path)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(i)
        self.combo.lineEdit().setCursorPosition(0)  # show the CA's name, not the end of a long label

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn thư viện PKCS#11 của token", "",
                                              "Thư viện (*.dll *.so *.dylib);;Mọi tệp (*)")
        if path:
            self.setText(path)
            self.chosen.emit(path)
