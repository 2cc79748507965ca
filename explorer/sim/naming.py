"""Names, UIDs and timestamps generated the way Kubernetes generates them, but deterministically.

- ``pod-template-hash``: FNV-1a (32 bit) of the pod template, written with ``rand.SafeEncodeString`` (as
  ``controller.ComputeHash`` does), e.g. ``7d4b9c8f6b``.
- generateName suffixes: 5 characters from the same alphabet as ``utilrand.String`` (no vowels, no 0/1/3).
- UIDs: version-4-shaped UUIDs drawn from the simulator's seeded random generator.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"
EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


def fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def safe_encode(text: str) -> str:
    """``rand.SafeEncodeString``: each byte mapped onto the vowel-free alphabet."""
    return "".join(ALPHANUMS[b % len(ALPHANUMS)] for b in text.encode())


def pod_template_hash(template: dict, collision_count: int = 0) -> str:
    """The ``pod-template-hash`` label value of a Deployment's pod template."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":"), default=str).encode()
    if collision_count:
        data += str(collision_count).encode()
    return safe_encode(str(fnv32a(data)))


def random_suffix(rng, n: int = 5) -> str:
    """``utilrand.String(n)`` from the seeded generator."""
    return "".join(rng.choice(ALPHANUMS) for _ in range(n))


def new_uid(rng) -> str:
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def timestamp(seconds: int) -> str:
    """RFC 3339 time of a simulated second (the simulation starts at 2026-01-01T00:00:00Z)."""
    return (EPOCH + timedelta(seconds=int(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")
