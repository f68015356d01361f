"""A Sở's corrected spreadsheet becomes a new version; last year's assessment still scores as it did."""
from decimal import Decimal as D

import openpyxl

from desktop.core.indicator_xlsx import S_GROUPS, S_INFO, S_ROWS, export_xlsx
from desktop.core.indicator_xlsx_import import import_xlsx
from desktop.core.store import profile as prof
from desktop.core.store.assessments import copy_to_version, create_assessment, score_assessment, set_answer
from desktop.core.store.indicator_store import ensure_bundled, get_set, install_set, list_sets


def test_corrected_workbook_new_version_old_assessment_untouched(store, tmp_path):
    ensure_bundled(store)
    old_year = prof.ensure_school_year(store, 2024, current=False)
    old = create_assessment(store, old_year, "qd4725-2022")
    for code, value in {"2.1": True, "2.2": True, "2.3.3": 10, "2.4.2": 12, "2.4.3": 10, "2.3.2": 6,
                        "2.3.1": 6, "2.3.8": 6}.items():
        set_answer(store, old, code, value)
    before = score_assessment(store, old)[1]
    assert before.groups["2"].total == 50 and before.groups["2"].level == 2

    path = tmp_path / "qd4725-sua.xlsx"
    export_xlsx(get_set(store, "qd4725-2022"), path)
    wb = openpyxl.load_workbook(path)
    wb[S_INFO]["B3"] = "2022.2"
    wb[S_INFO]["B5"] = "Chính thức"
    wb[S_GROUPS]["D3"] = None
    # made up for this test only: the real missing criterion is unknown
    wb[S_ROWS].append(["2", "Tiêu chí", "2.5", "Tiêu chí giả định (chỉ để kiểm thử)", "Biên bản", 10, "Có/Không", 10,
                       None, "Đã đối chiếu", "Dòng kiểm thử"])
    wb.save(path)
    corrected = import_xlsx(path)
    assert install_set(store, corrected, path.name)
    assert [(r["version"], r["status"]) for r in list_sets(store)] == [("2022.1", "incomplete"), ("2022.2", "official")]

    year = prof.ensure_school_year(store, 2025)
    new = create_assessment(store, year, "qd4725-2022")
    set_answer(store, new, "2.5", True)
    iset, r = score_assessment(store, new)
    assert iset.version == "2022.2" and r.groups["2"].total == 10 and r.groups["2"].known_max == 100
    assert r.notes == ("26 dòng của bộ chỉ số chưa được đối chiếu với văn bản chính thức.",)

    iset_old, after = score_assessment(store, old)
    assert iset_old.version == "2022.1" and after == before
    moved, skipped = copy_to_version(store, old, "2022.2")
    assert skipped == [] and score_assessment(store, moved)[1].groups["2"].total == D(50)
    assert score_assessment(store, old)[1] == before
