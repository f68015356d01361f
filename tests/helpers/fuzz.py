"""Shared pieces of the hypothesis fuzz tests for indicator sets and plan packs."""
import io
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from desktop.core.errors import UserError

# Few examples in `make test`; SOCDS_FUZZ_EXAMPLES=2000 for a long hunt.
_N = int(os.environ.get("SOCDS_FUZZ_EXAMPLES", "0"))
FAST = settings(max_examples=_N or 60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=_N or 25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def json_tree(scalars):
    """JSON-like values built from `scalars`: lists and objects a few levels deep."""
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                        max_leaves=8)


def all_paths(d, prefix=()):
    """Every key path inside a JSON document (the root excluded)."""
    if prefix:
        yield prefix
    if isinstance(d, dict):
        for k, v in d.items():
            yield from all_paths(v, prefix + (k,))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from all_paths(v, prefix + (i,))


def set_path(d, path, value) -> bool:
    """Put `value` at `path`; False when an earlier mutation replaced a parent."""
    try:
        for key in path[:-1]:
            d = d[key]
        d[path[-1]] = value
        return True
    except (KeyError, IndexError, TypeError):
        return False


def workbook_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def corrupted(good: bytes, offset: int, junk: bytes, truncate: bool) -> bytes:
    return good[:offset] if truncate else good[:offset] + junk + good[offset + len(junk):]


def import_refuses_cleanly(import_fn, path) -> None:
    """The importer either accepts the file or raises a UserError: nothing else."""
    try:
        import_fn(path)
    except UserError:
        pass
