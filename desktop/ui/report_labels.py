"""Words and setting names the report, sign, verify and settings screens share, apart from the modules that do the
work, so a screen shows them without importing reportlab, openpyxl or pyHanko."""
from __future__ import annotations

STATE_LABELS = {"draft": "nháp", "locked": "đã khóa", "signed": "đã ký", "sent": "đã gửi", "returned": "bị trả lại"}
SCHOOL_KEY_WARNING = ("Khóa của trường là chữ ký NỘI BỘ bảo đảm toàn vẹn: nó cho biết tệp không bị sửa sau khi ký, "
                      "nhưng KHÔNG phải chữ ký số do tổ chức chứng thực (CA) cấp và không thay cho chữ ký số "
                      "của người có thẩm quyền.")
PKCS11_LIB_SETTING = "signing.pkcs11_lib"
CERT_FILTER = "Chứng thư gốc (*.cer *.crt *.pem *.p7b *.der)"


def state_label(row: dict) -> str:
    return STATE_LABELS.get(row["status"], row["status"])
