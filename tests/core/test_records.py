"""`@record` classes behave exactly as the `@dataclass(frozen=True)` they replace: each record class of the domain is
checked against a frozen dataclass twin built from its own fields, on real instances (a parsed indicator set, the
demo school scored, its plans, calendar, checklist and dashboard warnings)."""
from __future__ import annotations

import dataclasses
import importlib
from datetime import date
from decimal import Decimal

import pytest

from desktop.core.records import record

MODULES = ["desktop.core.bands", "desktop.core.indicators", "desktop.core.scoring", "desktop.core.deadlines",
           "desktop.core.plans", "desktop.core.calendar", "desktop.core.store.overview", "desktop.core.store.checklist"]


def _record_classes() -> list[type]:
    found = []
    for name in MODULES:
        for obj in vars(importlib.import_module(name)).values():
            if isinstance(obj, type) and obj.__module__ == name and getattr(obj.__init__, "__module__", "") == \
                    "desktop.core.records":
                found.append(obj)
    return found


def _twin(cls: type) -> type:
    fields = [(f.name, f.type, dataclasses.field(default=f.default, default_factory=f.default_factory, repr=f.repr,
                                                 hash=f.hash, compare=f.compare)) for f in dataclasses.fields(cls)]
    twin = dataclasses.make_dataclass(cls.__name__, fields, frozen=True)
    twin.__qualname__ = cls.__qualname__
    twin.__init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return twin


def _walk(value, out: dict, seen: set) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.setdefault(type(value), []).append(value)
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), out, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _walk(v, out, seen)
    elif isinstance(value, dict):
        for v in value.values():
            _walk(v, out, seen)


@pytest.fixture(scope="module")
def instances(demo_db, tmp_path_factory):
    import shutil

    from desktop.core.demo_day import DEMO_TODAY
    from desktop.core.store import Store
    from desktop.core.store import assessments as asm
    from desktop.core.store import checklist, overview
    from desktop.core.store import profile as prof

    db = shutil.copy(demo_db, tmp_path_factory.mktemp("records") / "demo.db")
    out: dict = {}
    with Store.open(db) as store:
        year = prof.current_school_year(store)
        a = asm.current_assessment(store)
        iset, result = asm.score_assessment(store, a["id"])
        values = [iset, result, overview.warnings(iset, result, overview.evidence_counts(store, a["id"])),
                  checklist.due_for_store(store, DEMO_TODAY, horizon_days=400, school_year_id=year["id"]),
                  checklist.checklist(store, year["id"], year["label"])]
        from desktop.core.store.plan_store import followed_packs

        values.append(followed_packs(store, year["id"]))
    from desktop.core.indicators import AnswerRule, Choice

    values.append(AnswerRule("choice", choices=(Choice("a", "Có, đầy đủ", Decimal(2)), Choice("b", "Một phần",
                                                                                               Decimal("0.5")))))
    seen: set = set()
    for v in values:
        _walk(v, out, seen)
    return out


def test_every_record_class_is_checked(instances):
    classes = _record_classes()
    assert len(classes) >= 20
    assert not [c.__name__ for c in classes if c not in instances], "a record class without a real instance here"


def _required(cls) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING]


def _same_error(call_a, call_b) -> None:
    errors = []
    for call in (call_a, call_b):
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - the point is to compare them
            errors.append((type(exc), str(exc)))
        else:
            errors.append(None)
    assert errors[0] == errors[1]


def test_records_behave_as_frozen_dataclasses(instances):
    for cls in _record_classes():
        twin = _twin(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        assert cls.__match_args__ == twin.__match_args__
        for obj in instances[cls][:12]:
            args = [getattr(obj, n) for n in names]
            ours, theirs = cls(*args), twin(*args)
            assert vars(ours) == vars(theirs) and list(vars(ours)) == list(vars(theirs))
            assert repr(ours) == repr(theirs)
            assert ours == cls(**dict(zip(names, args))) and ours == obj and not ours != obj
            assert (ours == cls(*args)) == (theirs == twin(*args))
            assert ours.__eq__(theirs) is NotImplemented and ours.__eq__(1) is NotImplemented
            _same_error(lambda: hash(ours), lambda: hash(theirs))
            try:
                assert hash(ours) == hash(theirs)
            except TypeError:
                pass  # a dict field: unhashable in both (checked above)
            assert dataclasses.asdict(ours) == dataclasses.asdict(obj)
            changed = dataclasses.replace(ours, **{names[0]: "x"})
            assert type(changed) is cls and getattr(changed, names[0]) == "x" and changed != ours
            for name in (names[0], "not_a_field"):
                _same_error(lambda: setattr(ours, name, 1), lambda: setattr(theirs, name, 1))
                _same_error(lambda: delattr(ours, name), lambda: delattr(theirs, name))
            required = _required(cls)
            _same_error(lambda: cls(*args[:len(required)]), lambda: twin(*args[:len(required)]))
            if len(required) < len(names):  # defaults and default factories
                assert vars(cls(*args[:len(required)])) == vars(twin(*args[:len(required)]))
            _same_error(lambda: cls(), lambda: twin())
            _same_error(lambda: cls(*args, 1), lambda: twin(*args, 1))
            _same_error(lambda: cls(*args, **{names[0]: 1}), lambda: twin(*args, **{names[0]: 1}))
            _same_error(lambda: cls(*args, nope=1), lambda: twin(*args, nope=1))
            if len(required) >= 3:
                _same_error(lambda: cls(args[0]), lambda: twin(args[0]))


def test_repr_of_a_record_inside_itself_stops():
    @record
    class Node:
        """A test record that can hold itself."""
        name: str
        children: list

    node = Node("a", [])
    node.children.append(node)
    assert repr(node).endswith(".<locals>.Node(name='a', children=[...])")


def test_unsupported_declarations_are_refused():
    with pytest.raises(TypeError):
        @record
        class WithPostInit:
            """x"""
            a: int

            def __post_init__(self):
                pass

    with pytest.raises(TypeError):
        @record
        class WithInitFalse:
            """x"""
            a: int = dataclasses.field(default=0, init=False)

    @dataclasses.dataclass
    class Base:
        a: int

    with pytest.raises(TypeError):
        @record
        class Child(Base):
            """x"""
            b: int


def test_a_small_record_end_to_end():
    @record
    class Point:
        """x"""
        x: Decimal
        y: Decimal = Decimal(0)
        when: date | None = None

    p = Point(Decimal(1))
    assert p == Point(Decimal("1.0"), Decimal(0)) and hash(p) == hash(Point(Decimal(1)))
    assert repr(p) == "test_a_small_record_end_to_end.<locals>.Point(x=Decimal('1'), y=Decimal('0'), when=None)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = Decimal(2)
