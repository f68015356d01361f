"""The report data file: valid against its documented schema, exact, and re-scores to the same totals."""
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from desktop.cli import main
from desktop.core.errors import ValidationError
from desktop.core.report.build import build_report_data
from desktop.core.report.datafile import DATAFILE_SCHEMA, read_datafile, render_json, validate
from desktop.core.store import Store
from tests.core.report_fixture import prepared_db

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def rd(demo_db, tmp_path_factory):
    with Store.open(prepared_db(demo_db, tmp_path_factory.mktemp("df"))) as store:
        return build_report_data(store, "self-assessment")


def test_committed_schema_is_the_generated_one():
    assert json.loads((DOCS / "report-datafile.schema.json").read_text("utf-8")) == DATAFILE_SCHEMA
    doc = (DOCS / "report-datafile.md").read_text("utf-8")
    for key in DATAFILE_SCHEMA["$defs"]["ReportData"]["properties"]:
        assert f"`{key}`" in doc or f"`{key}[]`" in doc, key


def test_valid_and_exact_round_trip(rd):
    raw = render_json(rd)
    data = json.loads(raw, parse_float=Decimal)
    assert validate(data, DATAFILE_SCHEMA) == []
    # the reference implementation agrees: the schema is valid draft 2020-12 and the data file follows it
    jsonschema.validators.validator_for(DATAFILE_SCHEMA)(DATAFILE_SCHEMA).validate(data)
    assert read_datafile(raw, "r.json") == rd
    assert data["answers"]["answers"]["1.6.2"] == Decimal("5.5")
    assert data["evidence_sha256"] == {e.ref: e.sha256 for e in rd.evidence if e.sha256}


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d["report"]["assessment"]["groups"][0].__setitem__("total", 61.5), "$.report.assessment.groups[0].total"),
    (lambda d: d["report"].__setitem__("kind", "weekly"), "$.report.kind"),
    (lambda d: d["evidence_sha256"].__setitem__("MC09", "xyz"), "$.evidence_sha256.MC09"),
    (lambda d: d.__setitem__("extra", 1), "extra"),
    (lambda d: d["report"]["school"].pop("name"), "thiếu «name»"),
])
def test_bad_files_are_refused_with_the_place(rd, mutate, where):
    data = json.loads(render_json(rd))
    mutate(data)
    with pytest.raises(ValidationError) as err:
        read_datafile(json.dumps(data, ensure_ascii=False).encode(), "bao-cao.json")
    assert where in str(err.value) and "bao-cao.json" in str(err.value)
    with pytest.raises(ValidationError, match="JSON"):
        read_datafile(b"\xff\xfe", "bao-cao.json")


def test_rescores_to_the_same_totals_with_socds_score(rd, tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(json.loads(render_json(rd))["answers"], ensure_ascii=False), "utf-8")
    assert main(["score", "--answers", str(answers), "--json", "--db", str(tmp_path / "none.db")]) == 0
    out = json.loads(capsys.readouterr().out, parse_float=Decimal)
    for g in rd.assessment.groups:
        assert Decimal(str(out["groups"][g.code]["total"])) == g.total
        assert out["groups"][g.code]["level"] == g.level
    assert out["overall_label"] == rd.assessment.overall_label
    assert {c: Decimal(str(v["points"])) for c, v in out["items"].items()} == {i.code: i.points for i in rd.assessment.items}
