"""Hostile or broken plan packs — JSON and spreadsheets — never crash: only ValidationError/UserError."""
import copy
import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.errors import UserError
from desktop.core.plan_xlsx import build_workbook, import_xlsx
from desktop.core.plans import bundled_packs, parse_pack

_N = int(os.environ.get("SOCDS_FUZZ_EXAMPLES", "0"))
FAST = settings(max_examples=_N or 60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=_N or 25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# The Ninh Bình pack has targets, tasks and every report rhythm: the richest shape to mutate.
PACK = max(bundled_packs(), key=lambda p: len(p.targets) + len(p.tasks) + len(p.reports))
SAMPLE = PACK.to_dict()

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=12),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from(["Thường xuyên", "month", "20", "31/02/2026", "2026-13-01", "THCS", "2.4.3", ""]))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=8)


def _paths(d, prefix=()):
    yield prefix
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from _paths(v, prefix + (i,))


ALL_PATHS = [p for p in _paths(SAMPLE) if p]


@FAST
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), json_values), min_size=1, max_size=3))
def test_mutated_pack_json_never_crashes(mutations):
    d = copy.deepcopy(SAMPLE)
    for path, value in mutations:
        target = d
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = copy.deepcopy(value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced a parent
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
    try:
        import_xlsx(path)
    except UserError:
        pass


def _good_bytes() -> bytes:
    buf = io.BytesIO()
    build_workbook(PACK).save(buf)
    return buf.getvalue()


GOOD = _good_bytes()


@SLOW
@given(st.integers(0, len(GOOD) - 1), st.binary(min_size=1, max_size=64), st.booleans())
def test_corrupted_bytes_never_crash(tmp_path_factory, offset, junk, truncate):
    data = GOOD[:offset] if truncate else GOOD[:offset] + junk + GOOD[offset + len(junk):]
    path = tmp_path_factory.mktemp("fz") / "c.xlsx"
    path.write_bytes(data)
    try:
        import_xlsx(path)
    except UserError:
        pass
