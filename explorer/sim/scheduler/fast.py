"""The incremental path (placeholder until the equivalence-class engine lands): always defers to the plain
cycle by returning None."""

from __future__ import annotations


class FastPath:
    def __init__(self, scheduler):
        self.scheduler = scheduler

    def try_schedule(self, pi, dry_run: bool = False):
        return None
