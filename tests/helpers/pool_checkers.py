"""Watching the intake pool from a test: every PoolChecker an intake run makes, to look at after the run."""
from desktop.core.commune import intake_pool


def record_pool_checkers(monkeypatch) -> list:
    """Make intake_pool.PoolChecker note each checker it creates; returns the list they are added to."""
    made = []
    real = intake_pool.PoolChecker

    class Recording(real):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    monkeypatch.setattr(intake_pool, "PoolChecker", Recording)
    return made
