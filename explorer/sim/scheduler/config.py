"""SchedulerConfig: the parts of a KubeSchedulerConfiguration profile the explorer models."""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.sim.scheduler.plugins import DEFAULT_WEIGHTS
from explorer.sim.scheduler.plugins.noderesourcesfit import LEAST_ALLOCATED, MOST_ALLOCATED

MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5
DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 0   # 0 = Kubernetes' adaptive rule


@dataclass(frozen=True)
class SchedulerConfig:
    """``weights``: score plugin -> weight (0 disables scoring by that plugin).
    ``scoring_strategy``: NodeResourcesFit ``LeastAllocated`` (default) or ``MostAllocated``.
    ``percentage_of_nodes_to_score``: 0 = adaptive (max(5, 50 - N/125) %, at least 100 nodes); 100 = all nodes.
    ``disabled``: plugin names switched off entirely (filter and score).
    ``fast``: allow the incremental equivalence-class path (same placements, much faster).

    Raises ValueError for an unknown strategy or a percentage outside 0..100.
    """

    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    scoring_strategy: str = LEAST_ALLOCATED
    percentage_of_nodes_to_score: int = DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE
    disabled: frozenset = frozenset()
    fast: bool = True

    def __post_init__(self):
        if self.scoring_strategy not in (LEAST_ALLOCATED, MOST_ALLOCATED):
            raise ValueError(f"scoringStrategy {self.scoring_strategy!r}: must be {LEAST_ALLOCATED} or "
                             f"{MOST_ALLOCATED}")
        if not 0 <= self.percentage_of_nodes_to_score <= 100:
            raise ValueError(f"percentageOfNodesToScore {self.percentage_of_nodes_to_score}: must be 0..100")

    def nodes_to_find(self, all_nodes: int) -> int:
        """``numFeasibleNodesToFind``: how many feasible nodes a cycle looks for before it stops filtering."""
        if all_nodes < MIN_FEASIBLE_NODES_TO_FIND:
            return all_nodes
        pct = self.percentage_of_nodes_to_score
        if pct <= 0:
            pct = max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - all_nodes // 125)
        num = all_nodes * pct // 100
        return max(num, MIN_FEASIBLE_NODES_TO_FIND)
