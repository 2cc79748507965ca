"""kube-scheduler's scheduling framework, simulated: default plugins, weights, messages and tie-breaking.

Public API::

    from explorer.sim.scheduler import Scheduler, SchedulerConfig, ScheduleResult, NodeResult, explain_pod

See :mod:`explorer.sim.scheduler.scheduler` for the cycle, ``plugins/`` for one module per plugin, and
:mod:`explorer.sim.scheduler.fast` for the incremental path that gives the same placements faster.
"""

from explorer.sim.scheduler.config import SchedulerConfig
from explorer.sim.scheduler.explain import explain_pod
from explorer.sim.scheduler.framework import Status
from explorer.sim.scheduler.result import NodeResult, ScheduleResult
from explorer.sim.scheduler.scheduler import NO_NODES_AVAILABLE, Scheduler

__all__ = ["Scheduler", "SchedulerConfig", "ScheduleResult", "NodeResult", "Status", "explain_pod",
           "NO_NODES_AVAILABLE"]
