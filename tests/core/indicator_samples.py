"""A small made-up indicator set using every answer kind (for tests only; not Ministry content)."""
import copy

LEVELS = [{"level": 1, "label": "Mức 1", "name": "Chưa đáp ứng"}, {"level": 2, "label": "Mức 2", "name": "Đáp ứng cơ bản"},
          {"level": 3, "label": "Mức 3", "name": "Đáp ứng tốt"}]

_SAMPLE = {
    "format": "socds-indicator-set", "format_version": 1, "set_id": "test-kinds", "version": "1",
    "title": "Bộ thử mọi loại câu trả lời", "status": "incomplete",
    "legal_basis": {"number": "1/QĐ-THU", "date": "2026-01-02", "issuer": "Sở thử nghiệm", "title": ""},
    "levels": ["THCS"], "source_note": "Chỉ dùng để kiểm thử.",
    "settings": {
        "level_names": LEVELS,
        "group_level_bands": [{"below": 50, "level": 1}, {"at_least": 50, "at_most": 75, "level": 2}, {"above": 75, "level": 3}],
        "overall_rule": "lowest_group", "overall_rule_note": "Lấy mức thấp nhất (cách hiểu được dùng).",
        "mandatory_unmet_effect": "cap_group_level", "mandatory_unmet_cap": 1,
        "mandatory_unmet_note": "Nhóm không vượt Mức 1 khi chưa đạt điều kiện bắt buộc (cách hiểu được dùng).",
    },
    "groups": [
        {"code": "A", "name": "Nhóm A", "max_points": 100, "criteria": [
            {"code": "A.1", "text": "Có kế hoạch", "answer": {"kind": "condition"}, "status": "verified"},
            {"code": "A.2", "text": "Phần mềm", "max_points": 30,
             "bands": [{"below": 10, "level": 1}, {"at_least": 10, "at_most": 20, "level": 2}, {"above": 20, "level": 3}],
             "items": [
                 {"code": "A.2.1", "text": "Điểm tự nhập", "max_points": 10, "answer": {"kind": "points", "step": 0.5}},
                 {"code": "A.2.2", "text": "Có/không", "max_points": 10, "answer": {"kind": "yes_no", "points_yes": 10}},
                 {"code": "A.2.3", "text": "Lựa chọn", "max_points": 10, "answer": {"kind": "choice", "choices": [
                     {"code": "full", "label": "Đầy đủ", "points": 10}, {"code": "half", "label": "Một phần", "points": 5},
                     {"code": "none", "label": "Chưa có", "points": 0}]}}]},
            {"code": "A.3", "text": "Tỉ lệ giáo viên", "max_points": 40, "answer": {"kind": "percent_bands", "bands": [
                {"below": 50, "points": 0}, {"at_least": 50, "below": 80, "points": 20}, {"at_least": 80, "points": 40}]}},
            {"code": "A.4", "text": "Số phòng", "max_points": 30, "answer": {"kind": "count_bands", "bands": [
                {"below": 1, "points": 0}, {"at_least": 1, "below": 3, "points": 15}, {"at_least": 3, "points": 30}]}},
        ]},
        {"code": "B", "name": "Nhóm B", "max_points": 100, "known_max": 50, "criteria": [
            {"code": "B.1", "text": "Có tổ chỉ đạo", "answer": {"kind": "condition"}},
            {"code": "B.2", "text": "Phần mềm quản lý", "max_points": 50, "answer": {"kind": "points"}},
        ]},
    ],
}


def sample() -> dict:
    return copy.deepcopy(_SAMPLE)


def complete_sample() -> dict:
    """The same set with group B completed to 100 (status official)."""
    d = sample()
    d["status"], d["version"] = "official", "2"
    b = d["groups"][1]
    b.pop("known_max")
    b["criteria"].append({"code": "B.3", "text": "Mục bổ sung", "max_points": 50, "answer": {"kind": "points"}})
    return d
