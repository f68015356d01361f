"""Sổ CĐS never goes on the network: pyHanko's HTTP clients are replaced before pyHanko is imported.

pyHanko imports its aiohttp clients unconditionally although the app never uses them: `pyhanko.sign.timestamps`
imports `HTTPTimeStamper` from `.aiohttp_client` (the app never asks a TSA for a timestamp), and the signer's
`pyhanko.sign.validation.ades` imports `AIOHttpFetcherBackend` from `pyhanko_certvalidator.fetchers.
aiohttp_fetchers` (the app validates with `allow_fetching=False` against the school's own trust roots). Both
modules `import aiohttp`, ~150–200 ms of every first signature or verification (issue 11), and aiohttp with
yarl, multidict, frozenlist, aiosignal, aiohappyeyeballs, propcache and attrs then has to ship in the bundle.

`install()` puts stand-ins for those two modules into `sys.modules`, with the same public names (`__all__` of
the real modules; tests/core/test_signing_offline.py fails if a pyHanko release changes them). A stand-in class
cannot be constructed: it raises a Vietnamese UserError, so if some code path ever did ask for a network
timestamp or a certificate fetch, the user gets a clear message instead of a silent connection attempt.
No pyHanko version offers a switch for this (its own `_default_fetcher_backend` defers the import; these two
do not). Importing this module imports nothing from pyHanko; `desktop.core.signing` installs it on import.
"""
from __future__ import annotations

import importlib.machinery
import sys
import types

from desktop.core.errors import UserError

TIMESTAMP_MESSAGE = "Sổ CĐS làm việc ngoại tuyến: không dùng dịch vụ cấp dấu thời gian qua mạng."
FETCH_MESSAGE = ("Sổ CĐS làm việc ngoại tuyến: không tải chứng thư số, danh sách thu hồi (CRL) hay trạng thái "
                 "OCSP qua mạng.")


class _Offline:
    """A pyHanko network client that the offline app refuses to create."""

    message = ""

    def __init__(self, *args, **kwargs):
        raise UserError(self.message)


class HTTPTimeStamper(_Offline):
    message = TIMESTAMP_MESSAGE


class AIOHttpTimeStamper(HTTPTimeStamper):
    pass


class AIOHttpFetcherBackend(_Offline):
    message = FETCH_MESSAGE


# module replaced -> its public names (the real module's __all__) and their stand-ins
REPLACED = {
    "pyhanko.sign.timestamps.aiohttp_client": {"AIOHttpTimeStamper": AIOHttpTimeStamper,
                                               "HTTPTimeStamper": HTTPTimeStamper},
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": {"AIOHttpFetcherBackend": AIOHttpFetcherBackend},
}


def _stand_in(name: str, names: dict) -> types.ModuleType:
    module = types.ModuleType(name, f"Offline stand-in for {name} (desktop.core.signing.offline).")
    module.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=__name__)
    module.__all__ = sorted(names)
    for attr, cls in names.items():
        setattr(module, attr, cls)
    return module


def install() -> None:
    """Register the stand-ins (idempotent). A real module that is already imported is left alone: some other
    code imported pyHanko first, and replacing it afterwards would change nothing but the names."""
    for name, names in REPLACED.items():
        if name not in sys.modules:
            sys.modules[name] = _stand_in(name, names)


def installed() -> bool:
    """True when every replaced module in sys.modules is our stand-in."""
    return all(getattr(sys.modules.get(name), "__spec__", None) is not None
               and sys.modules[name].__spec__.origin == __name__ for name in REPLACED)
