"""What the dashboard and the walk-through show besides the score: evidence per item and the warnings
(unverified indicator rows in use, points claimed without evidence). Qt-free, so it is tested headless."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.bands import vn_number
from desktop.core.indicators import IndicatorSet
from desktop.core.scoring import ScoreResult
from desktop.core.store.db import Store


@dataclass(frozen=True)
class Warning:
    """Something on the dashboard worth checking: an unverified row or an item without evidence."""

    kind: str  # "unverified" | "no_evidence"
    item_code: str
    text: str


def evidence_counts(store: Store, assessment_id: int) -> dict[str, int]:
    """Live (not removed) evidence per item code of one assessment. An empty file (0 bytes, kept from before such
    files were refused) is no evidence and does not count."""
    return {
        r[0]: r[1]
        for r in store.db.execute(
            "SELECT l.item_code, COUNT(DISTINCT e.id) FROM evidence_links l JOIN evidence e ON e.id = l.evidence_id "
            "WHERE l.assessment_id = ? AND l.item_code IS NOT NULL AND l.removed_at IS NULL AND e.removed_at IS NULL "
            "AND NOT (e.kind = 'file' AND COALESCE(e.size, 0) = 0) "
            "GROUP BY l.item_code",
            (assessment_id,),
        )
    }


def item_state(iset: IndicatorSet, result: ScoreResult, counts: dict[str, int], code: str) -> str:
    """unanswered | answered | no_evidence | mandatory_unmet — the walk-through's state icon."""
    s = result.items[code]
    item = iset.item(code)
    if item.mandatory and s.state == "unmet":
        return "mandatory_unmet"
    if not s.answered:
        return "unanswered"
    if (s.points > 0 or (item.mandatory and s.state == "met")) and not counts.get(code):
        return "no_evidence"
    return "answered"


def warnings(iset: IndicatorSet, result: ScoreResult, counts: dict[str, int]) -> list[Warning]:
    """Points claimed without evidence (one per item), then one line for the unverified rows in use."""
    out: list[Warning] = []
    unverified = []
    for item in iset.items():
        s = result.items[item.code]
        if s.answered and not item.verified:
            unverified.append(item.code)
        if s.points > 0 and not counts.get(item.code):
            out.append(
                Warning(
                    "no_evidence",
                    item.code,
                    f"Mục {item.code} được {vn_number(s.points)} điểm nhưng chưa có minh chứng.",
                )
            )
    if unverified:
        out.append(
            Warning(
                "unverified",
                unverified[0],
                f"{len(unverified)} mục đã trả lời đang dùng nội dung chưa đối chiếu văn bản chính thức: "
                f"{', '.join(unverified)}. Kiểm tra lại khi có văn bản chính thức.",
            )
        )
    return out


def answered_count(result: ScoreResult) -> tuple[int, int]:
    return sum(1 for s in result.items.values() if s.answered), len(result.items)
