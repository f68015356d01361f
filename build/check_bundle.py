"""Run the built program the way a user's machine would: smoke start, then demo school → export → sign → verify.

Every step runs the bundle's own executable (never this venv's code). Steps whose command does not exist in the
bundle yet (features still landing) are skipped with a message; a step that exists and fails stops the check.
Usage: python build/check_bundle.py [BUNDLE_DIR]   (default build/dist/socds)
"""
from __future__ import annotations

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


def commands(exe: Path, env: dict, wanted=("demo", "export", "sign", "verify")) -> set[str]:
    """Which of the wanted sub-commands the bundled program has (`socds CMD --help` exits 0 only if it does)."""
    return {c for c in wanted if run(exe, [c, "--help"], env, expect_ok=False).returncode == 0}


def step(name: str):
    print(f"== {name}", flush=True)


def skip(name: str, missing: str):
    print(f"-- bỏ qua {name}: gói chưa có lệnh `socds {missing}` (tính năng chưa có)", flush=True)


def check(bundle: Path) -> dict:
    exe = find_exe(bundle)
    figures: dict = {}
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
            else:
                skip("kiểm tra chữ ký", "verify")
        else:
            skip("ký số", "sign")
            if "verify" not in have:
                skip("kiểm tra chữ ký", "verify")
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
