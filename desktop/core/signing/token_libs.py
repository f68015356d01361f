"""Finding the PKCS#11 library of a USB token, so the user picks "VNPT-CA" instead of typing a DLL path.

The file names are the ones the Vietnamese CAs' token software installs in Windows' System32 (SysWOW64 for
32-bit programs). None of the CAs publishes such a list; the names below were gathered (12/2026) from the CAs'
own signing plug-ins that load them by name (VNPT's and Viettel's web plug-ins list their DLLs) and from
independent open-source signing tools that search for them. A name seen in one source only is marked so. EasyCA's
token library could not be found in any source: its users choose the file by hand (as for any token not listed).
Only files that exist are offered; whether one is really the token's library shows when the tokens are listed.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

# (CA as users know it, file names, note) — most recent versions first
WINDOWS_LIBRARIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "VNPT-CA",
        (
            "vnptca_p11_v10.dll",
            "vnptca_p11_v81.dll",
            "vnptca_p11_v8.dll",
            "vnptcav2_p11_v8.dll",
            "vnptca_p11_v7.dll",
            "vnptca_p11_v6.dll",
            "vnptca_p11_v5.dll",
            "VNPTCACardv8csp11.dll",
            "vnpt-ca_cl_v1.dll",
            "VNPT-CA_v34.dll",
            "vnpt-ca_csp11.dll",
        ),
        "",
    ),
    (
        "Viettel-CA",
        (
            "viettel-ca_v6.dll",
            "viettel-ca_v5.dll",
            "viettel-ca_v4.dll",
            "viettel-ca_v3.dll",
            "viettel-ca_v2.dll",
            "viettel-ca_v1.dll",
            "viettel-ca.dll",
        ),
        "",
    ),
    ("BKAV-CA", ("BkavCAv2S.dll", "BkavCA.dll", "bkavcaetoken.dll", "st3csp11.dll"), ""),
    ("FPT-CA", ("fpt-ca_v5.dll", "fpt-ca_v4.dll", "fptca_v3.dll", "fpt-ca.dll"), ""),
    ("MISA-CA", ("misaca_csp11_v2.dll",), "tên tệp thấy ở hai nguồn độc lập"),
    ("CA2 / NCCA (Nacencomm)", ("ncca_csp11_v1.dll", "CA2_csp11.dll", "CA2_v34.dll"), ""),
    ("Vina-CA (SmartSign)", ("vina-ca_v5.dll", "Vina-CAv5.dll", "Vina-CAv4.dll", "Vina-CAv3.dll", "Vina-CA.dll"), ""),
    ("Newtel-CA", ("newca_v4.dll", "NEWTEL-CA.dll"), "tên tệp thấy ở một nguồn"),
    ("Safe-CA", ("Safe-ca_v2.dll", "Safe-ca_v1.dll", "safe-ca.dll"), ""),
    ("FastCA", ("fca_v1.dll",), "tên tệp thấy ở một nguồn"),
    ("EFY-CA", ("efy-ca_v1.dll",), "tên tệp thấy ở một nguồn"),
    ("CKCA", ("CKCA.dll",), "tên tệp thấy ở một nguồn"),
    # token hardware several CAs ship, with the maker's own library
    ("Token ePass2003 (Feitian)", ("eps2003csp11v2.dll", "eps2003csp11.dll", "ShuttleCsp11_3003.dll"), ""),
    ("Token SafeNet eToken", ("eTPKCS11.dll",), ""),
    ("Token Watchdata", ("wdpkcs.dll",), ""),
)
WINDOWS_PROGRAM_FILES = (("BKAV-CA", r"Bkav Corporation\BkavCA Token Manager\st3csp11.dll"),)
# elsewhere (Linux, macOS): the generic libraries; the CAs' own Linux packages name theirs differently
OTHER_LIBRARIES = (
    ("OpenSC", ("opensc-pkcs11.so", "opensc-pkcs11.dylib")),
    ("SoftHSM (token thử nghiệm)", ("libsofthsm2.so",)),
)
OTHER_DIRS = (
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu/pkcs11",
    "/usr/lib/pkcs11",
    "/usr/lib/softhsm",
    "/usr/local/lib/softhsm",
    "/opt/homebrew/lib",
    "/Library/OpenSC/lib",
)


@dataclass(frozen=True)
class FoundLibrary:
    ca: str
    path: Path
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.ca} — {self.path.name}"


def search_dirs(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> list[Path]:
    """Where token software puts its library on this platform."""
    if platform.startswith("win"):
        root = Path(env.get("SystemRoot") or env.get("windir") or r"C:\Windows")
        # a 64-bit program loads System32's libraries; a 32-bit one is redirected to SysWOW64
        return [root / ("System32" if sys.maxsize > 2**32 else "SysWOW64")]
    return [Path(d) for d in OTHER_DIRS]


def find_libraries(
    dirs: list[Path] | None = None, platform: str = sys.platform, env: Mapping[str, str] = os.environ
) -> list[FoundLibrary]:
    """The known token libraries present in `dirs` (by default this platform's), in the order of the tables."""
    dirs = search_dirs(platform, env) if dirs is None else dirs
    out: list[FoundLibrary] = []
    seen: set[str] = set()

    def add(ca: str, path: Path, note: str = "") -> None:
        key = str(path).casefold()
        if key not in seen and path.is_file():
            seen.add(key)
            out.append(FoundLibrary(ca, path, note))

    if platform.startswith("win"):
        for ca, names, note in WINDOWS_LIBRARIES:
            for d in dirs:
                for name in names:
                    add(ca, d / name, note)
        for root in {env.get("ProgramFiles"), env.get("ProgramFiles(x86)")} - {None}:
            for ca, rel in WINDOWS_PROGRAM_FILES:
                add(ca, Path(str(root)) / rel)
    else:
        for ca, names in OTHER_LIBRARIES:
            for d in dirs:
                for name in names:
                    add(ca, d / name)
    return out
