"""High availability of the control plane: members, etcd quorum, API availability, leader election.

Each Node labelled ``node-role.kubernetes.io/control-plane`` is a member. Its components are the static
pods found for it in kube-system (``etcd-<node>``, ``kube-apiserver-<node>``, ...); a member drawn without
static pods runs all four. A cluster with no control-plane node at all has an implicit, always healthy
control plane (``members`` is empty, everything available); a cluster whose members have no etcd pods uses
an external etcd, assumed healthy.

- etcd has quorum while at least floor(n/2)+1 of its n members run (member node up, not partitioned,
  etcd not stopped).
- The API is available while some member's kube-apiserver runs and etcd has quorum.
- kube-scheduler and kube-controller-manager each have one leader (a Lease in kube-system). A leader that
  stops, or cannot renew because the API is gone, loses the lease; a running candidate acquires it once the
  lease has expired (leaseDuration 15 s after the last renewal; renewals every 2 s).
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMPONENTS = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")
LEASE_DURATION = 15
RENEW_PERIOD = 2
LEASES = {"kube-scheduler": "default-scheduler", "kube-controller-manager": "kube-controller-manager"}


@dataclass(frozen=True)
class MemberStatus:
    name: str
    apiserver: bool
    etcd: bool
    scheduler: bool
    controller_manager: bool
    node_up: bool = True

    def to_json(self) -> dict:
        return {"name": self.name, "apiserver": self.apiserver, "etcd": self.etcd, "scheduler": self.scheduler,
                "controller_manager": self.controller_manager, "node_up": self.node_up}

    def __getitem__(self, field: str):
        """``member["etcd"]`` as well as ``member.etcd`` (the contract describes members as dicts)."""
        return self.to_json()[field]

    def get(self, field: str, default=None):
        return self.to_json().get(field, default)


@dataclass(frozen=True)
class ControlPlaneStatus:
    """What the UI shows: every member's components, quorum, API availability and the two leaders.

    ``implicit`` is True when the design has no control-plane node (an assumed healthy control plane).
    ``members`` entries support both attribute and item access (``m.etcd`` / ``m["etcd"]``).
    """

    members: list = field(default_factory=list)
    etcd_members: int = 0
    etcd_healthy: int = 0
    etcd_quorum: bool = True
    api_available: bool = True
    scheduler_leader: str | None = None
    controller_manager_leader: str | None = None
    implicit: bool = False

    def to_json(self) -> dict:
        return {"members": [m.to_json() for m in self.members], "etcd_members": self.etcd_members,
                "etcd_healthy": self.etcd_healthy, "etcd_quorum": self.etcd_quorum,
                "api_available": self.api_available, "scheduler_leader": self.scheduler_leader,
                "controller_manager_leader": self.controller_manager_leader, "implicit": self.implicit}


class ControlPlane:
    """Component health and leases. ``node_state(name)`` tells whether a member's node runs and is reachable
    (a callable supplied by the simulator)."""

    def __init__(self, members: dict[str, set], node_reachable):
        self.components = {name: frozenset(comps) for name, comps in members.items()}  # member -> components
        self.external_etcd = bool(members) and not any("etcd" in c for c in members.values())
        self._reachable = node_reachable
        self.stopped: set = set()          # (member, component) stopped by a fault
        self.leaders: dict[str, str | None] = {lease: None for lease in LEASES}
        self.identities: dict[str, str] = {}   # lease -> holderIdentity
        self.lease_expiry: dict[str, int] = {lease: 0 for lease in LEASES}
        self._reason_cache: tuple | None = None

    def invalidate(self) -> None:
        """Forget the cached availability (call after any component or node state change)."""
        self._reason_cache = None

    @property
    def implicit(self) -> bool:
        return not self.components

    def running(self, member: str, component: str) -> bool:
        return component in self.components.get(member, ()) and (member, component) not in self.stopped \
            and self._reachable(member)

    def etcd_counts(self) -> tuple[int, int]:
        members = [m for m, c in self.components.items() if "etcd" in c]
        return len(members), sum(1 for m in members if self.running(m, "etcd"))

    def quorum(self) -> bool:
        if self.implicit or self.external_etcd:
            return True
        total, healthy = self.etcd_counts()
        return healthy >= total // 2 + 1

    def apiserver_up(self) -> bool:
        return self.implicit or any(self.running(m, "kube-apiserver") for m in self.components)

    def unavailable_reason(self) -> str | None:
        """None when the API works, else the message a client gets."""
        if self._reason_cache is None:
            self._reason_cache = (self._unavailable_reason(),)
        return self._reason_cache[0]

    def _unavailable_reason(self) -> str | None:
        if not self.apiserver_up():
            return "The connection to the server was refused - did you specify the right host or port?"
        if not self.quorum():
            return "etcdserver: request timed out"
        return None

    def candidates(self, lease: str) -> list[str]:
        return [m for m in self.components if self.running(m, lease)]

    def active(self, lease: str) -> bool:
        """True when that component has a working leader (always, for an implicit control plane)."""
        if self.implicit:
            return True
        leader = self.leaders.get(lease)
        return leader is not None and self.running(leader, lease) and self.unavailable_reason() is None

    def status(self) -> ControlPlaneStatus:
        members = [MemberStatus(m, self.running(m, "kube-apiserver"), self.running(m, "etcd"),
                                self.running(m, "kube-scheduler"), self.running(m, "kube-controller-manager"),
                                self._reachable(m))
                   for m in self.components]
        total, healthy = self.etcd_counts()
        implicit_leader = "(implicit)" if self.implicit else None
        return ControlPlaneStatus(members, total, healthy, self.quorum(), self.unavailable_reason() is None,
                                  self.leaders["kube-scheduler"] if not self.implicit else implicit_leader,
                                  self.leaders["kube-controller-manager"] if not self.implicit else implicit_leader,
                                  self.implicit)

    def state(self) -> tuple:
        return (set(self.stopped), dict(self.leaders), dict(self.identities), dict(self.lease_expiry))

    def load(self, state: tuple) -> None:
        stopped, leaders, identities, expiry = state
        self._reason_cache = None
        self.stopped, self.leaders = set(stopped), dict(leaders)
        self.identities, self.lease_expiry = dict(identities), dict(expiry)
