"""Hostile or broken set files, spreadsheets and answers never crash: only ValidationError/UserError."""
import copy
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
from hypothesis import example, given
from hypothesis import strategies as st

from desktop.core.errors import UserError
from desktop.core.indicator_xlsx import S_GROUPS, S_INFO, S_ROWS, build_workbook
from desktop.core.indicator_xlsx_import import import_xlsx
from desktop.core.indicator_parse import parse_set
from desktop.core.scoring import score
from tests.core.indicator_samples import sample
from tests.helpers.fuzz import (FAST, SLOW, all_paths, corrupted, import_refuses_cleanly, json_tree, set_path,
                                workbook_bytes)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=12),
                    st.decimals(allow_nan=True, allow_infinity=True, places=None),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["points", "condition", "1.1", "<50: 1", ""]))
json_values = json_tree(scalars)
ALL_PATHS = list(all_paths(sample()))


@FAST
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), json_values), min_size=1, max_size=3))
@example([(("format_version",), Decimal("sNaN"))])  # found by CI: compared with 1, it raised InvalidOperation
def test_mutated_set_json_never_crashes(mutations):
    d = sample()
    for path, value in mutations:
        set_path(d, path, copy.deepcopy(value))  # False: an earlier mutation replaced a parent
    try:
        s = parse_set(d, "fuzz.json")
    except UserError:
        return
    json.dumps(s.to_dict())  # whatever parses is representable


@FAST
@given(json_values)
def test_arbitrary_json_document_never_crashes(value):
    try:
        parse_set(value, "fuzz.json")
    except UserError:
        pass


KINDS = parse_set(sample(), "t")
CODES = [i.code for i in KINDS.items()] + ["Z.1", ""]


@FAST
@given(st.dictionaries(st.sampled_from(CODES), json_values, max_size=8))
def test_arbitrary_answers_never_crash(answers):
    try:
        r = score(KINDS, answers)
    except UserError:
        return
    json.dumps(r.to_dict())
    assert all(isinstance(g.total, Decimal) and g.total <= g.known_max for g in r.groups.values())


cells = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
                  st.sampled_from(["Mục", "Tiêu chí", "Nhập điểm", "Theo tỉ lệ %", "<50: 0; >=50: 5", "A", "1",
                                   "Chính thức", "Chưa đầy đủ", "x: 1: nhãn", "31/12/2022"]))


@SLOW
@given(st.lists(st.tuples(st.sampled_from([S_INFO, S_GROUPS, S_ROWS]), st.integers(1, 14), st.integers(1, 12), cells),
                min_size=1, max_size=6))
def test_mutated_spreadsheet_never_crashes(tmp_path_factory, edits):
    wb = build_workbook(parse_set(sample(), "t").to_dict())
    for sheet, row, col, value in edits:
        wb[sheet].cell(row, col).value = value
    path = tmp_path_factory.mktemp("fz") / "f.xlsx"
    wb.save(path)
    import_refuses_cleanly(import_xlsx, path)


GOOD = workbook_bytes(build_workbook(parse_set(sample(), "t").to_dict()))


@SLOW
@given(st.integers(0, len(GOOD) - 1), st.binary(min_size=1, max_size=64), st.booleans())
def test_corrupted_bytes_never_crash(tmp_path_factory, offset, junk, truncate):
    path = tmp_path_factory.mktemp("fz") / "c.xlsx"
    path.write_bytes(corrupted(GOOD, offset, junk, truncate))
    import_refuses_cleanly(import_xlsx, path)


@SLOW
@given(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml", "xl/workbook.xml",
                        "xl/sharedStrings.xml", "[Content_Types].xml"]), st.binary(max_size=200))
def test_garbage_parts_never_crash(tmp_path_factory, part, junk):
    path = tmp_path_factory.mktemp("fz") / "g.xlsx"
    with zipfile.ZipFile(io.BytesIO(GOOD)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, junk if info.filename == part else zin.read(info))
    try:
        import_xlsx(path)
    except UserError:
        pass


def test_openpyxl_reads_our_template_cells():
    wb = openpyxl.load_workbook(io.BytesIO(GOOD), read_only=True)
    assert wb.sheetnames[:3] == [S_INFO, S_GROUPS, S_ROWS]
    wb.close()
