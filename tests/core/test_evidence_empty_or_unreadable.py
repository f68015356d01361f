"""Issue 22: a 0-byte or unreadable evidence file is refused with a message naming it, and never counts as
evidence (an empty file stored before the fix does not turn the item green)."""
import os

import pytest

from desktop.core.errors import UserError
from desktop.core.indicator_parse import bundled_sets
from desktop.core.store import assessments as asm
from desktop.core.store import evidence as ev
from desktop.core.store import indicator_store, overview
from desktop.core.store import profile as prof
from desktop.core.store.db import utcnow


def _files(store):
    return store.db.execute("SELECT count(*) FROM evidence").fetchone()[0]


def test_empty_file_is_refused(store, tmp_path):
    empty = tmp_path / "Biên bản họp.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UserError) as exc:
        ev.add_file(store, empty)
    assert "Biên bản họp.pdf" in str(exc.value) and "0 byte" in str(exc.value)
    assert _files(store) == 0
    assert [p for p in ev.evidence_dir(store).rglob("*") if p.is_file()] == []  # no half-ingested blob left


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_unreadable_file_is_refused_naming_it(store):
    # /proc/self/mem opens but its first page cannot be read (EIO), even as root: a file that fails mid-read
    with pytest.raises(UserError) as exc:
        ev.add_file(store, "/proc/self/mem")
    assert "Không đọc được tệp «mem»" in str(exc.value)
    assert _files(store) == 0
    assert [p for p in ev.evidence_dir(store).rglob("*") if p.is_file()] == []


def test_a_stored_empty_file_is_not_evidence(store):
    iset = next(s for s in bundled_sets() if s.set_id == "qd4725-2022")
    indicator_store.install_set(store, iset)
    prof.save_school(store, prof.School(name="Trường THCS A", levels=["THCS"]))
    aid = asm.create_assessment(store, prof.ensure_school_year(store, 2025), iset.set_id)
    with store.tx():  # as an older version stored it
        eid = store.write("evidence", {}, {"kind": "file", "title": "rỗng.pdf", "size": 0, "added_at": utcnow(),
                                           "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
        ev.link(store, eid, assessment_id=aid, item_code="1.3.1")
    assert overview.evidence_counts(store, aid).get("1.3.1", 0) == 0
