"""The simulator: a deterministic, event-driven model of what a Kubernetes cluster's components do.

    from explorer.sim import Simulator, SimConfig, Event, ApiServer, ApiError
"""

from explorer.sim.api import ApiError, ApiServer, Store
from explorer.sim.controlplane import ControlPlaneStatus, MemberStatus
from explorer.sim.events import Event
from explorer.sim.simulator import OPS, SimConfig, Simulator, Snapshot

__all__ = ["ApiError", "ApiServer", "ControlPlaneStatus", "Event", "MemberStatus", "OPS", "SimConfig",
           "Simulator", "Snapshot", "Store"]
