"""A school first declared with a wrong level (THCS), assessed under QĐ 4725, then corrected to preschool (MN) only
(issue 19): shared by the core, CLI and dashboard tests."""
from desktop.core.store import Store
from desktop.core.store import assessments as asm
from desktop.core.store import profile as prof
from desktop.core.store.indicator_store import ensure_bundled
from desktop.core.store.plan_store import ensure_bundled as ensure_plans
from desktop.core.store.plan_store import follow_pack


def corrected_preschool(store: Store) -> int:
    """Returns the id of the QĐ 4725 self-assessment made while the school was declared THCS."""
    prof.save_school(store, prof.School(name="Trường Mầm non Hoa Mai", code="79000123", levels=["THCS"]))
    year = prof.ensure_school_year(store, 2025)
    ensure_bundled(store)
    ensure_plans(store)
    follow_pack(store, year, "tuetinh-cv-cds-2026")
    aid = asm.create_assessment(store, year, "qd4725-2022")
    asm.set_answer(store, aid, "1.1", True)
    school = prof.get_school(store)
    school.levels = ["MN"]  # the level corrected on the profile page
    prof.save_school(store, school)
    return aid
