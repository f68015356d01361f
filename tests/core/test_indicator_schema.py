"""docs/indicator-set.schema.json stays true to what the program writes (checked with jsonschema)."""
import json
from pathlib import Path

import jsonschema
import pytest

from desktop.core.indicator_parse import bundled_sets, parse_set
from tests.core.indicator_samples import complete_sample, sample

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "indicator-set.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def errors(value) -> list[str]:
    return sorted(f"$.{'.'.join(map(str, e.absolute_path))}: {e.validator}" for e in VALIDATOR.iter_errors(value))


@pytest.mark.parametrize("make", [lambda: bundled_sets()[0], lambda: parse_set(sample(), "t"),
                                  lambda: parse_set(complete_sample(), "t")])
def test_canonical_sets_follow_the_schema(make):
    VALIDATOR.check_schema(SCHEMA)
    assert errors(make().to_dict()) == []


def test_the_checker_can_fail():
    d = bundled_sets()[0].to_dict()
    d["groups"][0]["criteria"][0]["answer"] = {"kind": "condition", "points_yes": 3}
    d["status"] = "final"
    assert errors(d) == ["$.groups.0.criteria.0.answer: oneOf", "$.status: enum"]
