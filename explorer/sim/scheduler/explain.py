"""explain_pod: one scheduling cycle for a pod against a cluster as loaded, with every node's verdict."""

from __future__ import annotations

from explorer.model.cluster import Cluster
from explorer.sim.scheduler.config import SchedulerConfig
from explorer.sim.scheduler.result import ScheduleResult
from explorer.sim.scheduler.scheduler import Scheduler

FEED_KINDS = ("Namespace", "Service", "ReplicaSet", "StatefulSet", "ReplicationController")
TERMINAL_PHASES = ("Succeeded", "Failed")   # kube-scheduler's pod informer leaves these out


def explain_pod(cluster: Cluster, namespace: str, name: str, config: SchedulerConfig | None = None,
                seed: int = 0) -> ScheduleResult:
    """Run one cycle for pod ``namespace/name`` against ``cluster``: every Node, and every other pod that is
    bound (``spec.nodeName``) and not finished (phase Succeeded/Failed) counted on its node; Services,
    ReplicaSets, StatefulSets and Namespaces feed default spreading and namespace selectors. A bound pod is
    explained as if it were pending again.
    No control plane is needed. Raises LookupError when the pod is not in the cluster.
    """
    pod = cluster.find("Pod", name, namespace)
    if pod is None or pod.namespace != (namespace or "default"):
        raise LookupError(f'pods "{name}" not found in namespace "{namespace or "default"}"')
    sched = Scheduler(config, seed=seed)
    for node in cluster.objects("Node"):
        sched.add_node(node)
    for kind in FEED_KINDS:
        for obj in cluster.objects(kind):
            sched.add_object(obj)
    for other in cluster.objects("Pod"):
        if other.node_name and other.key != pod.key and other.phase not in TERMINAL_PHASES:
            sched.add_pod(other)
    if pod.node_name:
        pod = pod.edited(lambda raw: raw["spec"].pop("nodeName", None))
    return sched.schedule(pod, explain=True)
