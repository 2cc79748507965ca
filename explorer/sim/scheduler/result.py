"""ScheduleResult and NodeResult: what one scheduling cycle decided, and why (the data behind ``explain``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class NodeResult:
    """One node's outcome: the first failing Filter plugin and its reasons, or the per-plugin scores (0-100,
    after normalization, before weights) and the weighted total."""

    name: str
    passed: bool
    plugin: str | None = None
    reasons: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)
    total: int = 0

    def to_json(self) -> dict:
        return {"name": self.name, "filter": {"passed": self.passed, "plugin": self.plugin,
                                              "reasons": list(self.reasons)},
                "scores": dict(self.scores), "total": self.total}


@dataclass
class ScheduleResult:
    """``selected`` is the chosen node (None when unschedulable); ``message`` the FailedScheduling text.
    ``nodes`` is filled when the cycle ran with ``explain=True`` (in the order nodes were examined).
    ``nominated_node`` / ``victims`` (``[(ns, name)]``) come from preemption when it would help."""

    pod: str = ""
    selected: str | None = None
    message: str | None = None
    nodes: list = field(default_factory=list)
    nominated_node: str | None = None
    victims: list = field(default_factory=list)

    @property
    def scheduled(self) -> bool:
        return self.selected is not None

    def to_json(self) -> dict:
        return {"pod": self.pod, "selected": self.selected, "message": self.message,
                "nodes": [n.to_json() for n in self.nodes]}
