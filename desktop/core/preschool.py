"""Preschools (mầm non): QĐ 4725 does not apply, and the preschool indicator set (QĐ 3276) is not shipped.

What is known of QĐ 3276/QĐ-BGDĐT is its number, its date and its subject (the source documents cite it as
"Quyết định 3276/QĐ-BGDĐT ngày 30/10/2024 về ban hành Bộ chỉ số đánh giá mức độ chuyển đổi số cơ sở giáo dục
mầm non"); its groups, criteria, points and levels could not be read, so the program invents none of them.
A preschool still follows its plan checklist and sends its
periodic reports; what needs the set (the self-assessment, a level, links to indicator items) says that the set
is not loaded and how to load it. `write_template` gives a Sở an empty workbook in the indicator-set format with
the decision's number, date and subject filled in, nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

PRESCHOOL = "MN"
QD4725_LEVELS = ("TH", "THCS", "THPT", "GDTX")  # the levels of the bundled QĐ 4725 set (its yearly self-assessment)
QD3276 = {
    "number": "3276/QĐ-BGDĐT",
    "date": "2024-10-30",
    "issuer": "Bộ Giáo dục và Đào tạo",
    "title": "Ban hành Bộ chỉ số đánh giá mức độ chuyển đổi số cơ sở giáo dục mầm non",
}
TEMPLATE_NAME = "qd3276-2024-mau-trong.xlsx"
TEMPLATE_NOTE = (
    "Mẫu trống do Sổ CĐS tạo: chỉ ghi số, ngày và trích yếu của QĐ 3276/QĐ-BGDĐT. Nhóm, tiêu chí, mục, "
    "điểm, các mức và quy tắc xếp mức do cơ quan có văn bản gốc điền; Sổ CĐS không tự soạn nội dung này."
)
NOT_LOADED = "Chưa cài bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT)"
NO_LEVEL_MN = "Chưa xếp mức (mầm non: chưa cài bộ chỉ số QĐ 3276)"
COMMUNE_HOW = (
    "Nạp bộ chỉ số mầm non do Sở ban hành: Bộ chỉ số → Nạp tệp bộ chỉ số, hoặc lệnh «socds indicators "
    "import TỆP.xlsx»; mẫu trống để Sở điền: «socds indicators template-mn TỆP.xlsx»."
)
HOW_TO_LOAD = (
    "Xin tệp bộ chỉ số mầm non (tệp Excel theo mẫu của Sổ CĐS) từ UBND xã/phường hoặc Sở GDĐT rồi nạp: "
    "Bộ chỉ số → Nạp tệp bộ chỉ số, hoặc lệnh «socds indicators import TỆP.xlsx». Sở có thể điền mẫu trống "
    "«socds indicators template-mn TỆP.xlsx»."
)


def preschool_only(levels: Iterable[str] | None) -> bool:
    """A school whose only level is MN (a school with MN and TH classes is assessed with QĐ 4725)."""
    return list(levels or ()) == [PRESCHOOL]


def set_applies(set_levels: Iterable[str], school_levels: Iterable[str] | None) -> bool:
    """Whether an indicator set's levels cover the school (no school levels known: assume they do)."""
    school = list(school_levels or ())
    return not school or any(lv in set(set_levels) for lv in school)


def applies(set_levels: Iterable[str], school_levels: Iterable[str] | None) -> bool:
    """The one rule for which indicator set applies to a school, by the school's CURRENT levels: every set applies
    except that a preschool-only school is assessed only with a set covering MN (issue 19: no QĐ 4725 for MN)."""
    return not preschool_only(school_levels) or set_applies(set_levels, school_levels)


def kept_text(set_name: str) -> str:
    """What a preschool is told about a self-assessment made earlier with a set that does not apply to it (the school
    was first declared with another level): it is kept in the data file, and neither scored nor reported."""
    return (
        f"Tệp dữ liệu còn bản tự đánh giá theo {set_name} lập trước đây. Bộ chỉ số này không áp dụng cho trường "
        "mầm non nên bản đó không được tính điểm, xếp mức hay đưa vào báo cáo; bản đó vẫn được giữ nguyên "
        "trong tệp dữ liệu."
    )


def no_self_assessment_report() -> str:
    """Why a preschool's self-assessment report cannot be made (export refuses it)."""
    return (
        "Trường mầm non không lập báo cáo tự đánh giá theo bộ chỉ số QĐ 4725/QĐ-BGDĐT (bộ này không áp dụng cho "
        "trường mầm non), và trường chưa có bản tự đánh giá theo bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT). " + HOW_TO_LOAD
    )


def not_loaded_text() -> str:
    """One sentence for a dashboard, a report or a roll-up: the set is missing and how to load it."""
    return f"{NOT_LOADED}: chưa tự đánh giá, chưa xếp mức. {HOW_TO_LOAD}"


def notice() -> str:
    """What a preschool is told: the program ships no QĐ 3276 content, and how to load the set file."""
    return (
        "Sổ CĐS chưa có sẵn bộ chỉ số chuyển đổi số cho trường mầm non (QĐ 3276/QĐ-BGDĐT): nội dung chính thức "
        "của bộ chỉ số này chưa được công bố ở nơi chúng tôi đọc được, nên chương trình không tự soạn ra. "
        "Bộ chỉ số QĐ 4725 không áp dụng cho trường mầm non. Trường vẫn theo dõi danh mục nhiệm vụ của kế hoạch "
        "và gửi báo cáo định kỳ. " + HOW_TO_LOAD
    )


def report_statement() -> str:
    """What a preschool's period report (PDF and workbook) says in place of the self-assessment part: the school's
    statement only; how to load the set into the program is said in the app and the pre-send check (issue 20)."""
    return (
        "Báo cáo không có phần tự đánh giá mức độ chuyển đổi số: bộ chỉ số QĐ 4725/QĐ-BGDĐT không áp dụng cho "
        "trường mầm non, và trường chưa có bản tự đánh giá theo bộ chỉ số mầm non (QĐ 3276/QĐ-BGDĐT)."
    )


def report_note() -> str:
    """The statement and how to load the preschool set: for the app, not the report."""
    return report_statement() + " " + HOW_TO_LOAD


def write_template(path: Path | str) -> Path:
    """The empty QĐ 3276 workbook: the indicator-set format with only the decision's number, date and subject."""
    from desktop.core.indicator_xlsx import INFO_FIELDS, S_INFO, build_workbook
    from desktop.core.sheets import save_workbook

    wb = build_workbook(None)
    ws = wb[S_INFO]
    filled = {
        "set_id": "qd3276-2024",
        "number": QD3276["number"],
        "date": "30/10/2024",
        "issuer": QD3276["issuer"],
        "lb_title": QD3276["title"],
        "levels": PRESCHOOL,
        "source_note": TEMPLATE_NOTE,
        "title": "Bộ chỉ số đánh giá mức độ chuyển đổi số cơ sở giáo dục mầm non",
    }
    for n, (_label, key) in enumerate(INFO_FIELDS, start=2):
        ws.cell(row=n, column=2).value = filled.get(key)  # the 4725 settings of the general template are cleared
    return save_workbook(wb, path)


if __name__ == "__main__":  # python -m desktop.core.preschool resources/templates/qd3276-2024-mau-trong.xlsx
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m desktop.core.preschool FILE.xlsx")
    print(write_template(sys.argv[1]))
