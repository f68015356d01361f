"""`socds score --indicators ID[@VERSION] --answers FILE.json [--json]`: score an answers file (docs/answers-format.md)."""
from __future__ import annotations

import json
from pathlib import Path

from desktop.core import answers_file
from desktop.core.bands import vn_number as vn
from desktop.core.errors import Location, UserError, ValidationError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.indicators import SET_STATUSES, IndicatorSet
from desktop.core.paths import default_db_path
from desktop.core.scoring import ScoreResult, score
from desktop.core.store import Store
from desktop.core.store.indicator_store import get_set
from desktop.core.store.library import parse_ref, version_key

def register(sub, common) -> None:
    p = sub.add_parser("score", parents=[common], help="tính điểm và mức từ một tệp câu trả lời (.json)")
    p.add_argument("--indicators", metavar="ID[@VERSION]",
                   help="bộ chỉ số (mặc định: bộ ghi trong tệp câu trả lời); không có @VERSION: phiên bản mới nhất")
    p.add_argument("--answers", metavar="FILE.json", required=True, help="tệp câu trả lời")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (mọi mục, nhóm, mức, việc nên làm)")
    p.set_defaults(func=run)


def resolve_set(db: str | None, set_id: str, version: str | None) -> IndicatorSet:
    """A bundled set, or one installed in the data file (--db, or the default file when it exists)."""
    path = Path(db) if db else default_db_path()
    if path.exists():
        with Store.open(path, lock=False, create=False) as store:
            try:
                return get_set(store, set_id, version)
            except UserError:
                pass
    candidates = sorted((s for s in bundled_sets() if s.set_id == set_id and version in (None, s.version)),
                        key=lambda s: version_key(s.version))
    if not candidates:
        what = f"{set_id} phiên bản {version}" if version else set_id
        raise UserError(f"Chưa cài bộ chỉ số {what}. Nạp tệp bộ chỉ số bằng «socds indicators import TỆP.xlsx --db …».")
    return candidates[-1]


def run(args) -> int:
    path = Path(args.answers)
    data = answers_file.read(path)
    set_id, version = parse_ref(args.indicators) if args.indicators else (data.get("indicators"), None)
    if not set_id:
        raise UserError("Chưa rõ bộ chỉ số: ghi «indicators» trong tệp câu trả lời hoặc dùng --indicators ID[@VERSION].")
    if data.get("indicators") and data["indicators"] != set_id:
        raise UserError(f"Tệp câu trả lời dành cho bộ chỉ số «{data['indicators']}», không phải «{set_id}».")
    version = version or data.get("version")
    iset = resolve_set(args.db, set_id, version)
    try:
        result = score(iset, data["answers"])
    except ValidationError as err:
        raise ValidationError([(Location(file=path.name, path=loc.path if loc else None), msg)
                               for loc, msg in err.problems], title="Tệp câu trả lời có lỗi") from None
    if args.json:
        out = {"set": {"id": iset.set_id, "version": iset.version, "status": iset.status, "title": iset.title},
               **result.to_dict()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(summary(iset, result))
    return 0


def summary(iset: IndicatorSet, r: ScoreResult, steps: int = 5) -> str:
    lines = [f"Bộ chỉ số: {iset.title}", f"  {iset.set_id} phiên bản {iset.version} ({SET_STATUSES[iset.status]}), "
             f"căn cứ {iset.legal_basis.get('number', '')}"]
    for g in iset.groups:
        gs = r.groups[g.code]
        known = f", đã xác định {vn(gs.known_max)}" if gs.known_max != gs.max else ""
        lines.append(f"Nhóm {g.code} — {g.name}: {vn(gs.total)}/{vn(gs.max)} điểm{known} → {gs.level_label}")
        conds = [f"{c} {'đạt' if r.mandatory[c] else 'chưa đạt' if r.mandatory[c] is False else 'chưa trả lời'}"
                 for c in r.mandatory if iset.item(c).group_code == g.code]
        if conds:
            lines.append("  Điều kiện bắt buộc: " + ", ".join(conds))
        lines.append(f"  Tối đa còn có thể đạt (trả lời nốt các mục còn trống): {vn(r.max_reachable[g.code])} điểm")
        for c in g.criteria:
            cs = r.criteria[c.code]
            if cs.level is not None:
                lines.append(f"  Tiêu chí {c.code}: {vn(cs.total)}/{vn(cs.max)} điểm → {iset.settings.level_label(cs.level)}")
    lines.append(f"Mức chung của nhà trường: {r.overall_label}")
    if r.overall_rule_note:
        lines.append(f"  ({r.overall_rule_note})")
    if r.notes:
        lines.append("Lưu ý:")
        lines.extend(f"  - {n}" for n in r.notes)
    if r.next_steps:
        lines.append(f"Việc nên làm tiếp ({min(steps, len(r.next_steps))}/{len(r.next_steps)} việc, xếp theo mức mở ra "
                     "và số điểm thêm; xem tất cả bằng --json):")
        lines.extend(f"  {i}. {s.text}" for i, s in enumerate(r.next_steps[:steps], start=1))
    return "\n".join(lines)
