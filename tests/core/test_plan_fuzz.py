"""Hostile or broken plan packs — JSON and spreadsheets — never crash: only ValidationError/UserError."""
import copy
import json

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import UserError
from desktop.core.plan_xlsx import build_workbook, import_xlsx
from desktop.core.plan_parse import bundled_packs, parse_pack
from tests.helpers.fuzz import (FAST, SLOW, all_paths, corrupted, import_refuses_cleanly, json_tree, set_path,
                                workbook_bytes)

# The Ninh Bình pack has targets, tasks and every report rhythm: the richest shape to mutate.
PACK = max(bundled_packs(), key=lambda p: len(p.targets) + len(p.tasks) + len(p.reports))
SAMPLE = PACK.to_dict()

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=12),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from(["Thường xuyên", "month", "20", "31/02/2026", "2026-13-01", "THCS", "2.4.3", ""]))
json_values = json_tree(scalars)
ALL_PATHS = list(all_paths(SAMPLE))


@FAST
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), json_values), min_size=1, max_size=3))
def test_mutated_pack_json_never_crashes(mutations):
    d = copy.deepcopy(SAMPLE)
    for path, value in mutations:
        set_path(d, path, copy.deepcopy(value))
    try:
        pack = parse_pack(d, "fuzz.json")
    except UserError:
        return
    json.dumps(pack.to_dict(), default=str)  # whatever parses is representable


@FAST
@given(json_values)
def test_arbitrary_json_document_never_crashes(value):
    try:
        parse_pack(value, "fuzz.json")
    except UserError:
        pass


cells = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
                  st.sampled_from(["Thường xuyên", "Theo kế hoạch của Bộ", "Tháng", "Quý", "Năm", "Khác", "20/12",
                                   "31/02/2026", "THCS, TH", "2.4.3; 9.9", "100%", "x"]))
SHEETS = build_workbook(PACK).sheetnames


@SLOW
@given(st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 25), st.integers(1, 12), cells), min_size=1, max_size=6))
def test_mutated_spreadsheet_never_crashes(tmp_path_factory, edits):
    wb = build_workbook(PACK)
    for sheet, row, col, value in edits:
        wb[sheet].cell(row, col).value = value
    path = tmp_path_factory.mktemp("fz") / "p.xlsx"
    wb.save(path)
    import_refuses_cleanly(import_xlsx, path)


GOOD = workbook_bytes(build_workbook(PACK))


@SLOW
@given(st.integers(0, len(GOOD) - 1), st.binary(min_size=1, max_size=64), st.booleans())
def test_corrupted_bytes_never_crash(tmp_path_factory, offset, junk, truncate):
    path = tmp_path_factory.mktemp("fz") / "c.xlsx"
    path.write_bytes(corrupted(GOOD, offset, junk, truncate))
    import_refuses_cleanly(import_xlsx, path)
