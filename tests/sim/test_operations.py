"""Operations and faults, one named case each, comparing the whole outcome."""

from __future__ import annotations

import pytest

from explorer.model import NetworkConfig, builders as b
from explorer.sim import ApiError, Simulator

from tests.sim.helpers import cluster_of, members, pod_summary, reasons, workers


def rolling_update():
    sim = Simulator(cluster_of(members(1) + workers(3) + [b.deployment("web", replicas=4)]), seed=1)
    sim.settle()
    dep = sim.api.get("Deployment", "default", "web")
    sim.apply(dep.edited(lambda r: r["spec"]["template"]["spec"]["containers"][0].__setitem__("image", "nginx:1.28")))
    sim.settle()
    rss = {r.name: (r.replicas, r.labels["pod-template-hash"], r.annotations["deployment.kubernetes.io/revision"])
           for r in sim.cluster().objects("ReplicaSet")}
    return reasons(sim.events, "ScalingReplicaSet"), rss, pod_summary(sim)


def scale_down():
    sim = Simulator(cluster_of(members(1) + workers(2) + [b.deployment("web", replicas=3)]), seed=2)
    sim.settle()
    sim.scale("default", "web", 1)
    return reasons(sim.settle(), "ScalingReplicaSet", "SuccessfulDelete", "Killing"), pod_summary(sim)


def unschedulable_then_node_added():
    sim = Simulator(cluster_of(members(1) + workers(1, cpu="1") + [b.deployment("web", replicas=3, cpu="400m")]),
                    seed=3)
    first = reasons(sim.settle(), "FailedScheduling")
    start = len(sim.events)
    sim.apply(b.worker_node("worker-2", cpu="2"))
    sim.settle()
    return first, reasons(sim.events[start:], "Scheduled", "RegisteredNode"), pod_summary(sim)


def leader_failover():
    sim = Simulator(cluster_of(members(3) + workers(1)), seed=4)
    sim.settle()
    leader = sim.control_plane().scheduler_leader
    sim.stop_member(leader)
    events = sim.run(sim.now + 30)
    status = sim.control_plane()
    return leader, [(e.time, e.reason, e.object, e.message.split("_")[0]) for e in events], \
        (status.etcd_healthy, status.etcd_quorum, status.api_available,
         status.scheduler_leader != leader, status.controller_manager_leader != leader)


def quorum_loss():
    sim = Simulator(cluster_of(members(3) + workers(2) + [b.deployment("web", replicas=2)]), seed=5)
    sim.settle()
    sim.stop_etcd("cp-1")
    sim.stop_etcd("cp-2")
    try:
        sim.scale("default", "web", 4)
        error = None
    except ApiError as exc:
        error = str(exc)
    sim.stop_node("worker-1")
    sim.run(sim.now + 200)
    during = (sim.control_plane().to_json()["etcd_quorum"], sim.control_plane().api_available, pod_summary(sim))
    sim.start_etcd("cp-2")
    sim.run(sim.now + 120)
    return error, during, pod_summary(sim), reasons(sim.events, "NodeNotReady")[:1]


def single_member_down():
    sim = Simulator(cluster_of(members(1) + workers(1) + [b.deployment("web", replicas=2)]), seed=6)
    sim.settle()
    sim.stop_member("cp-1")
    sim.run(sim.now + 100)
    status = sim.control_plane()
    return status.api_available, status.etcd_quorum, status.scheduler_leader, pod_summary(sim)


def drain():
    sim = Simulator(cluster_of(members(1) + workers(2) + [b.deployment("web", replicas=2)]), seed=7)
    sim.settle()
    sim.drain("worker-1")
    sim.settle()
    node = sim.api.get("Node", "", "worker-1")
    return node.unschedulable, [str(t) for t in node.taints], pod_summary(sim), \
        reasons(sim.events, "NodeNotSchedulable")


def uncordon():
    sim = Simulator(cluster_of(members(1) + workers(1) + [b.deployment("web", replicas=1)]), seed=8)
    sim.cordon("worker-1")
    first = reasons(sim.settle(), "FailedScheduling")
    sim.uncordon("worker-1")
    return first, reasons(sim.settle(), "NodeSchedulable", "Scheduled"), pod_summary(sim)


def standalone_pod_gone():
    sim = Simulator(cluster_of(members(1) + workers(2) + [b.pod("lonely", node_name="worker-1")]), seed=9)
    sim.settle()
    sim.stop_node("worker-1")
    sim.run(sim.now + 400)
    sim.start_node("worker-1")
    sim.run(sim.now + 30)
    return pod_summary(sim), reasons(sim.events, "TaintManagerEviction", "SuccessfulCreate")


def partition_and_heal():
    sim = Simulator(cluster_of(members(1) + workers(2) + [b.deployment("web", replicas=2)]), seed=10)
    sim.settle()
    sim.partition_node("worker-2")
    sim.run(sim.now + 100)
    during = (sim.api.get("Node", "", "worker-2").conditions["Ready"], pod_summary(sim))
    sim.heal_partition("worker-2")
    sim.run(sim.now + 20)
    node = sim.api.get("Node", "", "worker-2")
    return during, (node.conditions["Ready"], [str(t) for t in node.taints]), pod_summary(sim)


def kubelet_restart_keeps_pods():
    sim = Simulator(cluster_of(members(1) + workers(1) + [b.deployment("web", replicas=1)]), seed=11)
    sim.settle()
    ip = sim.cluster().pods("default")[0].pod_ip
    sim.stop_kubelet("worker-1")
    sim.run(sim.now + 70)
    sim.start_kubelet("worker-1")
    sim.run(sim.now + 10)
    pod = sim.cluster().pods("default")[0]
    return pod.pod_ip == ip, pod_summary(sim), reasons(sim.events, "NodeNotReady", "NodeReady")


def node_reboot_restarts_pods():
    sim = Simulator(cluster_of(members(1) + workers(1) + [b.deployment("web", replicas=1)]), seed=12)
    sim.settle()
    ip = sim.cluster().pods("default")[0].pod_ip
    sim.stop_node("worker-1")
    sim.run(sim.now + 20)
    sim.start_node("worker-1")
    events = sim.run(sim.now + 10)
    pod = sim.cluster().pods("default")[0]
    return pod.pod_ip == ip, pod_summary(sim), [e.reason for e in events]


def pod_cidr_exhausted():
    net = NetworkConfig(node_cidr_mask_size=30)
    sim = Simulator(cluster_of(members(1) + workers(1) + [b.deployment("web", replicas=2)], net), seed=13)
    sim.settle()
    return pod_summary(sim), reasons(sim.events, "FailedCreatePodSandBox")


def implicit_control_plane():
    sim = Simulator(cluster_of(workers(2) + [b.deployment("web", replicas=2)]), seed=14)
    sim.settle()
    return sim.control_plane().to_json(), pod_summary(sim)


def services_get_addresses():
    svc_fixed = b.service("fixed", selector={"app": "web"}).edited(lambda r: r["spec"].update(clusterIP="10.96.5.5"))
    sim = Simulator(cluster_of(workers(1) + [svc_fixed, b.service("lb", selector={"app": "web"}, type="LoadBalancer",
                                                                  node_port=30080)]), seed=15)
    c = sim.cluster()
    return {s.name: (s.cluster_ip, [p.node_port for p in s.ports], s.external_ips) for s in c.objects("Service")}


def garbage_collection():
    sim = Simulator(cluster_of(members(1) + workers(1) + [b.deployment("web", replicas=2), b.service("web")]),
                    seed=16)
    sim.settle()
    sim.delete("Deployment", "default", "web")
    sim.delete("Service", "default", "web")
    sim.settle()
    return {k: v for k, v in sim.cluster().kinds().items() if k in ("Deployment", "ReplicaSet", "Pod",
                                                                    "EndpointSlice", "Service")}


def quorum_table():
    """1 or 2 members tolerate no failure, 3 tolerate 1, 5 tolerate 2."""
    out = {}
    for n in (1, 2, 3, 5):
        sim = Simulator(cluster_of(members(n) + workers(1)), seed=0)
        row = []
        for i in range(1, n + 1):
            sim.stop_etcd(f"cp-{i}")
            status = sim.control_plane()
            row.append((status.etcd_healthy, status.etcd_quorum, status.api_available))
        out[n] = row
    return out


def node_deleted():
    sim = Simulator(cluster_of(members(1) + workers(2) + [b.deployment("web", replicas=2)]), seed=17)
    sim.settle()
    sim.delete("Node", "", "worker-1")
    sim.settle()
    return sorted(n.name for n in sim.cluster().nodes()), pod_summary(sim)


def pod_on_missing_node():
    sim = Simulator(cluster_of(workers(1) + [b.pod("lost", node_name="ghost"), b.pod("ok", node_name="worker-1")]),
                    seed=18)
    sim.settle()
    return pod_summary(sim)


def runtime_down():
    sim = Simulator(cluster_of(members(1) + workers(2) + [b.deployment("web", replicas=2)]), seed=3)
    sim.settle()
    sim.stop_runtime("worker-1")
    events = sim.run(sim.now + 320)
    taints = [str(t) for t in sim.api.get("Node", "", "worker-1").taints]
    sim.start_runtime("worker-1")
    after = sim.run(sim.now + 10)
    return (reasons(events, "NodeNotReady", "TaintManagerEviction"), taints, reasons(after, "NodeReady"),
            [str(t) for t in sim.api.get("Node", "", "worker-1").taints], pod_summary(sim))


CASES = {
    "rolling-update": (rolling_update,
        ([(0, 'ScalingReplicaSet', 'Scaled up replica set web-6b7b54456 from 0 to 4'),
          (3, 'ScalingReplicaSet', 'Scaled up replica set web-76cff5f9df from 0 to 1'),
          (3, 'ScalingReplicaSet', 'Scaled down replica set web-6b7b54456 from 4 to 3'),
          (3, 'ScalingReplicaSet', 'Scaled up replica set web-76cff5f9df from 1 to 2'),
          (6, 'ScalingReplicaSet', 'Scaled down replica set web-6b7b54456 from 3 to 1'),
          (6, 'ScalingReplicaSet', 'Scaled up replica set web-76cff5f9df from 2 to 4'),
          (9, 'ScalingReplicaSet', 'Scaled down replica set web-6b7b54456 from 1 to 0')],
         {'web-6b7b54456': (0, '6b7b54456', '1'), 'web-76cff5f9df': (4, '76cff5f9df', '2')},
         {'worker-1': {'Running/ready': 1}, 'worker-2': {'Running/ready': 2}, 'worker-3': {'Running/ready': 1}})),
    "scale-down": (scale_down,
        ([(3, 'ScalingReplicaSet', 'Scaled down replica set web-6b7b54456 from 3 to 1'),
          (3, 'SuccessfulDelete', 'Deleted pod: web-6b7b54456-gvvpv'),
          (3, 'SuccessfulDelete', 'Deleted pod: web-6b7b54456-8xpps'),
          (3, 'Killing', 'Stopping container web'),
          (3, 'Killing', 'Stopping container web')],
         {'worker-2': {'Running/ready': 1}})),
    "unschedulable-then-node-added": (unschedulable_then_node_added,
        ([(0,
           'FailedScheduling',
           '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint '
           '{node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption '
           'victims found for incoming pod, 1 Preemption is not helpful for scheduling.')],
         [(3, 'RegisteredNode', 'Node worker-2 event: Registered Node worker-2 in Controller'),
          (4, 'Scheduled', 'Successfully assigned default/web-69f7f967cc-v9qxp to worker-2')],
         {'worker-1': {'Running/ready': 2}, 'worker-2': {'Running/ready': 1}})),
    "leader-failover": (leader_failover,
        ('cp-3',
         [(0, 'Killing', ('Pod', 'kube-system', 'etcd-cp-3'), 'Stopping container etcd'),
          (0, 'Killing', ('Pod', 'kube-system', 'kube-apiserver-cp-3'), 'Stopping container kube-apiserver'),
          (0, 'Killing', ('Pod', 'kube-system', 'kube-controller-manager-cp-3'),
           'Stopping container kube-controller-manager'),
          (0, 'Killing', ('Pod', 'kube-system', 'kube-scheduler-cp-3'), 'Stopping container kube-scheduler'),
          (15, 'LeaderElection', ('Lease', 'kube-system', 'kube-scheduler'), 'cp-2')],
         (2, True, True, True, True))),
    "quorum-loss": (quorum_loss,
        ('Error from server (ServiceUnavailable): etcdserver: request timed out',
         (False, False, {'worker-1': {'Running/ready': 1}, 'worker-2': {'Running/ready': 1}}),
         {'worker-1': {'Running/not-ready': 1}, 'worker-2': {'Running/ready': 1}},
         [(260, 'NodeNotReady', 'Node worker-1 status is now: NodeNotReady')])),
    "single-member-down": (single_member_down,
        (False, False, None, {'worker-1': {'Running/ready': 2}})),
    "drain": (drain,
        (True,
         ['node.kubernetes.io/unschedulable:NoSchedule'],
         {'worker-2': {'Running/ready': 2}},
         [(3, 'NodeNotSchedulable', 'Node worker-1 status is now: NodeNotSchedulable')])),
    "uncordon": (uncordon,
        ([(0,
           'FailedScheduling',
           '0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 '
           'node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for '
           'scheduling.')],
         [(1, 'Scheduled', 'Successfully assigned default/web-6b7b54456-2vjx8 to worker-1')],
         {'worker-1': {'Running/ready': 1}})),
    "standalone-pod-gone": (standalone_pod_gone,
        ({}, [(355, 'TaintManagerEviction', 'Marking for deletion Pod default/lonely')])),
    "partition-and-heal": (partition_and_heal,
        (('Unknown', {'worker-1': {'Running/ready': 1}, 'worker-2': {'Running/not-ready': 1}}),
         ('True', []),
         {'worker-1': {'Running/ready': 1}, 'worker-2': {'Running/ready': 1}})),
    "kubelet-restart-keeps-pods": (kubelet_restart_keeps_pods,
        (True,
         {'worker-1': {'Running/ready': 1}},
         [(55, 'NodeNotReady', 'Node worker-1 status is now: NodeNotReady'),
          (55, 'NodeNotReady', 'Node is not ready'),
          (73, 'NodeReady', 'Node worker-1 status is now: NodeReady')])),
    "node-reboot-restarts-pods": (node_reboot_restarts_pods,
        (True, {'worker-1': {'Running/ready': 1}},
         ['Starting', 'NodeAllocatableEnforced', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure',
          'NodeHasSufficientPID', 'Rebooted', 'NodeReady', 'SandboxChanged', 'Pulled', 'Created', 'Started'])),
    "pod-cidr-exhausted": (pod_cidr_exhausted,
        ({'worker-1': {'Pending': 1, 'Running/ready': 1}},
         [(1,
           'FailedCreatePodSandBox',
           'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox '
           '"426989da87818458237fb61af168e5679e44808e6d6e46129908e2908ccfa8e1": plugin type="bridge" failed (add): '
           'failed to allocate for range 0: no IP addresses available in range set: 10.244.0.6-10.244.0.6')])),
    "implicit-control-plane": (implicit_control_plane,
        ({'api_available': True,
          'controller_manager_leader': '(implicit)',
          'etcd_healthy': 0,
          'etcd_members': 0,
          'etcd_quorum': True,
          'implicit': True,
          'members': [],
          'scheduler_leader': '(implicit)'},
         {'worker-1': {'Running/ready': 1}, 'worker-2': {'Running/ready': 1}})),
    "services-get-addresses": (services_get_addresses,
        {'fixed': ('10.96.5.5', [None], []),
         'kubernetes': ('10.96.0.1', [None], []),
         'lb': ('10.106.212.158', [30080], ['203.0.113.1'])}),
    "garbage-collection": (garbage_collection,
        {'Pod': 4, 'Service': 1}),
    "quorum-table": (quorum_table,
        {1: [(0, False, False)],
         2: [(1, False, False), (0, False, False)],
         3: [(2, True, True), (1, False, False), (0, False, False)],
         5: [(4, True, True), (3, True, True), (2, False, False), (1, False, False), (0, False, False)]}),
    "node-deleted": (node_deleted,
        (["cp-1", "worker-2"], {"worker-2": {"Running/ready": 2}})),
    "pod-on-missing-node": (pod_on_missing_node, {"worker-1": {"Running/ready": 1}}),
    "runtime-down": (runtime_down,
        ([(3, "NodeNotReady", "Node worker-1 status is now: NodeNotReady"), (5, "NodeNotReady", "Node is not ready"),
          (305, "TaintManagerEviction", "Marking for deletion Pod default/web-6b7b54456-8xsgp")],
         ["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"],
         [(323, "NodeReady", "Node worker-1 status is now: NodeReady")], [], {"worker-2": {"Running/ready": 2}})),
}



@pytest.mark.parametrize("scenario, expected", CASES.values(), ids=CASES.keys())
def test_operation(scenario, expected):
    assert scenario() == expected
