"""`socds verify FILE... [--trust CERT...] [--json]`: check signed report files offline.

Exit codes (the worst file decides): 0 every file valid and trusted; 10 intact but the signer's root is not
trusted (or it is the school's internal key); 11 not usable: changed after signing, no signature at all, or
signed intact over a data file that is not JSON, not its schema or not matching its attachments (bad_data);
12 a file could not be read as a PDF.
"""
from __future__ import annotations

import json
from pathlib import Path

EXIT = {"valid": 0, "untrusted": 10, "invalid": 11, "bad_data": 11, "unsigned": 11, "unreadable": 12}
SEVERITY = {"valid": 0, "untrusted": 1, "unreadable": 2, "unsigned": 3, "bad_data": 3, "invalid": 3}


def register(sub, common) -> None:
    p = sub.add_parser("verify", parents=[common], help="kiểm tra chữ ký số của tệp báo cáo PDF (ngoại tuyến)")
    p.add_argument("files", metavar="FILE", nargs="+", help="tệp PDF cần kiểm tra")
    p.add_argument("--trust", metavar="CERT", nargs="+", action="extend", default=[],
                   help="chứng thư gốc tin cậy thêm (.cer/.crt/.pem/.p7b), ngoài danh sách đã nhập bằng «socds trust add»")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=run)


def _when(iso: str | None) -> str:
    return iso or "không rõ"  # already Vietnam time (+07:00): verdict.vietnam_time


def describe(r) -> str:
    from desktop.core.signing.verdict import report_words, signature_words

    lines = [f"{r.path}: {r.label}"]
    if r.report:
        lines.append("  Báo cáo: " + report_words(r.report))
    for s in r.signatures:
        lines.append(f"  Chữ ký «{s.field}»: {s.signer or '?'}{' — ' + s.organisation if s.organisation else ''}, "
                     f"ký lúc {_when(s.signing_time)}; {signature_words(s)}")
    if r.signatures:
        lines.append(f"  Phủ toàn bộ tệp: {'có' if r.covers_whole else 'KHÔNG'}")
    if r.attachments:
        lines.append("  Tệp đính kèm: " + ", ".join(r.attachments))
    lines += [f"  Vấn đề: {p}" for p in r.problems]
    lines += [f"  Ghi chú: {n}" for n in r.notes]
    lines.append(f"  → {r.explanation}")
    return "\n".join(lines)


def run(args) -> int:
    from desktop.core.paths import default_db_path
    from desktop.core.signing import TrustStore, trust_dir
    from desktop.core.signing.verify import Verifier

    trust = TrustStore(trust_dir(args.db or default_db_path())).certificates()
    for item in args.trust:
        from desktop.core.signing import read_certificates

        trust += read_certificates(item)
    with Verifier(trust) as verifier:  # trust roots parsed once for all the files
        results = [verifier.verify(Path(f)) for f in args.files]
    if args.json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        print("\n".join(describe(r) for r in results))
    worst = max(results, key=lambda r: SEVERITY[r.state])
    return EXIT[worst.state]
