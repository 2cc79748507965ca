"""kubectl's ways of writing times and quantities.

- :func:`human_duration` is ``duration.HumanDuration`` (the AGE column: ``45s``, ``3m12s``, ``5h``, ``2d3h``).
- :func:`rfc1123z` is Go's ``time.RFC1123Z`` (``Thu, 01 Jan 2026 00:00:03 +0000``), used by ``describe``.
- :func:`cpu_string` / :func:`memory_string` print summed requests as ``Quantity.String()`` does for them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

from explorer.sim.naming import EPOCH


def seconds_of(timestamp: str | None) -> int | None:
    """Simulated seconds of an RFC 3339 timestamp (the simulation starts at ``naming.EPOCH``); None if unset."""
    if not timestamp:
        return None
    return _seconds_of(timestamp)


@lru_cache(maxsize=65536)
def _seconds_of(timestamp: str) -> int | None:
    """:func:`seconds_of` for a string; cached (thousands of objects share each creation second, and
    ``strptime`` was half the time of ``get pods -A``)."""
    try:
        moment = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return int((moment - EPOCH).total_seconds())


def age(timestamp: str | None, now: int) -> str:
    """The AGE of an object created at ``timestamp``, at simulated time ``now``; ``<unknown>`` if unset."""
    then = seconds_of(timestamp)
    if then is None:
        return "<unknown>"
    return human_duration(now - then)


def human_duration(seconds: int) -> str:
    """``k8s.io/apimachinery/pkg/util/duration.HumanDuration``."""
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def rfc1123z(timestamp: str | None) -> str:
    """Go's RFC1123Z rendering of an RFC 3339 timestamp; the zero time when unset (as Go prints it)."""
    then = seconds_of(timestamp)
    if then is None:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    moment = datetime.fromtimestamp(EPOCH.timestamp() + then, tz=timezone.utc)
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def cpu_string(millis: int) -> str:
    """CPU as kubectl prints a quantity in DecimalSI: ``250m``, ``1``, ``1500m``, ``0``."""
    if millis % 1000 == 0:
        return str(millis // 1000)
    return f"{millis}m"


def memory_string(value: int) -> str:
    """Memory as kubectl prints a quantity in BinarySI: the largest exact suffix (``256Mi``, ``1Gi``)."""
    if value == 0:
        return "0"
    for suffix, factor in (("Ei", 1 << 60), ("Pi", 1 << 50), ("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20),
                           ("Ki", 1 << 10)):
        if value % factor == 0:
            return f"{value // factor}{suffix}"
    return str(value)


def memory_mi(value: int) -> str:
    """Memory as ``kubectl top`` prints it: whole mebibytes (``256Mi``)."""
    return f"{value // (1 << 20)}Mi"


def naming_timestamp(seconds: int) -> str:
    """RFC 3339 timestamp of a simulated second."""
    from explorer.sim.naming import timestamp
    return timestamp(seconds)
