"""The compiled yes/no check of the data file schema (report.datafile.conforms) says yes exactly when the
validator finds no problem: fuzzed changes anywhere in a real data file, both ways checked."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import jsonin
from desktop.core.report.datafile import DATAFILE_SCHEMA, check_datafile, conforms, render_json, validate
from desktop.core.report.build import build_report_data
from desktop.core.store import Store
from tests.core.report_fixture import prepared_db
from tests.helpers.fuzz import FAST, all_paths, json_tree, set_path

OK = conforms(DATAFILE_SCHEMA)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10), st.decimals("-5", "100", places=2),
    st.sampled_from(["", "1.5", "-2", "1.", "abc", "self-assessment", "socds-report", "ab" * 32, "0" * 64]),
)


@pytest.fixture(scope="module")
def doc(demo_db, tmp_path_factory):
    with Store.open(prepared_db(demo_db, tmp_path_factory.mktemp("dfc"))) as store:
        return jsonin.loads(render_json(build_report_data(store, "self-assessment")))


def test_a_valid_file_conforms(doc):
    assert validate(doc, DATAFILE_SCHEMA) == [] and OK(doc) is True
    assert check_datafile(doc) is doc


@FAST
@given(data=st.data())
def test_the_check_agrees_with_the_validator(doc, data):
    d = copy.deepcopy(doc)
    paths = sorted(all_paths(d), key=repr)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        how = data.draw(st.sampled_from(["set", "drop", "add"]))
        if how == "set":
            set_path(d, path, data.draw(json_tree(SCALARS)))
        else:
            parent = d
            try:
                for key in path[:-1]:
                    parent = parent[key]
            except (KeyError, IndexError, TypeError):
                continue
            if how == "drop" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif how == "add" and isinstance(parent, dict):
                parent[data.draw(st.sampled_from(["extra", "name", "total", "code"]))] = data.draw(SCALARS)
    assert OK(d) == (validate(d, DATAFILE_SCHEMA) == [])


@pytest.mark.parametrize("path, value", [
    *((("report", "report_version"), v) for v in (True, 1.5, Decimal("1.5"), "2", None)),
    (("report", "data_version"), 2),                                   # maximum
    (("format_version"), 2),                                           # const
    (("report", "kind"), "weekly"),                                    # enum
    (("report", "assessment", "groups", 0, "total"), "61,5"),         # pattern
    (("report", "assessment", "groups", 0, "total"), Decimal("61.5")),
    (("report", "assessment", "items", 0, "mandatory"), 1),
    (("report", "doc_date"), 20260415),
    (("report", "assessment", "overall_level"), "3"),
    (("answers", "answers", "1.1"), None),
    (("answers", "answers", "1.1"), [True]),
])
def test_each_kind_of_rule_is_checked(doc, path, value):
    d = copy.deepcopy(doc)
    path = path if isinstance(path, tuple) else (path,)
    assert set_path(d, path, value)
    assert OK(d) is False and validate(d, DATAFILE_SCHEMA)
