"""NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be used in equal fractions.

fraction_r = (node requested_r + pod request_r) / allocatable_r, capped at 1; score = int((1 - std) * 100)
with the population standard deviation (for two resources |f_cpu - f_mem| / 2). Real requests are used (no
non-zero defaults), and a pod that requests nothing is skipped (scores 0), as in Kubernetes 1.34.
"""

from __future__ import annotations

import math

from explorer.sim.scheduler.framework import MAX_NODE_SCORE, Plugin

NAME = "NodeResourcesBalancedAllocation"


def balanced_score(cpu_req: int, cpu_alloc: int, mem_req: int, mem_alloc: int) -> int:
    fractions = []
    if cpu_alloc:
        fractions.append(min(cpu_req / cpu_alloc, 1.0))
    if mem_alloc:
        fractions.append(min(mem_req / mem_alloc, 1.0))
    std = 0.0
    if len(fractions) == 2:
        std = abs((fractions[0] - fractions[1]) / 2)
    elif len(fractions) > 2:  # pragma: no cover - only cpu and memory are scored
        mean = sum(fractions) / len(fractions)
        std = math.sqrt(sum((f - mean) ** 2 for f in fractions) / len(fractions))
    return int((1 - std) * MAX_NODE_SCORE)


class BalancedAllocation(Plugin):
    NAME = NAME
    SCORE = True

    def pre_score(self, state, pod, nodes, snapshot):
        return bool(pod.req_cpu or pod.req_mem)

    def score(self, state, pod, node):
        return balanced_score(node.req_cpu + pod.req_cpu, node.alloc_cpu, node.req_mem + pod.req_mem,
                              node.alloc_mem)
