"""Evidence: files (content-addressed by sha256 in the sidecar folder), links and notes; links to items and tasks.

The stored file's name is its hash, never the user's file name, so hostile names (`../`, `CON`, very long) can
never steer where we write. Removal is soft; `empty_bin` deletes for good and drops files nobody references.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path

from desktop.core.errors import UserError, nfc
from desktop.core.fileio import atomic_writer, describe_os_error
from desktop.core.store.db import Store, utcnow

CHUNK = 1 << 20
MAX_FILE_BYTES = 2 * 1024**3  # 2 GiB: anything larger is surely a mistake for a school report


def evidence_dir(store: Store) -> Path:
    d = store.data_dir / "evidence"
    d.mkdir(parents=True, exist_ok=True)
    return d


def blob_path(store: Store, sha256: str) -> Path:
    return evidence_dir(store) / sha256[:2] / sha256


def safe_title(name: str, limit: int = 200) -> str:
    """A display title from a user's file name: NFC, no path parts or control characters, bounded length."""
    name = nfc(name).replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    return (name or "tệp không tên")[:limit]


def _read(fin, src: Path) -> bytes:
    """One chunk of the user's file; a read failure (bad sector, file locked by another program) names that file,
    not the evidence folder."""
    try:
        return fin.read(CHUNK)
    except OSError as exc:
        raise UserError(
            f"Không đọc được tệp «{safe_title(src.name)}» ({exc.strerror or exc}): tệp bị khóa, không có quyền "
            "đọc hoặc nằm trên ổ đĩa hỏng. Hãy mở thử tệp, lưu một bản khác rồi thêm lại."
        ) from exc


def _ingest(store: Store, src: Path) -> tuple[str, int]:
    """Copy `src` into the content store, hashing while copying; atomic rename into place."""
    folder = evidence_dir(store)
    h = hashlib.sha256()
    size = 0
    tmp = None
    try:
        if src.stat().st_size > MAX_FILE_BYTES:  # refuse at once, before reading gigabytes
            raise UserError(f"Tệp {safe_title(src.name)} quá lớn (trên 2 GB), không thể làm minh chứng.")
        try:
            fin = open(src, "rb")  # closed by the with below; an open failure must name the user's file
        except (FileNotFoundError, IsADirectoryError):
            raise
        except OSError as exc:
            raise UserError(
                f"Không đọc được tệp «{safe_title(src.name)}» ({exc.strerror or exc}): tệp bị khóa, không có quyền "
                "đọc hoặc nằm trên ổ đĩa hỏng. Hãy mở thử tệp, lưu một bản khác rồi thêm lại."
            ) from exc
        fd, tmp = tempfile.mkstemp(prefix=".~ingest.", dir=folder)
        with fin, os.fdopen(fd, "wb") as fout:
            while chunk := _read(fin, src):
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise UserError(f"Tệp {safe_title(src.name)} quá lớn (trên 2 GB), không thể làm minh chứng.")
                h.update(chunk)
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        if size == 0:
            raise UserError(
                f"Tệp «{safe_title(src.name)}» rỗng (0 byte), không thể làm minh chứng. Hãy kiểm tra lại tệp "
                "(có thể lưu hoặc sao chép chưa xong) rồi thêm lại."
            )
        digest = h.hexdigest()
        target = blob_path(store, digest)
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
        tmp = None
        return digest, size
    except UserError:
        raise
    except FileNotFoundError as exc:
        raise UserError(f"Không tìm thấy tệp {src}.") from exc
    except IsADirectoryError as exc:
        raise UserError(f"{src} là một thư mục, không phải tệp.") from exc
    except OSError as exc:
        raise UserError(describe_os_error(exc, evidence_dir(store))) from exc
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def add_file(store: Store, src: Path | str, title: str | None = None) -> int:
    src = Path(src)
    digest, size = _ingest(store, src)
    mime = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
    return store.insert(
        "evidence",
        {
            "kind": "file",
            "title": nfc(title) if title else safe_title(src.name),
            "sha256": digest,
            "size": size,
            "mime": mime,
            "original_name": safe_title(src.name, 255),
            "added_at": utcnow(),
        },
        summary=f"Thêm minh chứng: {safe_title(title or src.name)}",
    )


def add_link(store: Store, url: str, title: str = "") -> int:
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise UserError(f"Đường dẫn «{url[:80]}» không hợp lệ: phải bắt đầu bằng http:// hoặc https://.")
    return store.insert(
        "evidence",
        {"kind": "link", "title": nfc(title.strip() or url), "url": url, "added_at": utcnow()},
        summary=f"Thêm liên kết minh chứng: {url}",
    )


def add_note(store: Store, text: str, title: str = "") -> int:
    if not text.strip():
        raise UserError("Ghi chú minh chứng đang trống.")
    text = nfc(text.strip())
    return store.insert(
        "evidence",
        {"kind": "note", "title": nfc(title.strip()) or text[:60], "note_text": text, "added_at": utcnow()},
        summary="Thêm ghi chú minh chứng",
    )


def rename(store: Store, evidence_id: int, title: str) -> None:
    if not title.strip():
        raise UserError("Tên minh chứng không được để trống.")
    store.write(
        "evidence",
        {"id": evidence_id},
        {"title": nfc(title.strip())},
        summary=f"Đổi tên minh chứng thành «{title.strip()}»",
    )


def remove(store: Store, evidence_id: int) -> None:
    store.write("evidence", {"id": evidence_id}, {"removed_at": utcnow()}, summary="Bỏ minh chứng vào thùng rác")


def restore(store: Store, evidence_id: int) -> None:
    store.write("evidence", {"id": evidence_id}, {"removed_at": None}, summary="Khôi phục minh chứng")


def link(
    store: Store,
    evidence_id: int,
    *,
    assessment_id: int | None = None,
    item_code: str | None = None,
    pack_id: str | None = None,
    task_id: str | None = None,
    period: str | None = None,
) -> int:
    existing = store.db.execute(
        "SELECT id FROM evidence_links WHERE evidence_id = ? AND assessment_id IS ? AND item_code IS ? "
        "AND pack_id IS ? AND task_id IS ? AND period IS ? AND removed_at IS NULL",
        (evidence_id, assessment_id, item_code, pack_id, task_id, period),
    ).fetchone()
    if existing:
        return existing[0]
    target = f"tiêu chí {item_code}" if item_code else f"nhiệm vụ {task_id}"
    return store.insert(
        "evidence_links",
        {
            "evidence_id": evidence_id,
            "assessment_id": assessment_id,
            "item_code": item_code,
            "pack_id": pack_id,
            "task_id": task_id,
            "period": period,
            "created_at": utcnow(),
        },
        summary=f"Gắn minh chứng vào {target}",
    )


def unlink(store: Store, link_id: int) -> None:
    store.write("evidence_links", {"id": link_id}, {"removed_at": utcnow()}, summary="Gỡ minh chứng khỏi mục")


def for_item(store: Store, assessment_id: int, item_code: str) -> list[dict]:
    return [
        dict(r)
        for r in store.db.query(
            "SELECT e.*, l.id AS link_id FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id "
            "WHERE l.assessment_id = ? AND l.item_code = ? AND l.removed_at IS NULL AND e.removed_at IS NULL "
            "ORDER BY e.id",
            [assessment_id, item_code],
        )
    ]


def for_task(store: Store, pack_id: str, task_id: str, period: str | None = None) -> list[dict]:
    sql = (
        "SELECT e.*, l.id AS link_id FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id "
        "WHERE l.pack_id = ? AND l.task_id = ? AND l.removed_at IS NULL AND e.removed_at IS NULL"
    )
    args: list = [pack_id, task_id]
    if period is not None:
        sql += " AND (l.period = ? OR l.period IS NULL)"
        args.append(period)
    return [dict(r) for r in store.db.query(sql + " ORDER BY e.id", args)]


def live(store: Store) -> list[dict]:
    """Every piece of evidence not in the bin (id, kind, title), by title: what can be attached again elsewhere."""
    return [
        dict(r) for r in store.db.query("SELECT id, kind, title FROM evidence WHERE removed_at IS NULL ORDER BY title")
    ]


def removed(store: Store) -> list[dict]:
    return [
        dict(r) for r in store.db.query("SELECT * FROM evidence WHERE removed_at IS NOT NULL ORDER BY removed_at DESC")
    ]


def empty_bin(store: Store) -> int:
    """Delete removed evidence for good (the user asked), with its history, and drop unreferenced content files."""
    with store.tx():
        gone = [r[0] for r in store.db.execute("SELECT id FROM evidence WHERE removed_at IS NOT NULL")]
        for eid in gone:
            store.db.execute("DELETE FROM evidence_links WHERE evidence_id = ?", (eid,))
            store.db.execute("DELETE FROM evidence WHERE id = ?", (eid,))
            # Emptied means gone: undo must not resurrect a row whose file is deleted below.
            store.db.execute(
                "DELETE FROM history WHERE table_name = 'evidence' AND json_extract(row_key, '$.id') = ?", (eid,)
            )
            store.db.execute(
                "DELETE FROM history WHERE table_name = 'evidence_links' AND "
                "coalesce(json_extract(after, '$.evidence_id'), json_extract(before, '$.evidence_id')) = ?",
                (eid,),
            )
    live = {r[0] for r in store.db.execute("SELECT DISTINCT sha256 FROM evidence WHERE sha256 IS NOT NULL")}
    for sub in evidence_dir(store).iterdir():
        if sub.is_dir():
            for f in sub.iterdir():
                if f.name not in live and not f.name.startswith("."):
                    with contextlib.suppress(OSError):
                        f.unlink()
    return len(gone)


def export_copy(store: Store, evidence_id: int, folder: Path) -> Path:
    """Copy a file's content out under a safe version of its original name (to open or attach it)."""
    row = store.row("evidence", {"id": evidence_id})
    if not row or row["kind"] != "file":
        raise UserError("Minh chứng này không phải là tệp.")
    src = blob_path(store, row["sha256"])
    if not src.exists():
        raise UserError(f"Tệp của minh chứng «{row['title']}» không còn trong thư mục dữ liệu ({src}).")
    name = safe_title(row["original_name"] or row["title"], 120)
    stem, ext = os.path.splitext(name)
    if stem.upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}:
        name = f"_{stem}{ext}"
    target = folder / name
    with open(src, "rb") as fin, atomic_writer(target) as fout:  # a full disk leaves no half copy
        shutil.copyfileobj(fin, fout, CHUNK)
    return target
