"""Plan packs: the five bundled packs validate and match docs/plan-packs.md; the parser's failure paths."""
import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest

from desktop.core.deadlines import Deadline, deadline_from, parse_deadline_text
from desktop.core.errors import ValidationError
from desktop.core.paths import resource
from desktop.core.plans import dumps
from desktop.core.plan_parse import bundled_packs, load_file, parse_pack

ROOT = Path(__file__).resolve().parents[2]


def test_five_packs_validate_and_round_trip():
    packs = bundled_packs()
    assert len(packs) == 5
    for f in sorted(resource("plans").glob("*.json")):
        pack = load_file(f)
        # the file is in canonical form: parsing and dumping gives the same text back
        assert dumps(pack) == f.read_text(encoding="utf-8")
        assert pack.tasks and pack.issuer and pack.doc_number and pack.receiver
        for row in (*pack.targets, *pack.tasks, *pack.reports):
            assert row.source_section


def test_docs_counts_match_files():
    text = (ROOT / "docs" / "plan-packs.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.json)` \| `([^`]+)` \| (\d+) \| (\d+) \| (\d+) \|$", text, re.M)
    files = sorted(p.name for p in resource("plans").glob("*.json"))
    assert sorted(r[0] for r in rows) == files
    for name, pack_id, n_targets, n_tasks, n_reports in rows:
        pack = load_file(resource("plans", name))
        assert (pack.pack_id, len(pack.targets), len(pack.tasks), len(pack.reports)) == \
               (pack_id, int(n_targets), int(n_tasks), int(n_reports)), name
        # the pack's own section of the document agrees too (its "Total" line)
        section = text.split(f"\n## {name[:3]} ")[1].split("\n## ")[0]
        assert re.search(rf"\| Total \| {n_targets} targets, {n_tasks} tasks, {n_reports} reports?\b", section), name


def test_key_indicator_links_and_rhythms():
    by_id = {p.pack_id: p for p in bundled_packs()}
    nb = by_id["ninhbinh-27-kh-sgddt-2025"]
    assert [r.schedule.label for r in nb.reports] == [
        "Hằng tháng, trước ngày 20", "Hằng quý, trước ngày 20 tháng cuối quý", "Hằng năm, trước ngày 10/12"]
    assert nb.doc_number == "27/KH-SGDĐT" and nb.doc_date == "2025-09-19"
    dn = by_id["dongnai-kh-cntt-cds-2026"]
    # the garbled 15/6 sentence is a dated report of its own kind, not "the 2026 yearly report" (issue 19)
    assert [(r.schedule.kind, r.report_kind) for r in dn.reports] == [
        ("date", "other"), ("on_request", "other"), ("on_event", "other")]
    assert dn.reports[0].schedule.date == date(2026, 6, 15)
    links = {code for p in by_id.values() for r in (*p.targets, *p.tasks) for code in r.indicator_links}
    assert {"2.4.3", "2.3.3", "1.2", "2.2", "2.1", "2.4.1"} <= links
    tt = by_id["tuetinh-cv-cds-2026"]
    assert tt.levels == ("MN", "TH", "THCS") and tt.row("NV-1").indicator_links == ("2.2",)
    # no signing official's name is carried into the packs
    blob = "".join(dumps(p) for p in by_id.values())
    for name in ("Huỳnh Phương Vũ", "Phạm Hồng Thắng", "Nguyễn Văn Thiện", "Phan Thanh Hải", "Nguyễn Tiên Dũng"):
        assert name not in blob


@pytest.mark.parametrize("text,kind", [
    ("10/10/2025", "date"), ("Tháng 12/2025", "month"), ("Hằng tháng, trước ngày 20", "monthly"),
    ("Hằng quý, trước ngày 20 tháng cuối quý", "quarterly"), ("Hằng năm, trước ngày 10/12", "yearly"),
    ("Thường xuyên", "ongoing"), ("Theo kế hoạch của Bộ", "ministry_plan"), ("Khi có yêu cầu", "on_request"),
    ("Khi phát sinh", "on_event"), ("", "none"), ("Từ đầu năm học 2025-2026", "other")])
def test_deadline_text_round_trip(text, kind):
    d = parse_deadline_text(text)
    assert d.kind == kind
    assert parse_deadline_text(d.label) == d == deadline_from(d.to_dict())


@pytest.mark.parametrize("text", ["31/02/2026", "Tháng 13/2025", "Hằng tháng trước 20", "Hằng tháng, trước ngày 31",
                                  "Hằng năm, trước ngày 30/2", "2026-05-31"])
def test_bad_deadline_text(text):
    with pytest.raises(ValueError):
        parse_deadline_text(text)


def _pack():
    return json.loads(resource("plans", "002-tuetinh-cv-cds-2026.json").read_text(encoding="utf-8"))


def test_parse_errors_are_collected_and_located():
    data = _pack()
    data["levels"] = ["THCS", "ĐH"]
    data["tasks"][1]["task_id"] = data["tasks"][0]["task_id"]
    data["tasks"][2]["deadline"] = {"kind": "date", "date": "2026-02-30"}
    data["tasks"][3]["indicator_links"] = ["9.9.9"]
    data["tasks"][4]["colour"] = "red"
    data["reports"][0]["schedule"] = {"kind": "ongoing"}
    del data["issuer"]
    with pytest.raises(ValidationError) as ei:
        parse_pack(data, "x.json")
    msgs = [f"{loc}: {m}" for loc, m in ei.value.problems]
    joined = "\n".join(msgs)
    assert len(msgs) == 8, joined
    assert "cấp học" in joined and "bị lặp" in joined and "9.9.9" in joined and "colour" in joined
    # the reason given for a link the row no longer has is reported too
    assert "NV-3.2 / link_reasons: «2.3.8» không phải mã chỉ số liên quan của dòng" in joined
    assert "nhiệm vụ NV-3.1 / deadline" and "báo cáo BC-1 / schedule" in joined and "thiếu «issuer»" in joined


def test_parse_rejects_wrong_format_and_bad_value():
    data = _pack()
    data["format"] = "something"
    with pytest.raises(ValidationError, match="format"):
        parse_pack(data)
    data = json.loads(resource("plans", "004-ninhbinh-27-kh-sgddt-2025.json").read_text(encoding="utf-8"))
    data["targets"][0]["value"] = "nhiều"
    data["reports"][0]["report_kind"] = "quarter"
    with pytest.raises(ValidationError) as ei:
        parse_pack(data)
    assert len(ei.value.problems) == 2
    with pytest.raises(ValidationError):
        parse_pack([1, 2])


def test_canonical_is_stable_under_copy():
    p = bundled_packs()[1]
    again = parse_pack(copy.deepcopy(p.raw), "copy")
    assert again == p and again.raw == p.raw
    assert Deadline("none").label == ""


def test_schema_names_the_same_fields_as_the_parser():
    from desktop.core.plans import PACK_KEYS, REPORT_KEYS, TARGET_KEYS, TASK_KEYS
    schema = json.loads((ROOT / "docs" / "plan-pack.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == PACK_KEYS
    for name, keys in (("target", TARGET_KEYS), ("task", TASK_KEYS), ("report", REPORT_KEYS)):
        assert set(schema["$defs"][name]["properties"]) == keys
    kinds = set()
    for alt in schema["$defs"]["deadline"]["oneOf"]:
        k = alt["properties"]["kind"]
        kinds |= {k["const"]} if "const" in k else set(k["enum"])
    from desktop.core.deadlines import DEADLINE_KINDS
    assert kinds == set(DEADLINE_KINDS)


def test_pack_province_matching():
    from desktop.core.plans import of_province

    assert of_province("Sở Giáo dục và Đào tạo tỉnh Ninh Bình", "tỉnh Ninh Bình")
    assert of_province("Ủy ban nhân dân xã Tuệ Tĩnh (thành phố Hải Phòng)", "TP. Hải Phòng")
    assert of_province("Ủy ban nhân dân xã Tuệ Tĩnh (thành phố Hải Phòng)", "Hải  Phòng")
    assert not of_province("Sở Giáo dục và Đào tạo tỉnh Ninh Bình", "Lào Cai")
    assert not of_province("Sở Giáo dục và Đào tạo tỉnh Ninh Bình", "")


def test_import_file_validates_whole_then_installs(store, tmp_path):
    from desktop.core.errors import UserError
    from desktop.core.plan_xlsx import export_xlsx
    from desktop.core.store.plan_store import ensure_bundled, get_pack, import_file, list_packs

    ensure_bundled(store)
    x = export_xlsx(get_pack(store, "tayninh-cv-2026"), tmp_path / "tn.xlsx")
    assert import_file(store, x)[1] is False          # the same content: nothing new
    bad = tmp_path / "kh.pdf"
    bad.write_bytes(b"%PDF")
    before = len(list_packs(store))
    with pytest.raises(UserError, match="phải là bảng tính .xlsx"):
        import_file(store, bad)
    assert len(list_packs(store)) == before


def test_bundled_packs_validate_against_the_documented_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "plan-pack.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for f in sorted(resource("plans").glob("*.json")):
        errors = [e.message for e in validator.iter_errors(json.loads(f.read_text(encoding="utf-8")))]
        assert errors == [], f.name
    bad = json.loads(resource("plans", "004-ninhbinh-27-kh-sgddt-2025.json").read_text(encoding="utf-8"))
    bad["tasks"][0]["inferred"] = {"text": "the document's own words are never a suggestion"}
    assert list(validator.iter_errors(bad))


def test_row_primary_and_folded_agree_with_the_rows():
    """PlanPack.row/primary/folded answer from indexes built once (the checklist asks for every row): the answers
    are those of a plain scan of the pack's rows, for every row of every bundled pack."""
    from desktop.core.plans import row_id_of

    seen_folded = 0
    for pack in bundled_packs():
        rows = pack.rows()
        ids = [row_id_of(r) for r in rows]

        def scan_row(rid):
            return next((r for r in rows if row_id_of(r) == rid), None)

        def scan_primary(rid):
            r = scan_row(rid)
            return r.same_as[0] if r is not None and r.same_as and scan_row(r.same_as[0]) else rid

        for rid in [*ids, "no-such-row"]:
            assert pack.row(rid) is scan_row(rid)
            assert pack.primary(rid) == scan_primary(rid)
            want = tuple(x for x in ids if x != rid and scan_primary(x) == rid)
            assert pack.folded(rid) == want, (pack.pack_id, rid)
            seen_folded += bool(want)
    assert seen_folded  # the bundled packs do fold rows (same_as): the check above is not vacuous
