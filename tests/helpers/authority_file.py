"""An authority-mode data file with N schools: the demo commune's roster, test root and report files, taken in
through the real intake (signatures verified). Used by the soak test and the large-list benchmark."""
from __future__ import annotations

import shutil
from pathlib import Path


def build_authority_file(db: Path, n: int, work: Path) -> Path:
    """Write `db` (replaced if present). `work` holds the demo commune; a commune of `n` schools already there is
    reused (generating 1,000 signed reports takes a minute or two)."""
    from desktop.core.commune.demo import build_commune, cpu_count

    folder = Path(work) / f"xa-{n}"
    done = folder / "done"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        build_commune(folder, n, workers=cpu_count() if n >= 50 else 1)
        done.write_text("ok")
    return authority_file_from(folder, db)


def authority_file_from(folder: Path, db: Path) -> Path:
    """`db` (replaced if present) in authority mode, with the demo commune in `folder` taken in."""
    from desktop.core.commune import inbox, mode, roster
    from desktop.core.commune.demo import ROOT_NAME, ROSTER_NAME
    from desktop.core.signing import TrustStore
    from desktop.core.store import Store
    from desktop.core.store.indicator_store import ensure_bundled

    folder = Path(folder)
    db = Path(db)
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    with Store.open(db) as store:
        ensure_bundled(store)
        mode.set_mode(store, "authority")
        from desktop.core.commune.authority import AuthorityInfo
        AuthorityInfo(name="UBND xã Tuệ Tĩnh", signer_name="Trần Văn Bình").save(store)  # the roll-up's letterhead
        roster.import_workbook(store, folder / ROSTER_NAME)
        TrustStore.for_store(store).import_file(folder / ROOT_NAME)
        inbox.take_in(store, [str(folder / "bao-cao")], trust=TrustStore.for_store(store).certificates())
    return db
