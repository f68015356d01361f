"""`@record`: a frozen dataclass whose methods are shared code instead of code compiled for each class.

`@dataclass(frozen=True)` writes __init__, __repr__, __eq__, __hash__, __setattr__ and __delattr__ as source text
for every class and compiles each one when the module is imported: ~0.6 ms a class, ~13 ms for the 22 classes the
window's start page loads (issue 11). A `@record` class is the same dataclass (`dataclasses.fields`, `replace`,
`asdict` and `is_dataclass` work on it; fields, defaults and default factories are declared the same way) with the
same behaviour: instances are immutable (FrozenInstanceError, with the same message), compare and hash by the
fields marked to (as a tuple, like the generated methods), print as `Name(field=value, ...)` and take their fields
positionally or by keyword in declaration order. tests/core/test_records.py checks every record class against a
`@dataclass(frozen=True)` twin built from its own fields.

Not supported (refused when the class is declared): ClassVar/InitVar fields, `init=False` fields, keyword-only
fields, `__post_init__`, inheriting from another dataclass.
"""
from __future__ import annotations

import dataclasses
import threading
from dataclasses import MISSING, FrozenInstanceError

_repr_running: set[tuple[int, int]] = set()


def record(cls: type) -> type:
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a record neither inherits from a dataclass nor has __post_init__")
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # fields, defaults, __match_args__: no exec
    fields = dataclasses.fields(cls)
    if len(fields) != len(cls.__dataclass_fields__) or any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: a record has only plain fields (no ClassVar/InitVar, init=False, kw_only)")
    names = tuple(f.name for f in fields)
    cls.__init__ = _init(cls, fields)
    cls.__repr__ = _repr(tuple(f.name for f in fields if f.repr))
    compared = tuple(f.name for f in fields if f.compare)
    cls.__eq__ = _eq(compared)
    cls.__hash__ = _hash(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    cls.__setattr__, cls.__delattr__ = _frozen(cls, frozenset(names))
    return cls


def _init(cls: type, fields) -> object:
    names = tuple(f.name for f in fields)
    count = len(names)
    defaults = {f.name: f.default for f in fields if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not MISSING}
    qualname = f"{cls.__qualname__}.__init__()"
    setter = object.__setattr__
    least = 1 + sum(1 for f in fields if f.default is MISSING and f.default_factory is MISSING)
    takes = f"{count + 1}" if least == count + 1 else f"from {least} to {count + 1}"

    def __init__(self, *args, **kwargs):  # noqa: N807 - the method it is
        if len(args) > count:
            raise TypeError(f"{qualname} takes {takes} positional arguments but {len(args) + 1} were given")
        for name, value in zip(names, args):
            setter(self, name, value)
        if len(args) < count or kwargs:
            missing = []
            for name in names[len(args):]:
                if name in kwargs:
                    setter(self, name, kwargs.pop(name))
                elif name in defaults:
                    setter(self, name, defaults[name])
                elif name in factories:
                    setter(self, name, factories[name]())
                else:
                    missing.append(name)
            if kwargs:
                name = next(iter(kwargs))
                if name in names:
                    raise TypeError(f"{qualname} got multiple values for argument {name!r}")
                raise TypeError(f"{qualname} got an unexpected keyword argument {name!r}")
            if missing:
                quoted = [repr(m) for m in missing]
                listed = quoted[0] if len(quoted) == 1 else (
                    " and ".join(quoted) if len(quoted) == 2 else ", ".join(quoted[:-1]) + ", and " + quoted[-1])
                raise TypeError(f"{qualname} missing {len(missing)} required positional argument"
                                f"{'s' if len(missing) > 1 else ''}: {listed}")

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _repr(names: tuple[str, ...]):
    def __repr__(self):  # noqa: N807
        key = (id(self), threading.get_ident())
        if key in _repr_running:
            return "..."
        _repr_running.add(key)
        try:
            return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"
        finally:
            _repr_running.discard(key)
    return __repr__


def _eq(names: tuple[str, ...]):
    def __eq__(self, other):  # noqa: N807
        if other.__class__ is self.__class__:
            return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
        return NotImplemented
    return __eq__


def _hash(names: tuple[str, ...]):
    def __hash__(self):  # noqa: N807
        return hash(tuple(getattr(self, n) for n in names))
    return __hash__


def _frozen(cls: type, names: frozenset[str]):
    def __setattr__(self, name, value):  # noqa: N807
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):  # noqa: N807
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)
    return __setattr__, __delattr__
