"""A copy of the demo data file with evidence and the report's own fields filled in (shared by report tests)."""
import shutil

from desktop.core.store import Store
from desktop.core.store import evidence as ev
from desktop.core.store import reports as rep
from desktop.core.store.assessments import current_assessment

DOC = {"doc_number": "15/BC-THCSTT", "doc_date": "15/04/2026"}
FIELDS = {"difficulties": "Thiết bị phòng Tin học đã cũ.\nĐường truyền Internet chưa ổn định.",
          "proposals": "Đề nghị UBND xã hỗ trợ kinh phí nâng cấp đường truyền.",
          "recipients": ["UBND xã Tuệ Tĩnh (để báo cáo)", "Lưu: VT, CĐS"],
          "signer_name": "Trần Thị Mai", "signer_authority": "KT. HIỆU TRƯỞNG", "signer_position": "PHÓ HIỆU TRƯỞNG"}


def prepared_db(demo_db, tmp_path, fields=True):
    path = tmp_path / "school.db"
    shutil.copyfile(demo_db, path)
    with Store.open(path) as store:
        a = current_assessment(store)
        f = tmp_path / "Kế hoạch dạy học trực tuyến.pdf"
        f.write_bytes(b"%PDF-1.4 demo evidence\n" * 100)
        e1 = ev.add_file(store, f)
        e2 = ev.add_link(store, "https://thcstuetinh.example.edu.vn/lms", "Trang LMS của trường")
        ev.link(store, e1, assessment_id=a["id"], item_code="1.1")
        ev.link(store, e2, assessment_id=a["id"], item_code="1.3.2")
        ev.link(store, e1, assessment_id=a["id"], item_code="1.3.2")
        row = rep.ensure_draft(store, "self-assessment", "2025-2026")
        if fields:
            rep.update_fields(store, row["id"], **DOC, **FIELDS)
        else:  # as a school would start: no number, date or signer yet
            rep.update_fields(store, row["id"], doc_number="", clear_date=True, signer_name="")
    return path
