"""Shrink the ICU data library Qt ships on Linux (libicudata, ~32 MB) to what a Vietnamese app uses.

QtCore links ICU for collation, locale data and case mapping. The data library holds one symbol, icudt<N>_dat,
an ICU "common data" package. We cut it out, drop with `icupkg` the items the app never touches (locale data
other than root/en/vi, legacy charset converters, transliterators, break iterators — Qt finds text boundaries with its own tables),
and link a new libicudata exporting the same symbol. Needs gcc and icupkg (Debian: gcc, icu-devtools); without
them the bundle keeps the full library and this step says so. Windows wheels have no ICU.
Usage: python build/shrink_icu.py BUNDLE_DIR
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = ("root", "en", "en_US", "en_001", "vi", "vi_VN")
LOCALE_RES = re.compile(r"^(?:[a-z]+/)?([a-z]{2,3}(?:_[A-Za-z0-9]*)*)\.res$")
DROP_PATTERNS = [
    re.compile(r"\.cnv$"),              # legacy charset converters (Qt converts UTF-8/16/Latin-1 itself)
    re.compile(r"^translit/"),          # transliterators
    re.compile(r"^brkitr/"),            # break iterators + dictionaries: Qt finds text boundaries itself
    re.compile(r"^unames\.icu$"),       # Unicode character names
    re.compile(r"\.cfu$"),              # confusable-character (spoof) data
    # Display names of currencies, units, languages and regions, spelled-out numbers: Qt takes these from its own
    # CLDR tables (QLocale), never from ICU. Qt asks ICU only for collation, case mapping, time-zone names and
    # charset conversion (the ucol_/u_strTo/ucal_/ucnv_ symbols libQt6Core imports).
    re.compile(r"^(curr|unit|lang|region|rbnf)/"),
    re.compile(r"^(units|plurals|pluralRanges|dayPeriods|grammaticalFeatures|genderList|langInfo)\.res$"),
    re.compile(r"\.spp$"),              # StringPrep profiles (IDNA 2003, SASL, XMPP...)
    re.compile(r"^uts46\.nrm$"),         # IDNA (QUrl has its own)
    re.compile(r"^u(layout|emoji)\.icu$"),  # text layout and emoji properties (for break iterators, dropped)
]


def items_to_drop(items: list[str]) -> list[str]:
    drop = []
    for item in items:
        m = LOCALE_RES.match(item)
        if m and m.group(1) not in KEEP_LOCALES:
            drop.append(item)
        elif any(p.search(item) for p in DROP_PATTERNS):
            drop.append(item)
    return drop


def symbol(lib: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudt*_dat symbol."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(lib)], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            vaddr, size = int(parts[0], 16), int(parts[1], 16)
            return parts[3], vaddr_to_offset(lib, vaddr), size
    raise RuntimeError(f"no icudt*_dat symbol in {lib}")


def vaddr_to_offset(lib: Path, vaddr: int) -> int:
    out = subprocess.run(["readelf", "-W", "-S", str(lib)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = re.search(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            addr, off, size = (int(m.group(i), 16) for i in (2, 3, 4))
            if addr <= vaddr < addr + size:
                return off + vaddr - addr
    raise RuntimeError("symbol address outside every section")


def shrink(bundle: Path) -> tuple[int, int] | None:
    libs = sorted(bundle.rglob("libicudata.so.*"))
    if not libs:
        print("ICU: no libicudata in the bundle (nothing to do)")
        return None
    missing = [t for t in ("gcc", "icupkg", "nm", "readelf") if shutil.which(t) is None]
    if missing:
        print(f"ICU: left whole — missing tools: {', '.join(missing)} (apt-get install gcc icu-devtools binutils)")
        return None
    lib = libs[0]
    name, offset, size = symbol(lib)
    before = lib.stat().st_size
    with tempfile.TemporaryDirectory(prefix="socds-icu-") as tmp:
        tmp = Path(tmp)
        dat = tmp / f"{name[:-4]}l.dat"
        with lib.open("rb") as f:
            f.seek(offset)
            dat.write_bytes(f.read(size))
        items = subprocess.run(["icupkg", "-l", str(dat)], capture_output=True, text=True,
                               check=True).stdout.split()
        drop = items_to_drop(items)
        (tmp / "drop.txt").write_text("\n".join(drop) + "\n")
        subprocess.run(["icupkg", "-r", str(tmp / "drop.txt"), str(dat)], check=True, cwd=tmp,
                       stdout=subprocess.DEVNULL)
        asm = tmp / "icudata.S"
        asm.write_text(f'.section .rodata\n.globl {name}\n.type {name}, @object\n.balign 16\n{name}:\n'
                       f'.incbin "{dat.name}"\n.size {name}, . - {name}\n.section .note.GNU-stack,"",@progbits\n')
        out = tmp / lib.name
        subprocess.run(["gcc", "-shared", "-nostdlib", "-o", str(out), str(asm), f"-Wl,-soname,{lib.name}"],
                       check=True, cwd=tmp)
        shutil.copyfile(out, lib)
    after = lib.stat().st_size
    print(f"ICU: {len(drop)} of {len(items)} data items dropped, {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return before, after


if __name__ == "__main__":
    shrink(Path(sys.argv[1]))
