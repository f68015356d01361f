"""`socds demo --province N`: N demo communes' signed roll-ups for a Sở to take in, with the Sở's roster (the
communes and two THPT schools that report to it directly, their signed reports too) and the throw-away test root.

Each commune's roll-up is the real one: its schools' data files are made by the real report builder
(demo._variants) and recorded as the commune's accepted reports in a scratch data file, build_rollup sums them up,
and export_rollup renders and signs the commune's report (workbook and data file inside the signed revision) with
a certificate issued to its signer. Only the schools' own PDFs are skipped (the Sở never sees them): their data
files go straight into the scratch inbox, marked as demo data. One commune on the roster sends nothing, and the
second commune's file is altered after signing (the Sở must refuse it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from desktop.core.commune import demo as D
from desktop.core.commune.roster import RosterSchool, write_workbook
from desktop.core.fileio import write_bytes

SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Hải", "Vũ Thị Lan"]
PARENT = "UBND tỉnh (dữ liệu mẫu)"


@dataclass
class ProvinceDemo:
    out_dir: Path
    roster_path: Path
    root_cert_path: Path
    files: list[Path]  # the communes' signed roll-ups and the direct schools' reports, in the folder to take in
    communes: list[RosterSchool]  # on the Sở's roster (level XA), the silent one included
    direct: list[RosterSchool]  # THPT schools reporting to the Sở
    missing_commune: str
    tampered_commune: str | None
    schools_per_commune: int


def _commune_schools(i: int, n: int, commune_name: str) -> list[RosterSchool]:
    levels_cycle = [["MN"], ["TH"], ["THCS"], ["TH"], ["MN"], ["THCS"], ["TH", "THCS"]]
    out = []
    for j in range(n):
        lv = levels_cycle[(i + j) % len(levels_cycle)]
        prefix = "Trường TH và THCS" if len(lv) > 1 else D.LEVEL_NAMES[lv[0]]
        name = f"{prefix} {D.FIRST[j % len(D.FIRST)]}" + (f" số {j // len(D.FIRST) + 1}" if j >= len(D.FIRST) else "")
        out.append(RosterSchool(f"3{i + 1:03d}{j + 1:04d}", name, lv, commune_name))
    return out


def _record_accepted(store, rd, received_at: str) -> None:
    """A school's data file recorded as its accepted report in the commune's scratch data file (demo only: the
    school's PDF is not made)."""
    from desktop.core.periods import due_date
    from desktop.core.report.datafile import render_json

    raw = render_json(rd)
    due = due_date(rd.kind, rd.period)
    store.db["inbox"].insert(
        {
            "sha256": hashlib.sha256(raw).hexdigest(),
            "size": len(raw),
            "original_name": f"{rd.school.code}_{D.KIND}_{D.PERIOD}_v{rd.report_version}.pdf",
            "school_code": rd.school.code,
            "kind": rd.kind,
            "period": rd.period,
            "version": rd.report_version,
            "received_at": received_at,
            "state": "accepted",
            "reason": "Dữ liệu mẫu: báo cáo của trường ghi thẳng vào hộp thư của xã.",
            "signature_state": "trusted",
            "signer": rd.signer.name,
            "late": int(bool(due and rd.doc_date and dt.date.fromisoformat(rd.doc_date) > due)),
            "due_date": due.isoformat() if due else None,
            "data": json.dumps(json.loads(raw), ensure_ascii=False),
        }
    )


def build_province_demo(
    out_dir: Path | str,
    n: int,
    schools: int = 6,
    *,
    seed: int = 2026,
    progress: Callable[[int, int], None] | None = None,
) -> ProvinceDemo:
    from cryptography.hazmat.primitives import serialization

    from desktop.core.commune import roster
    from desktop.core.commune.authority import AuthorityInfo
    from desktop.core.commune.rollup import build_rollup
    from desktop.core.commune.rollup_pdf import export_rollup
    from desktop.core.errors import UserError
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    if n < 2 or schools < 2:
        raise UserError("Tỉnh mẫu cần ít nhất 2 xã, mỗi xã ít nhất 2 trường.")
    out_dir = Path(out_dir)
    reports = out_dir / D.REPORTS_DIR
    reports.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    root, _key, _cert, ca_key = D.make_test_ca()
    root_path = write_bytes(out_dir / D.ROOT_NAME, root.public_bytes(serialization.Encoding.PEM))
    variants = D._variants(min(schools, D.VARIANTS), rng)
    communes = [
        RosterSchool(
            f"XA{i + 1:03d}",
            f"UBND xã {D.FIRST[i % len(D.FIRST)]}" + (f" {i // len(D.FIRST) + 1}" if i >= len(D.FIRST) else ""),
            ["XA"],
        )
        for i in range(n + 1)  # the last one sends nothing
    ]
    files: list[Path] = []
    received = dt.datetime(2026, 6, 10, 8, 0, tzinfo=dt.timezone.utc).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "xa.db") as store:
            ensure_bundled(store)
            for i, c in enumerate(communes[:n]):
                with store.tx():
                    store.db.execute("DELETE FROM inbox")
                    store.db.execute("DELETE FROM roster")
                    members = _commune_schools(i, schools, c.name)
                    for j, s in enumerate(members):
                        roster.save_school(store, s)
                        if j == len(members) - 1 and i % 2 == 0:  # every other commune has a school not sent
                            continue
                        late = (i + j) % 9 == 4
                        doc_date = dt.date(2026, 6, 2 + j % 12) if late else dt.date(2026, 5, 10 + j % 19)
                        rd = D._school_report(variants[(i + j) % len(variants)], s, 1, doc_date)
                        rd = dataclasses.replace(rd, managing_body=c.name)
                        _record_accepted(store, rd, received)
                ru = build_rollup(store, D.KIND, D.PERIOD)
                signer_name = SIGNERS[i % len(SIGNERS)]
                a = AuthorityInfo(
                    name=c.name,
                    parent=PARENT,
                    code=c.code,
                    place_name=c.name.removeprefix("UBND xã "),
                    doc_date="2026-06-15",
                    signer_name=signer_name,
                    signer_title="Phó Chủ tịch",
                    recipients=("Sở Giáo dục và Đào tạo", "Lưu: VT"),
                )
                key, cert = D.school_certificate(ca_key, root, signer_name)
                with tempfile.TemporaryDirectory() as each:
                    out = export_rollup(ru, a, each, D._LoadedSigner(key, cert, [root]))
                    files.append(write_bytes(reports / out["pdf"].name, out["pdf"].read_bytes()))
                if progress:
                    progress(i + 1, n)
    direct = [RosterSchool(f"79{k + 1:06d}", f"Trường THPT {D.FIRST[-1 - k]}", ["THPT"]) for k in range(2)]
    for k, s in enumerate(direct):
        rd = D._school_report(variants[k % len(variants)], s, 1, dt.date(2026, 5, 20))
        rd = dataclasses.replace(rd, managing_body="Sở Giáo dục và Đào tạo")
        files.append(
            D.write_report(rd, reports / f"{s.code}_{D.KIND}_{D.PERIOD}_v1.pdf", D._signer_for(rd, ca_key, root))
        )
    tampered = communes[1].code if n >= 3 else None
    if tampered:
        D.tamper(next(f for f in files if f.name.startswith(tampered + "_")))
    roster_path = write_workbook(communes + direct, out_dir / D.ROSTER_NAME)
    return ProvinceDemo(out_dir, roster_path, root_path, files, communes, direct, communes[-1].code, tampered, schools)
