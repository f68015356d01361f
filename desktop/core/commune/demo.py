"""`socds demo --commune N`: a realistic commune for trying authority mode, tests and benchmarks.

A roster workbook of N schools of mixed levels (MN/TH/THCS) and their signed self-assessment report files, made
with the real report builder, PDF renderer and signer: varied answers, some late, one tampered, one school with
nothing sent, one school that sent two versions. The signing key and a throw-away test root are generated at run
time and held in memory (only the root's certificate is written, so the commune can trust it); one loaded key
signs every file. For many schools the files are rendered and signed in worker processes (spawned; the key is
handed to them through their pipe, never the disk), in order, so N=1000 takes about half the time on two cores.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from desktop.core.commune.roster import RosterSchool, write_workbook
from desktop.core.fileio import write_bytes

PERIOD, KIND = "2025-2026", "self-assessment"
ROSTER_NAME = "danh-sach-truong.xlsx"
ROOT_NAME = "chung-thu-goc-thu-nghiem.pem"
REPORTS_DIR = "bao-cao"
VARIANTS = 24
FIRST = [
    "Hoa Sen",
    "Tuệ Tĩnh",
    "Quang Trung",
    "Lê Lợi",
    "Chu Văn An",
    "Kim Đồng",
    "Hòa Bình",
    "Sao Mai",
    "Nguyễn Trãi",
    "Trần Phú",
    "Bình Minh",
    "Hướng Dương",
    "Võ Thị Sáu",
    "Lý Tự Trọng",
    "Hoàng Hoa Thám",
]
LEVEL_NAMES = {"MN": "Trường Mầm non", "TH": "Trường Tiểu học", "THCS": "Trường THCS"}


@dataclass
class CommuneDemo:
    out_dir: Path
    roster_path: Path
    root_cert_path: Path
    schools: list[RosterSchool]
    files: list[Path]
    tampered: str  # school code whose file was altered after signing
    missing: str  # school code that sent nothing
    two_versions: str  # school code that sent v1 then v2
    late: list[str]
    signer: object = None  # the loaded demo signer and one report, for tests and benchmarks to make more files
    base_report: object = None


class _LoadedSigner:
    """A signer for sign_pdf whose key stays loaded across many signatures (demo/bench only)."""

    kind, internal = "p12", False

    def __init__(self, key, cert, chain):
        from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as to_asn1
        from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1 as key_to_asn1
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        self._signer = SimpleSigner(
            signing_cert=to_asn1(cert),
            signing_key=key_to_asn1(key),
            cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
        )

    def open(self):
        import contextlib

        return contextlib.nullcontext(self._signer)


def make_test_ca(name: str = "Sổ CĐS - gốc THỬ NGHIỆM, không dùng thật"):
    """(root cert, signer key, signer cert, root key) generated now; nothing secret touches the disk."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def nm(cn):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(nm(name))
        .issuer_name(nm(name))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key, cert = school_certificate(ca_key, root, "Hiệu trưởng các trường mẫu")
    return root, key, cert, ca_key


def school_certificate(ca_key, root, name: str):
    """(key, certificate) issued under the demo root to `name`, the principal a school's report names: the intake
    holds a report signed by anyone else (policy.py)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def random_answer(item, rng: random.Random, strength: float):
    """A plausible answer; `strength` (0–1) pulls a school's answers up or down."""
    from desktop.core.bands import to_decimal

    r = item.answer
    if rng.random() < 0.06:
        return None
    if r.kind in ("condition", "yes_no"):
        return rng.random() < 0.35 + 0.6 * strength
    if r.kind == "points":
        mx = item.max_points or Decimal(0)
        step = r.step or Decimal(1)
        steps = int(mx / step)
        return to_decimal(step * min(steps, max(0, round(steps * min(1.0, rng.gauss(strength, 0.25))))))
    if r.kind == "percent_bands":
        return max(0, min(100, int(rng.gauss(100 * strength, 20))))
    if r.kind == "count_bands":
        return max(0, int(rng.gauss(10 * strength, 4)))
    if r.kind == "choice" and r.choices:
        return r.choices[min(len(r.choices) - 1, int(rng.random() * len(r.choices)))].code
    return None


def _variants(n: int, rng: random.Random) -> list:
    """Report data of `n` differently answered self-assessments, built by the real report builder."""
    from desktop.core.demo import build_demo
    from desktop.core.report.build import build_report_data
    from desktop.core.scoring import check_value
    from desktop.core.store import Store
    from desktop.core.store.assessments import create_assessment, set_answer
    from desktop.core.store.indicator_store import get_set
    from desktop.core.store.profile import current_school_year

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = build_demo(Path(tmp) / "mau.db")
        with Store.open(path) as store:
            year = current_school_year(store)
            assert year is not None  # the demo school has its school year
            iset = get_set(store, "qd4725-2022")
            for _ in range(n):
                strength = rng.uniform(0.2, 0.95)
                with store.tx():
                    aid = create_assessment(store, year["id"], iset.set_id, iset.version)
                    for it in iset.items():
                        v = random_answer(it, rng, strength)
                        if v is not None and check_value(it, v) is None:
                            set_answer(store, aid, it.code, v)
                out.append(build_report_data(store, KIND, PERIOD, today=dt.date(2026, 5, 20)))
    return out


def _school_report(base, school: RosterSchool, version: int, doc_date: dt.date):
    sch = dataclasses.replace(base.school, code=school.code, name=school.name, levels=tuple(school.levels), doc_code="")
    rd = dataclasses.replace(
        base,
        school=sch,
        report_version=version,
        status="signed",
        doc_date=doc_date.isoformat(),
        doc_number=f"{10 + version}/BC-{school.code[-4:]}",
        managing_body="UBND xã Tuệ Tĩnh",
    )
    if school.levels == ["MN"]:  # no bundled preschool set (QĐ 3276): the report carries no assessment
        rd = dataclasses.replace(rd, assessment=None)
    return rd


def write_report(rd, out: Path, signer) -> Path:
    """The school's report file: the real PDF, its data file attached inside the signed revision."""
    from desktop.core.report.datafile import render_json
    from desktop.core.report.pdf import render_pdf_bytes
    from desktop.core.signing import sign_pdf

    pdf, _ = render_pdf_bytes(rd)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        stem = out.stem
        return sign_pdf(src, out, signer, attachments=[(f"{stem}.json", render_json(rd), "application/json")])


def tamper(path: Path) -> None:
    """Change one byte inside the signed content (a page stream), as an edit after signing would."""
    data = bytearray(path.read_bytes())
    i = data.index(b"stream", 200) + 40
    data[i] = (data[i] + 1) % 256
    write_bytes(path, bytes(data))


def _plan(schools: list[RosterSchool], variants: list, missing: str, two: str, reports: Path) -> tuple[list, list]:
    """[(report data, output path)] of every file in order, and the late schools' codes."""
    from desktop.core.report.export import base_name

    jobs, late = [], []
    for i, school in enumerate(schools):
        if school.code == missing:
            continue
        is_late = i % 9 == 4
        doc_date = dt.date(2026, 6, 2 + i % 12) if is_late else dt.date(2026, 5, 10 + i % 19)
        if is_late:
            late.append(school.code)
        base = variants[i % len(variants)]
        for v in [1, 2] if school.code == two else [1]:
            rd = _school_report(variants[(i + v - 1) % len(variants)] if v > 1 else base, school, v, doc_date)
            jobs.append((rd, reports / f"{base_name(rd)}.pdf"))  # named as the program names a school's file
    return jobs, late


# ---- worker processes: each renders and signs, every school with a certificate of its own principal ------------
_worker_ca: tuple = ()  # (the demo CA's key, its root certificate), set in each worker by _init_worker


def _signer_for(rd, ca_key, root) -> "_LoadedSigner":
    key, cert = school_certificate(ca_key, root, rd.signer.name or rd.school.name)
    return _LoadedSigner(key, cert, [root])


def _init_worker(ca_key_pem: bytes, root_der: bytes) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    global _worker_ca
    _worker_ca = (load_pem_private_key(ca_key_pem, None), x509.load_der_x509_certificate(root_der))


def _write_in_worker(rd, out: Path) -> Path:
    return write_report(rd, out, _signer_for(rd, *_worker_ca))


def _write_all(jobs: list, ca_key, root, workers: int, progress) -> list[Path]:
    """Render and sign every job in order, here or in `workers` spawned processes (a few jobs ahead)."""
    if workers <= 1:
        files = []
        for n, (rd, out) in enumerate(jobs, start=1):
            files.append(write_report(rd, out, _signer_for(rd, ca_key, root)))
            if progress:
                progress(n, len(jobs))
        return files
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from cryptography.hazmat.primitives import serialization

    # the throw-away demo root key goes to the workers through their pipe, never through the disk
    key_pem = ca_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    files = []
    pending: deque = deque()
    feed = iter(jobs)
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(key_pem, root.public_bytes(serialization.Encoding.DER)),
    ) as pool:
        while True:
            while len(pending) < 3 * workers and (job := next(feed, None)) is not None:
                pending.append(pool.submit(_write_in_worker, *job))
            if not pending:
                return files
            files.append(pending.popleft().result())
            if progress:
                progress(len(files), len(jobs))


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def build_commune(
    out_dir: Path | str,
    n: int,
    *,
    seed: int = 2026,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> CommuneDemo:
    """`workers`: processes that render and sign the files. One by default: the program itself (`socds demo
    --commune N`) never starts processes, so the bundle carries no multiprocessing; the benchmarks and the soak's
    1,000-school file ask for more. `progress(done, total)` counts files."""
    from cryptography.hazmat.primitives import serialization

    if n < 4:
        from desktop.core.errors import UserError

        raise UserError("Xã mẫu cần ít nhất 4 trường.")
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    levels_cycle = [["MN"], ["TH"], ["THCS"], ["TH"], ["MN"], ["THCS"], ["TH", "THCS"]]
    schools = []
    for i in range(n):
        lv = levels_cycle[i % len(levels_cycle)]
        prefix = "Trường TH và THCS" if len(lv) > 1 else LEVEL_NAMES[lv[0]]
        name = f"{prefix} {FIRST[i % len(FIRST)]}" + (f" số {i // len(FIRST) + 1}" if i >= len(FIRST) else "")
        schools.append(RosterSchool(f"31{i + 1:06d}", name, lv, "xã Tuệ Tĩnh", phone=f"0220 38{i:05d}"[:14]))
    variants = _variants(min(n, VARIANTS), rng)
    for i, school in enumerate(schools):  # the roster names who signs each school's reports (as _plan has them)
        school.principal = variants[i % len(variants)].signer.name
    roster_path = write_workbook(schools, out_dir / ROSTER_NAME)
    root, key, cert, ca_key = make_test_ca()
    root_path = write_bytes(out_dir / ROOT_NAME, root.public_bytes(serialization.Encoding.PEM))
    signer = _LoadedSigner(key, cert, [root])
    missing, tampered, two = schools[n - 1].code, schools[1].code, schools[2].code
    jobs, late = _plan(schools, variants, missing, two, out_dir / REPORTS_DIR)
    files = _write_all(jobs, ca_key, root, workers, progress)
    tamper(next(f for f in files if f.name.startswith(tampered + "_")))
    return CommuneDemo(
        out_dir, roster_path, root_path, schools, files, tampered, missing, two, late, signer, variants[0]
    )
