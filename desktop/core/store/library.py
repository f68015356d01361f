"""Installed content: indicator sets and plan packs, several versions of each side by side, each version stored
whole as its canonical JSON with its hash. One path for both kinds: read a file (.xlsx or .json), install, list,
get (with the error naming what is installed), export to a file.

Installing is append-only and is not an undoable edit: a version, once installed, may be used by an assessment or
followed by a school year, and undoing its installation would orphan them. A version is immutable: installing the
same (id, version) again with different content is refused; a corrected file must carry a new version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from desktop.core.errors import UserError
from desktop.core.fileio import write_text
from desktop.core.store.db import Store, utcnow


def version_key(version: str) -> tuple:
    """Natural order: 2022.10 > 2022.9 > 2022.1; digits compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|[^\d._-]+", version))


def parse_ref(ref: str) -> tuple[str, str | None]:
    """ "qd4725-2022@2022.1" → ("qd4725-2022", "2022.1"); without "@" the version is None (the newest)."""
    content_id, _, version = ref.strip().partition("@")
    return content_id, (version or None)


@dataclass(frozen=True)
class Shelf:
    """One kind of installed content and how its versions are read and written."""

    table: str  # "indicator_sets", "plan_packs"
    id_column: str  # "set_id", "pack_id"
    noun: str  # "bộ chỉ số", "kế hoạch": in messages
    command: str  # "indicators", "plans": the `socds` command that imports a file
    dumps: Callable[[Any], str]  # a parsed version → its canonical JSON text
    loads: Callable[[str], Any]  # the stored JSON text → the parsed version
    columns: Callable[[Any], dict]  # the table's own columns besides id, version, content, hash, source
    bundled: Callable[[], list]  # the versions shipped with the program
    load_json: Callable[[Path], Any]  # a .json file → the parsed version (located errors on any problem)
    load_xlsx: Callable[[Path], Any]  # a workbook in the program's form → the parsed version
    write_xlsx: Callable[[Any, Path], Any]
    kept_for: str = ""  # why a changed version is refused, beyond "it is installed"

    def parsed(self, content: str) -> Any:
        return _parsed(self.loads, content)


@lru_cache(maxsize=64)
def _parsed(loads: Callable[[str], Any], content: str) -> Any:
    return loads(content)


def read_file(shelf: Shelf, path: Path | str) -> Any:
    """A file from the Sở or the commune (.xlsx in the program's spreadsheet form, or .json), read and validated
    whole: nothing is written while reading, so a bad file changes nothing."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".json"):
        raise UserError(
            f"Tệp {path.name}: tệp {shelf.noun} phải là bảng tính .xlsx (theo mẫu của Sổ CĐS) hoặc tệp .json."
        )
    return shelf.load_json(path) if path.suffix.lower() == ".json" else shelf.load_xlsx(path)


def import_file(shelf: Shelf, store: Store, path: Path | str) -> tuple[Any, bool]:
    """read_file, then install: (the version, True when newly installed)."""
    item = read_file(shelf, path)
    return item, install(shelf, store, item, source=Path(path).name)


def export_file(shelf: Shelf, item: Any, target: Path | str) -> Path:
    """Write a version to a workbook (to correct or issue it) or to its canonical .json."""
    target = Path(target)
    if target.suffix.lower() == ".json":
        write_text(target, shelf.dumps(item))
    elif target.suffix.lower() == ".xlsx":
        shelf.write_xlsx(item, target)
    else:
        raise UserError(f"Tên tệp {target.name} phải có đuôi .xlsx hoặc .json.")
    return target


def install(shelf: Shelf, store: Store, item: Any, source: str = "bundled") -> bool:
    """Install one version. True when newly installed, False when this exact content was already there."""
    content = shelf.dumps(item)
    sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
    item_id = getattr(item, shelf.id_column)
    with store.tx():
        row = store.db.execute(
            f"SELECT sha256 FROM {shelf.table} WHERE {shelf.id_column} = ? AND version = ?", (item_id, item.version)
        ).fetchone()
        if row:
            if row[0] == sha:
                return False
            raise UserError(
                f"{shelf.noun.capitalize()} {item_id} phiên bản {item.version} đã được cài với nội dung khác. Một "
                f"phiên bản đã cài không được thay đổi{shelf.kept_for}: hãy ghi số phiên bản mới trong tệp rồi nạp lại."
            )
        values = {
            shelf.id_column: item_id,
            "version": item.version,
            **shelf.columns(item),
            "content": content,
            "sha256": sha,
            "source": source,
            "installed_at": utcnow(),
        }
        store.db.execute(
            f"INSERT INTO {shelf.table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
    return True


def ensure_bundled(shelf: Shelf, store: Store) -> list[str]:
    """Install the versions shipped with the program that are not installed yet; returns the refs installed."""
    with store.tx():  # one durable commit for all of them
        return [item.ref for item in shelf.bundled() if install(shelf, store, item, "bundled")]


def installed(shelf: Shelf, store: Store) -> list[tuple[dict, Any]]:
    """(row without its content, parsed version) of every installed version, by id and version order."""
    out = []
    for r in store.db.query(f"SELECT * FROM {shelf.table}"):
        row = dict(r)
        out.append((row, shelf.parsed(row.pop("content"))))
    return sorted(out, key=lambda rp: (rp[0][shelf.id_column], version_key(rp[0]["version"])))


def versions(shelf: Shelf, store: Store, item_id: str) -> list[str]:
    rows = store.db.execute(f"SELECT version FROM {shelf.table} WHERE {shelf.id_column} = ?", (item_id,)).fetchall()
    return sorted((r[0] for r in rows), key=version_key)


def get(shelf: Shelf, store: Store, item_id: str, version: str | None = None) -> Any:
    """One installed version (the newest when version is None); a Vietnamese UserError when not installed."""
    if version is None:
        have = versions(shelf, store, item_id)
        if not have:
            _missing(shelf, store, item_id, None)
        version = have[-1]
    row = store.db.execute(
        f"SELECT content FROM {shelf.table} WHERE {shelf.id_column} = ? AND version = ?", (item_id, version)
    ).fetchone()
    if not row:
        _missing(shelf, store, item_id, version)
    return shelf.parsed(row[0])


def _missing(shelf: Shelf, store: Store, item_id: str, version: str | None):
    what = f"{item_id} phiên bản {version}" if version else item_id
    rows = store.db.execute(f"SELECT {shelf.id_column}, version FROM {shelf.table}").fetchall()
    have = (
        ", ".join(f"{i}@{v}" for i, v in sorted(rows, key=lambda r: (r[0], version_key(r[1]))))
        or f"chưa có {shelf.noun} nào"
    )
    raise UserError(
        f"Chưa cài {shelf.noun} {what}. Các {shelf.noun} đã cài: {have}. "
        f"Nạp tệp {shelf.noun} bằng «socds {shelf.command} import TỆP.xlsx»."
    )
