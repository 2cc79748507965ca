"""Commands that block in real kubectl (drain, rollout status) advance the simulated clock instead."""

from __future__ import annotations


def advance_until(sim, done, max_seconds: int, on_step=None) -> bool:
    """Step the simulator until ``done()`` holds or ``max_seconds`` of simulated time pass; True if done.

    ``on_step()`` runs after each step (rollout status prints its progress there)."""
    deadline = sim.now + max_seconds
    while not done():
        if sim.now >= deadline:
            return False
        before = sim.now
        sim.step()
        if sim.now == before:           # nothing pending at this moment: let one second pass
            sim.step(1)
        if sim.now > deadline:
            return done()
        if on_step is not None:
            on_step()
    return True


def timeout_seconds(flags: dict, default: int) -> int:
    """``--timeout`` as seconds (``90s``, ``5m``, ``1h``, or a bare number); ``default`` when absent or 0."""
    value = str(flags.get("timeout") or "").strip()
    if not value:
        return default
    units = {"s": 1, "m": 60, "h": 3600}
    try:
        seconds = int(value[:-1]) * units[value[-1]] if value[-1] in units else int(value)
    except (ValueError, KeyError):
        from explorer.kubectl.core import CommandError
        raise CommandError(f'invalid argument "{value}" for "--timeout" flag: time: invalid duration '
                           f'"{value}"') from None
    return seconds or default
