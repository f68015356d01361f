"""Run the built program the way a user's machine would: linked libraries, smoke start, then demo school → export →
sign → verify, and commune mode (demo schools' signed reports → aggregate).

Every step runs the bundle's own executable (never this venv's code). Steps whose command does not exist in the
bundle yet (features still landing) are skipped with a message; a step that exists and fails stops the check.
Usage: python build/check_bundle.py [BUNDLE_DIR]   (default build/dist/socds)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE_NAMES = ("socds-cli.exe", "socds")  # Windows console exe, Linux exe


class CheckFailed(Exception):
    pass


def find_exe(bundle: Path) -> Path:
    for name in EXE_NAMES:
        if (bundle / name).exists():
            return bundle / name
    raise CheckFailed(f"no executable in {bundle}")


def run(exe: Path, args: list[str], env: dict, expect_ok: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)
    if expect_ok and proc.returncode != 0:
        log = Path(env["SOCDS_HOME"]) / "logs" / "socds.log"
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""
        raise CheckFailed(f"socds {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}\n{tail}")
    return proc


def commands(exe: Path, env: dict,
             wanted=("demo", "export", "sign", "verify", "aggregate", "school-plan", "guide-pdf")) -> set[str]:
    """Which of the wanted sub-commands the bundled program has (`socds CMD --help` exits 0 only if it does)."""
    return {c for c in wanted if run(exe, [c, "--help"], env, expect_ok=False).returncode == 0}


def check_token(exe: Path, env: dict, tmp: Path, pdf: Path, pki, ca: Path) -> str:
    """Sign through a software token (the same PKCS#11 path as a USB token) with the bundled program, then verify."""
    try:
        from tests.core.softhsm import make_token, softhsm_lib  # build-time helpers (need pytest), not in the bundle
    except ImportError as exc:
        return f"-- bỏ qua ký bằng token: {exc}"
    if softhsm_lib() is None or shutil.which("softhsm2-util") is None:
        return "-- bỏ qua ký bằng token: chưa cài SoftHSM2 (apt-get install softhsm2)"
    token_env = dict(env, SOCDS_CHECK_PIN=os.urandom(6).hex())

    class Env:  # make_token sets SOFTHSM2_CONF: for this process (it imports the key) and for the bundle
        @staticmethod
        def setenv(key, value):
            os.environ[key] = token_env[key] = value

    (tmp / "hsm").mkdir()
    lib = make_token(tmp / "hsm", Env, pki, "SoCDS-check", token_env["SOCDS_CHECK_PIN"])
    signed = tmp / "signed-token.pdf"
    run(exe, ["sign", str(pdf), "--pkcs11", lib, "--token", "SoCDS-check", "--pin-env", "SOCDS_CHECK_PIN",
              "--out", str(signed)], token_env)
    run(exe, ["verify", str(signed), "--trust", str(ca)], env)
    return "signed with the token and verified"


def check_school_plan(exe: Path, env: dict, bundle: Path, db: Path, out: Path) -> str:
    """The school's plan drafted and written as PDF and .docx by the bundled program: python-docx builds a new
    document from its own default template (docx/templates/default.docx), a data file PyInstaller must carry."""
    templates = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("docx/templates/default.docx"))
    if not templates:
        raise CheckFailed("python-docx's default template (docx/templates/default.docx) is not in the bundle")
    run(exe, ["school-plan", "--db", str(db), "--out", str(out), "--draft", "--docx"], env)
    docx = sorted(out.glob("*.docx"))
    pdf = sorted(out.glob("*.pdf"))
    if not docx or not pdf:
        raise CheckFailed(f"school-plan --docx wrote {sorted(p.name for p in out.iterdir())}")
    import zipfile

    with zipfile.ZipFile(docx[0]) as z:
        body = z.read("word/document.xml").decode("utf-8")
    if "KẾ HOẠCH" not in body:
        raise CheckFailed(f"{docx[0].name} does not hold the plan's title")
    return f"template {templates[0]}; wrote {pdf[0].name}, {docx[0].name} ({docx[0].stat().st_size} bytes)"


def step(name: str):
    print(f"== {name}", flush=True)


def skip(name: str, missing: str):
    print(f"-- bỏ qua {name}: gói chưa có lệnh `socds {missing}` (tính năng chưa có)", flush=True)


def check_links(bundle: Path) -> list[str]:
    """Linux: every ELF file of the bundle finds each library it names (in the bundle, as the bootloader's
    LD_LIBRARY_PATH gives it, or on this system), and no symlink dangles. Returns the system libraries used."""
    files = [p for p in sorted(bundle.rglob("*")) if p.is_file() and not p.is_symlink() and _is_elf(p)]
    dangling = [str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    if dangling:
        raise CheckFailed(f"dangling symlinks: {', '.join(dangling)}")
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    out = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, env=env).stdout
    missing, system, current = [], set(), None
    for line in out.splitlines():
        if not line.startswith("\t"):
            current = line.rstrip(":")
        elif "not found" in line:
            missing.append(f"{Path(current).relative_to(bundle)}: {line.split()[0]}")
        elif "=>" in line:
            target = line.split("=>", 1)[1].split("(")[0].strip()
            if target and not target.startswith(str(bundle)):
                system.add(line.split()[0])
    if missing:
        raise CheckFailed("libraries not found:\n  " + "\n  ".join(missing))
    return sorted(system)


def check_icu(bundle: Path) -> str:
    """Linux: Qt gives the same collation, case mapping and time-zone names with the bundle's cut-down ICU data
    (build/shrink_icu.py) as with the wheel's full data (build/icu_probe.py, run with this venv's PySide6)."""
    libs = [p for p in bundle.rglob("libicudata.so.*") if p.is_file() and not p.is_symlink()]
    if not libs:
        return "no ICU data library in the bundle"
    probe = [sys.executable, str(Path(__file__).resolve().parent / "icu_probe.py")]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("LD_PRELOAD", None)
    full = subprocess.run(probe, capture_output=True, text=True, env=env, timeout=120)
    if full.returncode != 0:
        return f"not compared (the probe cannot run here: {full.stderr.strip()[-300:]})"
    cut = subprocess.run(probe, capture_output=True, text=True, env=dict(env, LD_PRELOAD=str(libs[0])), timeout=120)
    if cut.returncode != 0 or cut.stdout != full.stdout:
        diff = [f"{a}\n    != {b}" for a, b in zip(full.stdout.splitlines(), cut.stdout.splitlines()) if a != b]
        raise CheckFailed("Qt answers differently with the bundle's ICU data:\n  " + "\n  ".join(diff[:5]) +
                          cut.stderr[-1000:])
    return f"same answers ({len(full.stdout.splitlines())} lines) with the bundle's ICU data as with the full data"


def _is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def check(bundle: Path) -> dict:
    exe = find_exe(bundle)
    figures: dict = {}
    if sys.platform.startswith("linux") and shutil.which("ldd"):
        step("every bundled library finds the libraries it links (bundle + system)")
        system = check_links(bundle)
        print(f"{len(system)} libraries come from the system: {' '.join(system)}")
        step("ICU: collation, case mapping, time-zone names as with the full ICU data")
        print(check_icu(bundle))
    with tempfile.TemporaryDirectory(prefix="socds-bundle-check-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, SOCDS_HOME=str(tmp / "home"), QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONPATH", None)

        step("--version")
        print(run(exe, ["--version"], env).stdout.strip())

        step("--smoke (offscreen), first run then warm run")
        for label in ("cold", "warm"):
            t0 = time.perf_counter()
            run(exe, ["--smoke"], env)
            figures[f"smoke_{label}_s"] = round(time.perf_counter() - t0, 2)
        print(f"smoke: {figures['smoke_cold_s']} s first, {figures['smoke_warm_s']} s warm")
        if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
            step("--smoke on a real X server (xvfb-run, xcb platform plugin and system X libraries)")
            proc = subprocess.run(["xvfb-run", "-a", str(exe), "--smoke"], capture_output=True, text=True,
                                  env=dict(env, QT_QPA_PLATFORM="xcb"), timeout=120)
            if proc.returncode != 0:
                raise CheckFailed(f"--smoke under xvfb-run exited {proc.returncode}\n{proc.stderr}")

        have = commands(exe, env)
        print("commands:", ", ".join(sorted(have)))
        db = tmp / "demo.db"
        step("demo school")
        if "demo" not in have:
            raise CheckFailed("the bundle has no `demo` command")
        run(exe, ["demo", "--db", str(db)], env)
        run(exe, ["--smoke", "--db", str(db)], env)

        pdf = None
        if "export" in have:
            step("export (self-assessment report of the demo school)")
            out = tmp / "export"
            t0 = time.perf_counter()
            run(exe, ["export", "--db", str(db), "--kind", "self-assessment", "--out", str(out)], env)
            figures["export_s"] = round(time.perf_counter() - t0, 2)
            made = sorted(p.name for p in out.iterdir()) if out.exists() else []
            print("exported:", ", ".join(made))
            pdfs = sorted(out.glob("*.pdf"))
            if not pdfs:
                raise CheckFailed("export wrote no PDF")
            pdf = pdfs[0]
        else:
            skip("xuất báo cáo", "export")

        if "school-plan" in have:
            step("school plan: --draft --docx (python-docx's default template must be in the bundle)")
            print(check_school_plan(exe, env, bundle, db, tmp / "ke-hoach"))
        else:
            skip("kế hoạch của nhà trường", "school-plan")

        if "sign" in have:
            step("sign with a throw-away .p12")
            sys.path.insert(0, str(ROOT))
            from tests.core.signing_pki import make_pdf, make_pki  # build-time helpers, not in the bundle

            pki = make_pki()
            password = os.urandom(9).hex()
            p12 = pki.write_p12(tmp / "signer.p12", password)
            ca = pki.write_ca(tmp / "ca.pem")
            if pdf is None:
                pdf = make_pdf(tmp / "stand-in.pdf")
                print("(no export yet: signing a stand-in PDF)")
            signed = tmp / "signed.pdf"
            env_sign = dict(env, SOCDS_CHECK_P12_PASSWORD=password)
            run(exe, ["sign", str(pdf), "--p12", str(p12), "--password-env", "SOCDS_CHECK_P12_PASSWORD",
                      "--out", str(signed)], env_sign)
            if "verify" in have:
                step("verify: the signed file, then a tampered copy")
                t0 = time.perf_counter()
                print(run(exe, ["verify", str(signed), "--trust", str(ca)], env).stdout.strip())
                figures["verify_s"] = round(time.perf_counter() - t0, 2)
                data = bytearray(signed.read_bytes())
                data[len(data) // 3] ^= 0x01  # one flipped bit inside the signed range
                bad = tmp / "tampered.pdf"
                bad.write_bytes(bytes(data))
                if run(exe, ["verify", str(bad), "--trust", str(ca)], env, expect_ok=False).returncode == 0:
                    raise CheckFailed("verify accepted a tampered file")
                print("tampered copy rejected")
                step("sign with a PKCS#11 token (SoftHSM2 when installed: python-pkcs11 in the bundle), verify")
                print(check_token(exe, env, tmp, pdf, pki, ca))
            else:
                skip("kiểm tra chữ ký", "verify")
        else:
            skip("ký số", "sign")
            if "verify" not in have:
                skip("kiểm tra chữ ký", "verify")

        if "aggregate" in have:
            step("commune mode: demo schools' signed reports -> aggregate (verify each, roll-up PDF/XLSX/JSON)")
            xa = tmp / "xa"
            n = 6  # the demo needs at least 4 schools; intake runs in one process whatever the count
            run(exe, ["demo", "--commune", str(n), "--out", str(xa)], env)
            t0 = time.perf_counter()
            proc = run(exe, ["aggregate", "--db", str(tmp / "xa.db"), str(xa / "bao-cao"), "--roster",
                             str(xa / "danh-sach-truong.xlsx"), "--trust", str(xa / "chung-thu-goc-thu-nghiem.pem"),
                             "--period", "2025-2026", "--out", str(tmp / "kq"), "--json"], env)
            figures["aggregate_s"] = round(time.perf_counter() - t0, 2)
            res = json.loads(proc.stdout)
            written = res.get("files_written", {})
            if res.get("files") != n or not res.get("accepted") or not all((tmp / "kq" / p).exists()
                                                                           for p in written.values()):
                raise CheckFailed(f"aggregate did not take in the {n} files: {proc.stdout[:2000]}")
            if "Traceback" in proc.stderr or "usage: socds" in proc.stderr:
                raise CheckFailed(f"aggregate printed errors:\n{proc.stderr[-3000:]}")
            print(f"aggregate: {res['files']} files, {res['accepted']} accepted, {res['rejected']} rejected; "
                  f"wrote {', '.join(sorted(written))}")
        else:
            skip("tổng hợp (chế độ cơ quan quản lý)", "aggregate")

        if "guide-pdf" in have:
            step("user guide: docs/huong-dan from inside the bundle (F1's Markdown and pictures) rendered to PDF")
            guide = tmp / "huong-dan.pdf"
            run(exe, ["guide-pdf", "--out", str(guide)], env)
            data = guide.read_bytes()
            pictures = data.count(b"/Subtype /Image")
            if not data.startswith(b"%PDF") or pictures < 20:
                raise CheckFailed(f"guide-pdf wrote {len(data)} bytes with {pictures} pictures")
            print(f"guide: {len(data) // 1024} KB, {pictures} pictures")
        else:
            skip("hướng dẫn sử dụng (PDF)", "guide-pdf")
    print("bundle check passed", flush=True)
    return figures


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else ROOT / "build" / "dist" / "socds"
    try:
        check(bundle)
    except CheckFailed as err:
        print(f"BUNDLE CHECK FAILED: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
