"""Whole scenarios: the event log of a node failure reads like a real cluster's."""

from __future__ import annotations

from explorer.model import Cluster, builders as b
from explorer.sim import Simulator


def three_workers() -> Cluster:
    c = Cluster()
    c.add_many(list(b.control_plane_node("control-plane", internal_ip="192.168.56.10")) + [
        b.worker_node("worker-1", internal_ip="192.168.56.11"), b.worker_node("worker-2", internal_ip="192.168.56.12"),
        b.deployment("web", replicas=3, image="nginx:1.27"), b.service("web"),
        b.pod("debug", node_name="worker-1", cpu="100m"), b.worker_node("worker-3", internal_ip="192.168.56.13")])
    return c


NODE_FAILURE_LOG = [
    (0, 'Normal', 'LeaderElection', ('Lease', 'kube-system', 'kube-scheduler'), 'control-plane_4ef8aa38-9227-4658-9e27-a1c08a6a63ec became leader', 'default-scheduler'),
    (0, 'Normal', 'LeaderElection', ('Lease', 'kube-system', 'kube-controller-manager'), 'control-plane_301850c5-a38f-4547-923a-736994e3bf91 became leader', 'kube-controller-manager'),
    (0, 'Normal', 'ScalingReplicaSet', ('Deployment', 'default', 'web'), 'Scaled up replica set web-6b7b54456 from 0 to 3', 'deployment-controller'),
    (0, 'Normal', 'SuccessfulCreate', ('ReplicaSet', 'default', 'web-6b7b54456'), 'Created pod: web-6b7b54456-jt4wr', 'replicaset-controller'),
    (0, 'Normal', 'SuccessfulCreate', ('ReplicaSet', 'default', 'web-6b7b54456'), 'Created pod: web-6b7b54456-spmk8', 'replicaset-controller'),
    (0, 'Normal', 'SuccessfulCreate', ('ReplicaSet', 'default', 'web-6b7b54456'), 'Created pod: web-6b7b54456-dxmvt', 'replicaset-controller'),
    (0, 'Normal', 'Scheduled', ('Pod', 'default', 'web-6b7b54456-jt4wr'), 'Successfully assigned default/web-6b7b54456-jt4wr to worker-3', 'default-scheduler'),
    (0, 'Normal', 'Scheduled', ('Pod', 'default', 'web-6b7b54456-spmk8'), 'Successfully assigned default/web-6b7b54456-spmk8 to worker-2', 'default-scheduler'),
    (0, 'Normal', 'Scheduled', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Successfully assigned default/web-6b7b54456-dxmvt to worker-1', 'default-scheduler'),
    (1, 'Normal', 'Pulling', ('Pod', 'default', 'debug'), 'Pulling image "nginx:1.27"', 'kubelet'),
    (1, 'Normal', 'Pulling', ('Pod', 'default', 'web-6b7b54456-jt4wr'), 'Pulling image "nginx:1.27"', 'kubelet'),
    (1, 'Normal', 'Pulling', ('Pod', 'default', 'web-6b7b54456-spmk8'), 'Pulling image "nginx:1.27"', 'kubelet'),
    (1, 'Normal', 'Pulling', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Pulling image "nginx:1.27"', 'kubelet'),
    (3, 'Normal', 'Pulled', ('Pod', 'default', 'debug'), 'Successfully pulled image "nginx:1.27" in 2s (2s including waiting)', 'kubelet'),
    (3, 'Normal', 'Created', ('Pod', 'default', 'debug'), 'Created container: debug', 'kubelet'),
    (3, 'Normal', 'Started', ('Pod', 'default', 'debug'), 'Started container debug', 'kubelet'),
    (3, 'Normal', 'Pulled', ('Pod', 'default', 'web-6b7b54456-jt4wr'), 'Successfully pulled image "nginx:1.27" in 2s (2s including waiting)', 'kubelet'),
    (3, 'Normal', 'Created', ('Pod', 'default', 'web-6b7b54456-jt4wr'), 'Created container: web', 'kubelet'),
    (3, 'Normal', 'Started', ('Pod', 'default', 'web-6b7b54456-jt4wr'), 'Started container web', 'kubelet'),
    (3, 'Normal', 'Pulled', ('Pod', 'default', 'web-6b7b54456-spmk8'), 'Successfully pulled image "nginx:1.27" in 2s (2s including waiting)', 'kubelet'),
    (3, 'Normal', 'Created', ('Pod', 'default', 'web-6b7b54456-spmk8'), 'Created container: web', 'kubelet'),
    (3, 'Normal', 'Started', ('Pod', 'default', 'web-6b7b54456-spmk8'), 'Started container web', 'kubelet'),
    (3, 'Normal', 'Pulled', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Successfully pulled image "nginx:1.27" in 2s (2s including waiting)', 'kubelet'),
    (3, 'Normal', 'Created', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Created container: web', 'kubelet'),
    (3, 'Normal', 'Started', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Started container web', 'kubelet'),
    (85, 'Normal', 'NodeNotReady', ('Node', '', 'worker-1'), 'Node worker-1 status is now: NodeNotReady', 'node-controller'),
    (85, 'Warning', 'NodeNotReady', ('Pod', 'default', 'debug'), 'Node is not ready', 'node-controller'),
    (85, 'Warning', 'NodeNotReady', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Node is not ready', 'node-controller'),
    (385, 'Normal', 'TaintManagerEviction', ('Pod', 'default', 'debug'), 'Marking for deletion Pod default/debug', 'taint-eviction-controller'),
    (385, 'Normal', 'TaintManagerEviction', ('Pod', 'default', 'web-6b7b54456-dxmvt'), 'Marking for deletion Pod default/web-6b7b54456-dxmvt', 'taint-eviction-controller'),
    (385, 'Normal', 'SuccessfulCreate', ('ReplicaSet', 'default', 'web-6b7b54456'), 'Created pod: web-6b7b54456-gtrc4', 'replicaset-controller'),
    (385, 'Normal', 'Scheduled', ('Pod', 'default', 'web-6b7b54456-gtrc4'), 'Successfully assigned default/web-6b7b54456-gtrc4 to worker-2', 'default-scheduler'),
    (386, 'Normal', 'Pulled', ('Pod', 'default', 'web-6b7b54456-gtrc4'), 'Container image "nginx:1.27" already present on machine', 'kubelet'),
    (387, 'Normal', 'Created', ('Pod', 'default', 'web-6b7b54456-gtrc4'), 'Created container: web', 'kubelet'),
    (387, 'Normal', 'Started', ('Pod', 'default', 'web-6b7b54456-gtrc4'), 'Started container web', 'kubelet'),
    (392, 'Normal', 'Starting', ('Node', '', 'worker-1'), 'Starting kubelet.', 'kubelet'),
    (392, 'Normal', 'NodeAllocatableEnforced', ('Node', '', 'worker-1'), 'Updated Node Allocatable limit across pods', 'kubelet'),
    (392, 'Normal', 'NodeHasSufficientMemory', ('Node', '', 'worker-1'), 'Node worker-1 status is now: NodeHasSufficientMemory', 'kubelet'),
    (392, 'Normal', 'NodeHasNoDiskPressure', ('Node', '', 'worker-1'), 'Node worker-1 status is now: NodeHasNoDiskPressure', 'kubelet'),
    (392, 'Normal', 'NodeHasSufficientPID', ('Node', '', 'worker-1'), 'Node worker-1 status is now: NodeHasSufficientPID', 'kubelet'),
    (392, 'Warning', 'Rebooted', ('Node', '', 'worker-1'), 'Node worker-1 has been rebooted, boot id: 5051c1cc-d17f-4aca-a01f-5057ca02135e', 'kubelet'),
    (392, 'Normal', 'NodeReady', ('Node', '', 'worker-1'), 'Node worker-1 status is now: NodeReady', 'kubelet'),
]


def test_node_failure_event_log():
    """worker-1 powers off at 30 s: NotReady after the 50 s grace (next 5 s monitor pass), eviction 300 s
    later, the ReplicaSet's replacement lands elsewhere, the standalone pod is not replaced; the node comes
    back at 392 s and its kubelet finishes the deletions."""
    sim = Simulator(three_workers(), seed=7)
    sim.schedule_fault(30, "stop-node", "worker-1")
    sim.schedule_fault(392, "start-node", "worker-1")
    sim.run(420)
    got = [(e.time, e.type, e.reason, e.object, e.message, e.component) for e in sim.events]
    assert got == NODE_FAILURE_LOG


def test_node_failure_final_state():
    sim = Simulator(three_workers(), seed=7)
    sim.schedule_fault(30, "stop-node", "worker-1")
    sim.schedule_fault(392, "start-node", "worker-1")
    sim.run(420)
    cluster = sim.cluster()
    pods = {p.name: (p.node_name, p.phase, p.pod_ip, p.ready) for p in cluster.pods("default")}
    nodes = {n.name: (n.ready, [str(t) for t in n.taints]) for n in cluster.nodes()}
    slices = {s.service_name: sorted((e.address, e.ready) for e in s.endpoints)
              for s in cluster.objects("EndpointSlice")}
    assert (pods, nodes, slices) == (
        {"web-6b7b54456-jt4wr": ("worker-3", "Running", "10.244.3.2", True),
         "web-6b7b54456-spmk8": ("worker-2", "Running", "10.244.2.2", True),
         "web-6b7b54456-gtrc4": ("worker-2", "Running", "10.244.2.3", True)},
        {"control-plane": (True, ["node-role.kubernetes.io/control-plane:NoSchedule"]),
         "worker-1": (True, []), "worker-2": (True, []), "worker-3": (True, [])},
        {"web": [("10.244.2.2", True), ("10.244.2.3", True), ("10.244.3.2", True)]})
