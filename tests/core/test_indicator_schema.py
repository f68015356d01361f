"""docs/indicator-set.schema.json stays true to what the program writes (checked with a small subset validator:
the project has no jsonschema dependency, and the keywords the schema uses are few)."""
import json
import re
from pathlib import Path

import pytest

from desktop.core.indicator_parse import bundled_sets, parse_set
from tests.core.indicator_samples import complete_sample, sample

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "indicator-set.schema.json").read_text("utf-8"))
TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "null": type(None)}


def errors(value, schema, path="$") -> list[str]:
    if "$ref" in schema:
        schema = {**SCHEMA["$defs"][schema["$ref"].split("/")[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    out = []
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(isinstance(value, TYPES[k]) and not (isinstance(value, bool) and k != "boolean") for k in kinds):
            return [f"{path}: not {kinds}"]
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: != {schema['const']}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        out.append(f"{path}: pattern")
    if "minLength" in schema and len(value) < schema["minLength"]:
        out.append(f"{path}: too short")
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: below minimum")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            out += [f"{path}: extra {k}" for k in value if k not in props]
        for k, v in value.items():
            if k in props:
                out += errors(v, props[k], f"{path}.{k}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(f"{path}: too few items")
        for i, v in enumerate(value):
            if "items" in schema:
                out += errors(v, schema["items"], f"{path}[{i}]")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not errors(value, s, path)]
        if len(matching) != 1:
            out.append(f"{path}: matches {len(matching)} of oneOf")
    return out


@pytest.mark.parametrize("make", [lambda: bundled_sets()[0], lambda: parse_set(sample(), "t"),
                                  lambda: parse_set(complete_sample(), "t")])
def test_canonical_sets_follow_the_schema(make):
    assert errors(make().to_dict(), SCHEMA) == []


def test_the_checker_can_fail():
    d = bundled_sets()[0].to_dict()
    d["groups"][0]["criteria"][0]["answer"] = {"kind": "condition", "points_yes": 3}
    d["status"] = "final"
    assert errors(d, SCHEMA) == ["$.status: not in enum",
                                 "$.groups[0].criteria[0].answer: matches 0 of oneOf"]
