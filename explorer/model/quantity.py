"""Kubernetes resource quantities (``500m``, ``1.5``, ``1Gi``, ``128974848``, ``129e6``).

CPU is handled in millicores and memory in bytes, both as ints. Parsing follows
``k8s.io/apimachinery/pkg/api/resource``: binary suffixes Ki..Ei, decimal suffixes n, u, m, k, M..E and
exponent notation. Values are rounded up to the next whole unit, as the API server does.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, ROUND_CEILING

from explorer.model.errors import InvalidValueError

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {
    "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
    "k": Decimal("1e3"), "M": Decimal("1e6"), "G": Decimal("1e9"), "T": Decimal("1e12"),
    "P": Decimal("1e15"), "E": Decimal("1e18"),
}
_QUANTITY = re.compile(r"^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$")
_CACHE: dict = {}


def parse_quantity(value) -> Decimal:
    """Return the exact value of a quantity as a Decimal.

    Raises :class:`InvalidValueError` when ``value`` is not a quantity (a bool, an empty string, ``"1 Gi"``).
    """
    if isinstance(value, bool):
        raise InvalidValueError(f"quantities must match the regular expression "
                                f"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise InvalidValueError(f"quantity must be a string or a number, got {type(value).__name__}")
    match = _QUANTITY.match(value.strip())
    if not match or not value.strip():
        raise InvalidValueError(f"quantities must match the regular expression "
                                f"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got {value!r}")
    number, suffix = match.group(1), match.group(2) or ""
    try:
        base = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees a number
        raise InvalidValueError(f"invalid quantity {value!r}") from exc
    if suffix in _BINARY:
        return base * _BINARY[suffix]
    if suffix[:1] in ("e", "E"):
        return base * (Decimal(10) ** int(suffix[1:]))
    return base * _DECIMAL[suffix]


def cpu_millis(value) -> int:
    """CPU quantity in millicores, rounded up: ``"500m"`` -> 500, ``"1.5"`` -> 1500, ``2`` -> 2000."""
    key = ("c", value) if not isinstance(value, (dict, list)) else None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    result = int((parse_quantity(value) * 1000).to_integral_value(rounding=ROUND_CEILING))
    if key is not None and len(_CACHE) < 100_000:
        _CACHE[key] = result
    return result


def memory_bytes(value) -> int:
    """Memory (or any plain) quantity in whole units, rounded up: ``"1Gi"`` -> 1073741824."""
    key = ("b", value) if not isinstance(value, (dict, list)) else None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    result = int(parse_quantity(value).to_integral_value(rounding=ROUND_CEILING))
    if key is not None and len(_CACHE) < 100_000:
        _CACHE[key] = result
    return result


def format_cpu(millis: int) -> str:
    """Canonical CPU text: ``1500`` -> ``"1500m"``, ``2000`` -> ``"2"``."""
    return str(millis // 1000) if millis % 1000 == 0 else f"{millis}m"


def format_memory(n: int) -> str:
    """Canonical memory text using the largest exact binary suffix: ``2**30`` -> ``"1Gi"``."""
    for suffix in ("Ei", "Pi", "Ti", "Gi", "Mi", "Ki"):
        unit = _BINARY[suffix]
        if n and n % unit == 0:
            return f"{n // unit}{suffix}"
    return str(n)
