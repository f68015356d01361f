"""`socds calendar [--today YYYY-MM-DD] [--days N] [--json]`: coming and overdue reports and deadlines."""
from __future__ import annotations

import json
from datetime import date

from desktop.core.errors import UserError
from desktop.core.periods import report_title
from desktop.core.periods import today as today_of
from desktop.core.plans import SUGGESTED
from desktop.core.schedule import KIND_LABELS, undated_reports
from desktop.core.store import Store
from desktop.core.store import profile as prof
from desktop.core.store.due import due_for_store
from desktop.core.store.plan_store import ensure_bundled, followed_packs


def register(sub, common) -> None:
    p = sub.add_parser("calendar", parents=[common], help="lịch báo cáo và các hạn sắp tới, quá hạn")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="tính từ ngày này (mặc định: hôm nay)")
    p.add_argument("--days", type=int, default=60, metavar="N", help="xem trước N ngày (mặc định 60)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=run)


def _today(text: str | None, store: Store) -> date:
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UserError(f"Ngày «{text}» không hợp lệ; ghi theo dạng YYYY-MM-DD, ví dụ 2026-04-15.") from None
    return today_of(store)


def run(args) -> int:
    if not 0 <= args.days <= 730:
        raise UserError("Số ngày xem trước phải từ 0 đến 730.")
    with Store.open(args.db) as store:
        ensure_bundled(store)
        today = _today(args.today, store)
        year = prof.current_school_year(store)
        packs = followed_packs(store, year["id"]) if year else []
        items = due_for_store(store, today, args.days)
    undated = undated_reports(packs)
    if args.json:
        print(json.dumps({"today": today.isoformat(), "packs": [p.ref for p in packs],
                          "items": [i.to_dict() for i in items],
                          "undated_reports": [{"pack_id": p.pack_id, "report_id": r.report_id, "text": r.text,
                                               "schedule": r.schedule.label, "to": r.to} for p, r in undated]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"Lịch tính từ ngày {today:%d/%m/%Y}, xem trước {args.days} ngày.")
    if not packs:
        print("Chưa theo dõi kế hoạch nào trong năm học hiện tại (chọn kế hoạch trong ứng dụng).")
    late = [i for i in items if i.overdue]
    if late:
        print(f"\nQUÁ HẠN ({len(late)}):")
        for i in late:
            print(_line(i))
    coming = [i for i in items if not i.overdue]
    print(f"\nSẮP TỚI ({len(coming)}):" if coming else "\nKhông có hạn nào sắp tới.")
    for i in coming:
        print(_line(i))
    if undated:
        print("\nBáo cáo không có lịch cố định:")
        for p, r in undated:
            to = (f"{r.to} ({SUGGESTED})" if "to" in dict(r.inferred) else r.to) if r.to else "(văn bản không ghi nơi nhận)"
            print(f"  - {r.text} — {r.schedule.label}; gửi {to} [{p.pack_id} {r.report_id}]")
            if r.note:
                print(f"    Ghi chú của Sổ CĐS: {r.note}")
    return 0


def _line(i) -> str:
    where = f" [{i.pack_id} {i.row_id}]" if i.pack_id else ""
    to = f"; gửi {i.to}" if i.to else ""
    # a task's period is just its due month; a report of no standard kind has no period of its own either.
    # A report's period in words ("Báo cáo quý I năm 2026"), never the data's "2026-Q1" (that is --json's).
    what = KIND_LABELS[i.kind] if i.kind in ("task", "target", "other") else report_title(i.kind, i.period)
    note = f"\n    Ghi chú của Sổ CĐS: {i.note}" if i.note else ""
    return f"  {i.due:%d/%m/%Y}  {what[:1].upper()}{what[1:]}: {i.title}{to}{where}{note}"
