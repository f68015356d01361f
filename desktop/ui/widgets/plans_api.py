"""Access to the plan-pack modules, which a build may not have yet: None instead of an ImportError."""
from __future__ import annotations

import importlib


def optional(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def plan_store():
    return optional("desktop.core.store.plan_store")


def checklist_api():
    return optional("desktop.core.store.checklist")


def calendar_api():
    return optional("desktop.core.calendar")
