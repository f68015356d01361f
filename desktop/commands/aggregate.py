"""`socds aggregate INPUTS... [--roster FILE] [--period P] [--trust CERT] --out DIR [--json]`: take in report
files (files or folders), verify them, and write the roll-up (rollup.json, the workbook, the inbox list)."""
from __future__ import annotations

import json
import sys

from desktop.core.errors import UserError


def register(sub, common) -> None:
    p = sub.add_parser("aggregate", parents=[common],
                       help="nhận, kiểm tra và tổng hợp tệp báo cáo của các trường (chế độ cơ quan quản lý)")
    p.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC")
    p.add_argument("--roster", metavar="TỆP.xlsx", help="danh sách trường quản lý (nạp vào tệp dữ liệu trước)")
    p.add_argument("--period", help="kỳ đang tổng hợp, ví dụ 2025-2026, 2026-Q1, 2026-03")
    p.add_argument("--kind", default="self-assessment", help="loại báo cáo (mặc định self-assessment)")
    p.add_argument("--trust", action="append", default=[], metavar="CHỨNG_THƯ",
                   help="chứng thư gốc tin cậy thêm (.pem/.cer/.crt), có thể ghi nhiều lần")
    p.add_argument("--out", required=True, metavar="THƯ_MỤC")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from desktop.core.commune import inbox, roster
    from desktop.core.commune.mode import get_mode, set_mode
    from desktop.core.commune.rollup_cache import rollup as cached_rollup
    from desktop.core.commune.authority import NOT_NAMED, AuthorityInfo
    from desktop.core.commune.rollup_pdf import export_data, export_rollup
    from desktop.core.fileio import write_bytes
    from desktop.core.paths import user_data_dir
    from desktop.core.signing import TrustStore
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    from desktop.core.periods import Period

    if args.period:
        try:
            args.period = str(Period.parse(args.period, args.kind))
        except ValueError as exc:
            raise UserError(f"--period: {exc}.") from None
    out = Path(args.out)
    db = args.db or str(user_data_dir() / "socds.db")
    with Store.open(db) as store:
        ensure_bundled(store)
        if get_mode(store) is None:
            set_mode(store, "authority")
        if args.roster:
            added, updated = roster.import_workbook(store, args.roster)
            print(f"Danh sách trường: thêm {added}, cập nhật {updated}.", file=sys.stderr)
        if not roster.list_schools(store, active_only=True):
            raise UserError("Chưa có danh sách trường quản lý. Ghi --roster TỆP.xlsx (mẫu: cột Mã trường, Tên trường, "
                            "Cấp học).")
        store_roots = TrustStore.for_store(store)
        for item in args.trust:  # into the trust store, so that the GUI and the next run agree with this one
            for cert in store_roots.import_file(item):
                print(f"Đã thêm chứng thư gốc tin cậy «{cert.subject.rfc4514_string()}» vào danh sách tin cậy của tệp "
                      "dữ liệu này.", file=sys.stderr)
        trust = store_roots.certificates()
        tty = sys.stderr.isatty()

        def progress(done, total, name):
            if tty:
                print(f"\r{done}/{total} {name[:50]:50}", end="", file=sys.stderr)
        res = inbox.take_in(store, args.inputs, period=args.period, trust=trust, progress=progress)
        if tty:
            print(file=sys.stderr)
        ru = cached_rollup(store, args.kind, args.period)
        authority = AuthorityInfo.load(store)
        pv = None
        from desktop.core.commune.province import build_province, is_province

        if is_province(store, authority):  # a Sở: the province from the communes' roll-ups
            from desktop.core.commune.province_export import export_province, write_xlsx

            pv = build_province(store, args.kind, args.period)
            ru = pv.direct
            if authority.declared:
                paths = export_province(pv, authority, out)
            else:
                paths = {"xlsx": write_xlsx(pv, out / "tong-hop-tinh.xlsx"), "json": write_bytes(
                    out / "tong-hop-tinh.json", json.dumps(pv.to_dict(), ensure_ascii=False, indent=1).encode())}
        elif authority.declared:
            from desktop.core.commune.rollup_file import next_version

            # PDF with an empty signature field; each export a new version (the Sở keeps the newest)
            paths = export_rollup(ru, authority, out, version=next_version(store, args.kind, args.period))
        else:  # the workbook and data are written; the report waits for the body's name (never a blank header)
            paths = export_data(ru, out)
        if not authority.declared:
            print(f"Chưa xuất báo cáo PDF: {NOT_NAMED}", file=sys.stderr)
        from desktop.core.commune.rollup_checks import before_sending

        for note in before_sending(ru):  # the officer's to act on; the roll-up itself never says it
            print(f"Lưu ý: {note}", file=sys.stderr)
        received = inbox.list_inbox(store)
        final = {r["id"]: r["state"] for r in received}
        for o in res.outcomes:   # a file accepted early in the run may have been superseded later in it
            o.state = final.get(o.inbox_id, o.state)
        write_bytes(out / "hop-thu.json", json.dumps(received, ensure_ascii=False, indent=1).encode("utf-8"))
    summary = {"files": len(res.outcomes), "accepted": res.count("accepted"), "held": res.count("held"),
               "superseded": res.count("superseded"), "rejected": res.count("rejected"),
               "skipped": len(res.skipped), "schools": len(ru.rows), "missing": [c for c, _ in ru.missing],
               "out": str(out), "files_written": {k: str(v) for k, v in paths.items()}}
    if pv is not None:
        summary["communes"] = [c.code for c in pv.communes]
        summary["missing_communes"] = [c for c, _ in pv.missing_communes]
    if args.json:
        print(json.dumps({**summary, "outcomes": [o.__dict__ for o in res.outcomes], "rollup": ru.to_dict(),
                          **({"province": pv.to_dict()} if pv is not None else {})}, ensure_ascii=False, indent=1))
        return 0
    print(f"Đã xử lý {summary['files'] + summary['skipped']} tệp: {res.summary()}")
    for o in res.outcomes:
        if o.state in ("rejected", "held"):
            print(f"- {o.name} (mục số {o.inbox_id}): {o.reason}")
    if summary["held"]:
        print("Tệp chờ xem xét không được tổng hợp cho đến khi cán bộ chấp nhận: socds inbox accept|reject MỤC_SỐ "
              "--reason \"…\".")
    if pv is not None:
        t = pv.totals()
        print(f"Tổng hợp toàn tỉnh: {t['communes_received']}/{t['communes']} xã, phường đã gửi báo cáo tổng hợp; "
              f"{t['received']}/{t['schools']} trường có báo cáo hợp lệ, nộp muộn {t['late']}, bị từ chối "
              f"{t['refused']}, chưa gửi {t['not_sent']}.")
        for c in pv.communes:
            print(f"  {c.name} ({c.code}, v{c.version}): {c.received}/{c.schools} trường, muộn {c.late}, "
                  f"từ chối {c.refused}, chưa gửi {c.not_sent}")
        if pv.missing_communes:
            print("Xã, phường chưa có báo cáo tổng hợp hợp lệ: "
                  + ", ".join(f"{n} ({c})" for c, n in pv.missing_communes))
        print("Trường trực thuộc Sở:")
    print(f"Tổng hợp {len(ru.rows)} trường; chưa nộp: {len(ru.missing)}"
          + (f" ({', '.join(c for c, _ in ru.missing[:20])}{'…' if len(ru.missing) > 20 else ''})" if ru.missing else ""))
    for label, n in ru.level_counts.items():
        print(f"  {label}: {n} trường")
    print("Kết quả: " + (f"{paths['pdf']} (báo cáo, chờ ký), " if "pdf" in paths else "")
          + f"{paths['xlsx']}, {paths['json']}")
    return 0


