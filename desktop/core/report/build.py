"""build_report_data: read the store once and return the ReportData of a report kind and period.

Scoring is the scoring engine's (score_assessment); the checklist is the plan store's `freeze`. This module
only gathers, numbers the evidence (MC01, MC02…) and applies the report's own editable fields.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from desktop.core.bands import to_decimal, vn_number
from desktop.core.errors import UserError, nfc
from desktop.core.periods import EXAMPLES, REPORT_KINDS, Period, period_kind
from desktop.core.periods import today as today_of
from desktop.core.plans import Target
from desktop.core.preschool import no_self_assessment_report, preschool_only
from desktop.core.report.data import (
    Assessment,
    CriterionRow,
    EvidenceRow,
    GroupRow,
    IndicatorInfo,
    ItemRow,
    MandatoryRow,
    PlanRef,
    ReportData,
    SchoolInfo,
    Signer,
    TaskRow,
)
from desktop.core.report.period_build import PERIOD_KINDS, computed_figure, figure, period_content
from desktop.core.report.period_cite import citation, doc_kind, in_force
from desktop.core.report.previous_year import previous_year
from desktop.core.report.row_terms import printed, school_rows
from desktop.core.school_plan.tracking import tracked_packs
from desktop.core.store import Store, lists
from desktop.core.store import evidence as ev
from desktop.core.store import profile as prof
from desktop.core.store import reports as rep
from desktop.core.store.assessments import dump_value, get_answers, get_notes, score_assessment, self_assessment
from desktop.core.store.checklist import freeze


def default_subject(kind: str, period: Period) -> str:
    if kind == "self-assessment":
        return f"Tự đánh giá mức độ chuyển đổi số {period.label}"
    return f"Kết quả thực hiện kế hoạch chuyển đổi số {period.label}"


def answer_text(item, value) -> str:
    """The answer as the report prints it; "" for a points answer (the points have their own column)."""
    if value is None or item.answer.kind == "points":
        return ""
    if isinstance(value, bool):
        return ("Đạt" if value else "Chưa đạt") if item.answer.kind == "condition" else ("Có" if value else "Không")
    if isinstance(value, str):
        return next((c.label for c in item.answer.choices if c.code == value), value)
    d = to_decimal(value)
    return vn_number(d) + ("%" if item.answer.kind == "percent_bands" else "")


def measure(store: Store, iset, item) -> str:
    """A share item's count from the school's staff/room list ("14/14 = 100%"); "" without a list."""
    if item.answer.suggest != "share_percent":
        return ""
    sh = lists.share(store, iset, item.code)
    return f"{sh.counted}/{sh.total} = {vn_number(sh.percent)}%" if sh.total else ""


def _school(store: Store) -> prof.School:
    school = prof.get_school(store)
    if not school:
        raise UserError("Chưa nhập thông tin nhà trường (trang «Hồ sơ nhà trường»). Hãy nhập trước khi lập báo cáo.")
    return school


def _default_signer(store: Store) -> Signer:
    principal = prof.list_people(store, "principal")
    return Signer(name=principal[0]["full_name"] if principal else "", position="", authority="HIỆU TRƯỞNG")


def _default_recipients(school: prof.School) -> tuple[str, ...]:
    body = school.managing_body or "Cơ quan quản lý"
    return (f"{body} (để báo cáo)", "Lưu: VT, CĐS")


class _EvidenceIndex:
    """Numbers evidence in order of first use: MC01, MC02…"""

    def __init__(self):
        self.rows: dict[int, EvidenceRow] = {}

    def refs(self, rows: list[dict]) -> tuple[str, ...]:
        out = []
        for r in rows:
            if r["id"] not in self.rows:
                self.rows[r["id"]] = EvidenceRow(
                    ref=f"MC{len(self.rows) + 1:02d}",
                    title=nfc(r["title"]),
                    kind=r["kind"],
                    sha256=r.get("sha256"),
                    size=r.get("size"),
                    url=r.get("url"),
                    original_name=r.get("original_name"),
                )
            out.append(self.rows[r["id"]].ref)
        return tuple(out)


def _assessment(store: Store, idx: _EvidenceIndex, year_id: int) -> Assessment | None:
    a = self_assessment(store, year_id)  # only on a set that applies to the school's current levels (issue 19)
    if a is None:
        return None
    iset, result = score_assessment(store, a["id"])
    answers, notes = get_answers(store, a["id"]), get_notes(store, a["id"])
    items = []
    for it in iset.items():
        s = result.items[it.code]
        value = answers.get(it.code)
        items.append(
            ItemRow(
                code=it.code,
                text=nfc(it.text),
                group_code=it.group_code,
                criterion_code=it.criterion_code,
                mandatory=it.mandatory,
                answer_json=dump_value(value),
                answer_text=answer_text(it, value),
                points=s.points,
                max=s.max,
                state=s.state,
                evidence=idx.refs(ev.for_item(store, a["id"], it.code)),
                note=nfc(notes.get(it.code, "")),
                verified=it.verified,
                measure=measure(store, iset, it),
            )
        )
    criteria, mandatory = [], []
    for g in iset.groups:
        for c in g.criteria:
            cs = result.criteria[c.code]
            criteria.append(
                CriterionRow(
                    code=c.code,
                    text=nfc(c.text or (c.items[0].text if c.items else "")),
                    group_code=g.code,
                    mandatory=c.mandatory,
                    total=cs.total,
                    max=cs.max,
                    level=cs.level,
                    verified=c.verified,
                )
            )
    for code, met in result.mandatory.items():
        try:
            text = iset.item(code).text
        except KeyError:
            text = iset.criterion(code).text
        mandatory.append(MandatoryRow(code=code, text=nfc(text), met=met))
    groups = tuple(
        GroupRow(
            code=g.code,
            name=nfc(g.name),
            total=result.groups[g.code].total,
            max=result.groups[g.code].max,
            known_max=result.groups[g.code].known_max,
            level=result.groups[g.code].level,
            level_label=result.groups[g.code].level_label,
            mandatory_met=result.groups[g.code].mandatory_met,
            capped=result.groups[g.code].capped,
            unmet=tuple(result.groups[g.code].unmet),
        )
        for g in iset.groups
    )
    basis = iset.legal_basis if isinstance(iset.legal_basis, dict) else {}
    legal = f"Quyết định số {basis['number']}" if basis.get("number") else ""
    if basis.get("date"):
        legal += f" ngày {date.fromisoformat(basis['date']).strftime('%d/%m/%Y')}"
    if basis.get("issuer"):
        legal += f" của {basis['issuer']}"
    return Assessment(
        indicators=IndicatorInfo(
            set_id=iset.set_id, version=iset.version, title=nfc(iset.title), status=iset.status, legal_basis=nfc(legal)
        ),
        items=tuple(items),
        criteria=tuple(criteria),
        groups=groups,
        mandatory=tuple(mandatory),
        overall_level=result.overall_level,
        overall_label=nfc(result.overall_label),
        overall_rule_note=nfc(result.overall_rule_note),
        notes=tuple(nfc(n) for n in result.notes),
        previous=previous_year(store, a["id"]),
    )


def _plans(
    store: Store, year_id: int, the_period: Period, idx: _EvidenceIndex
) -> tuple[tuple, tuple, list, dict, tuple[str, ...]]:
    """The followed plan packs in force in the period (issue 20: a period is reported only against the plans in
    force in it), the checklist frozen for the period, the packs, the frozen rows by (pack, row) and the
    citations of the followed plans left out."""
    period = str(the_period)
    followed = tracked_packs(store, year_id)  # and the school's own plan (issue 24), tracked like a province's
    packs = [p for p in followed if in_force(p.life, the_period)]
    cite = {p.pack_id: citation(p.doc_number or "", p.doc_date or "", p.issuer or "", p.title) for p in followed}
    refs = tuple(
        PlanRef(
            pack_id=p.pack_id,
            version=str(p.version),
            title=nfc(p.title),
            issuer=nfc(p.issuer or ""),
            doc_number=nfc(p.doc_number or ""),
            doc_date=p.doc_date or "",
            kind=doc_kind(p.doc_number or "", p.title),
            citation=nfc(cite[p.pack_id]),
        )
        for p in packs
    )
    left_out = tuple(nfc(cite[p.pack_id]) for p in followed if p not in packs)
    by_id = {p.pack_id: p for p in packs}
    day = today_of(store)
    own = school_rows(store, year_id)
    rows, raw = [], {}
    for r in freeze(store, year_id, period):
        g = r.get
        pack_id, task_id = str(g("pack_id")), str(g("task_id"))
        if pack_id not in by_id:
            continue
        raw[(pack_id, task_id)] = r
        links = ev.for_task(store, pack_id, task_id, period)
        # what Sổ CĐS suggested is printed neither as the province's requirement (issue 19) nor as the school's
        # text (issue 20) until the school's plan adopts it (report/row_terms.py)
        is_target = g("row_kind") == "target"
        product = printed(r, "product", own)
        actual, source = "", ""
        if is_target:  # the plan's figure and the school's own, never the plan's twice (issue 20)
            row = by_id[pack_id].row(task_id)
            computed = computed_figure(store, row, day) if isinstance(row, Target) else ""
            actual, source = figure(r, computed)
        rows.append(
            TaskRow(
                pack_id=pack_id,
                task_id=task_id,
                section=nfc(str(g("section") or "")),
                text=nfc(str(g("text") or "")),
                product=actual if is_target else product,
                deadline=printed(r, "deadline", own),
                status=str(g("status") or "todo"),
                progress=int(g("progress") or 0),
                completed_on=g("completed_on"),
                responsible=nfc(str(g("responsible") or "")),
                na_reason=nfc(str(g("na_reason") or "")),
                note=nfc(str(g("note") or "")),
                evidence=idx.refs(links),
                indicator_links=tuple(str(x) for x in (g("indicator_links") or ())),
                row_kind=str(g("row_kind") or "task"),
                target=product if is_target else "",
                actual=nfc(actual),
                actual_source=source,
                late_reason=nfc(str(g("late_reason") or "")),
            )
        )
    return refs, tuple(rows), packs, raw, left_out


def build_report_data(
    store: Store, kind: str, period: str | None = None, *, today: date | None = None, report_id: int | None = None
) -> ReportData:
    if kind not in REPORT_KINDS:
        raise UserError(f"Loại báo cáo «{kind}» không hợp lệ. Chọn một trong: {', '.join(REPORT_KINDS)}.")
    school = _school(store)
    year = prof.current_school_year(store)
    if not year:
        raise UserError("Chưa có năm học nào trong tệp dữ liệu. Hãy tạo năm học trước khi lập báo cáo.")
    if not period:
        period = year["label"] if kind == "self-assessment" else str(Period.of(kind, today or today_of(store)))
    try:
        the_period = Period.parse(period, kind)
    except ValueError:
        raise UserError(
            f"Kỳ báo cáo «{period.strip()[:40]}» không hợp lệ cho loại {kind}: ghi dạng {EXAMPLES[period_kind(kind)]}."
        ) from None
    period = str(the_period)
    if kind == "self-assessment" and period != year["label"]:  # an earlier school year's self-assessment
        other = list(store.db.query("SELECT * FROM school_years WHERE label = ?", [period]))
        if not other:
            raise UserError(f"Không có năm học «{period}» trong tệp dữ liệu (ghi dạng 2025-2026).")
        year = other[0]
    row = rep.get_report(store, report_id) if report_id else rep.latest(store, kind, period)
    fields = rep.fields_of(row)
    idx = _EvidenceIndex()
    assessment = _assessment(store, idx, year["id"]) if kind in ("self-assessment", "year") else None
    if kind == "self-assessment" and assessment is None and preschool_only(school.levels):
        raise UserError(no_self_assessment_report())  # never a QĐ 4725 self-assessment for a preschool
    if kind == "self-assessment" and assessment is None:
        raise UserError(f"Chưa có bản tự đánh giá cho năm học {year['label']}. Hãy trả lời các chỉ số trước.")
    plans, checklist, packs, raw, left_out = _plans(store, year["id"], the_period, idx)
    content = None
    if kind in PERIOD_KINDS:
        level = assessment.overall_label if assessment and assessment.overall_level is not None else ""
        content = period_content(store, year, the_period, packs, checklist, raw, idx.refs, fields, nfc(level), left_out)
    signer = _default_signer(store)
    signer = Signer(
        name=fields.get("signer_name", signer.name),
        position=fields.get("signer_position", ""),
        authority=fields.get("signer_authority", signer.authority),
    )
    return ReportData(
        kind=kind,
        period=period,
        school_year=year["label"],
        report_version=row["version"] if row else 1,
        status=row["status"] if row else "draft",
        school=SchoolInfo(
            name=school.name,
            code=school.code,
            levels=tuple(school.levels),
            address=school.address,
            commune=school.commune,
            province=school.province,
            phone=school.phone,
            email=school.email,
            doc_code=school.doc_code,
        ),
        managing_body=school.managing_body,
        managing_body_kind=school.managing_body_kind,
        doc_number=row["doc_number"] if row else "",
        doc_date=row["doc_date"] if row else None,
        place_name=fields.get("place_name") or school.place_name or school.commune,
        subject=fields.get("subject") or default_subject(kind, the_period),
        assessment=assessment,
        plans=plans,
        checklist=checklist,
        evidence=tuple(idx.rows.values()),
        difficulties=fields.get("difficulties", ""),
        proposals=fields.get("proposals", ""),
        recipients=tuple(fields["recipients"]) if fields.get("recipients") else _default_recipients(school),
        signer=signer,
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        period_content=content,
    )
