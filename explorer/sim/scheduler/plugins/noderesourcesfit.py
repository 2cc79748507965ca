"""NodeResourcesFit: Filter checks cpu, memory and the pod count against allocatable; Score is LeastAllocated
(default) or MostAllocated over cpu and memory (weights 1, 1), with the scheduler's non-zero defaults (100m,
200Mi for a container that requests nothing) and integer arithmetic that truncates."""

from __future__ import annotations

from explorer.sim.scheduler.framework import MAX_NODE_SCORE, UNRESOLVABLE, UNSCHEDULABLE, Plugin, Status

NAME = "NodeResourcesFit"
LEAST_ALLOCATED = "LeastAllocated"
MOST_ALLOCATED = "MostAllocated"
REASON_CPU = "Insufficient cpu"
REASON_MEMORY = "Insufficient memory"
REASON_PODS = "Too many pods"


def insufficient(pod, node) -> tuple:
    """``fitsRequest``: [(reason, unresolvable)] for every resource that does not fit."""
    out = []
    if len(node.pods) + 1 > node.alloc_pods:
        out.append((REASON_PODS, False))
    if pod.req_cpu == 0 and pod.req_mem == 0:
        return tuple(out)
    if pod.req_cpu > 0 and pod.req_cpu > node.alloc_cpu - node.req_cpu:
        out.append((REASON_CPU, pod.req_cpu > node.alloc_cpu))
    if pod.req_mem > 0 and pod.req_mem > node.alloc_mem - node.req_mem:
        out.append((REASON_MEMORY, pod.req_mem > node.alloc_mem))
    return tuple(out)


def least_requested(requested: int, capacity: int) -> int:
    if capacity == 0 or requested > capacity:
        return 0
    return (capacity - requested) * MAX_NODE_SCORE // capacity


def most_requested(requested: int, capacity: int) -> int:
    if capacity == 0:
        return 0
    return min(requested, capacity) * MAX_NODE_SCORE // capacity


def allocation_score(strategy: str, cpu_req: int, cpu_alloc: int, mem_req: int, mem_alloc: int,
                     cpu_weight: int = 1, mem_weight: int = 1) -> int:
    """Weighted mean of the per-resource scores; resources with zero allocatable are left out."""
    fn = least_requested if strategy == LEAST_ALLOCATED else most_requested
    total = weights = 0
    if cpu_alloc:
        total += fn(cpu_req, cpu_alloc) * cpu_weight
        weights += cpu_weight
    if mem_alloc:
        total += fn(mem_req, mem_alloc) * mem_weight
        weights += mem_weight
    return total // weights if weights else 0


class NodeResourcesFit(Plugin):
    NAME = NAME
    FILTER = True
    SCORE = True

    def __init__(self, strategy: str = LEAST_ALLOCATED, cpu_weight: int = 1, memory_weight: int = 1):
        if strategy not in (LEAST_ALLOCATED, MOST_ALLOCATED):
            raise ValueError(f"scoring strategy {strategy!r}: must be {LEAST_ALLOCATED} or {MOST_ALLOCATED}")
        self.strategy = strategy
        self.cpu_weight = cpu_weight
        self.memory_weight = memory_weight

    def filter(self, state, pod, node):
        missing = insufficient(pod, node)
        if not missing:
            return None
        code = UNRESOLVABLE if any(u for _, u in missing) else UNSCHEDULABLE
        return Status(code, tuple(r for r, _ in missing), NAME)

    def score(self, state, pod, node):
        return allocation_score(self.strategy, node.nz_cpu + pod.nz_cpu, node.alloc_cpu,
                                node.nz_mem + pod.nz_mem, node.alloc_mem, self.cpu_weight, self.memory_weight)
