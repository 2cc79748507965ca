"""Single kubectl commands on a fresh simulation of the example cluster: errors worded like kubectl's,
drain's pod filters, completion, explain. Each case compares the whole Result."""

from __future__ import annotations

import pytest

from explorer.kubectl import Kubectl, Result, complete
from explorer.model import builders as b
from explorer.model import example_cluster
from explorer.sim import Simulator


@pytest.fixture
def sim():
    s = Simulator(example_cluster(), seed=0)
    s.settle()
    return s


ERRORS = [
    ("unknown-command", "frobnicate", Result(1, "", 'error: unknown command "frobnicate" for "kubectl"\n')),
    ("unknown-type", "get foo", Result(1, "", 'error: the server doesn\'t have a resource type "foo"\n')),
    ("pod-not-found", "get pod x", Result(1, "", 'Error from server (NotFound): pods "x" not found\n')),
    ("deployment-not-found", "scale deploy x --replicas=1",
     Result(1, "", 'Error from server (NotFound): deployments.apps "x" not found\n')),
    ("node-not-found", "cordon nowhere", Result(1, "", 'Error from server (NotFound): nodes "nowhere" not found\n')),
    ("unknown-flag", "get pods --bogus", Result(1, "", "error: unknown flag: --bogus\n")),
    ("bad-output", "get pods -o table",
     Result(1, "", 'error: unable to match a printer suitable for the output format "table", allowed formats '
                   'are: json,name,wide,yaml\n')),
    ("empty-namespace", "get pods", Result(0, "", "No resources found in default namespace.\n")),
    ("no-cluster-objects", "get netpol -A", Result(0, "", "No resources found\n")),
    ("explain-missing-field", "explain pods.spec.nope", Result(1, "", 'error: field "nope" does not exist\n')),
    ("create-needs-image", "create deployment web", Result(1, "", 'error: required flag(s) "image" not set\n')),
    ("create-existing", "create deployment api -n shop --image=x",
     Result(1, "", 'error: failed to create deployment: deployments.apps "api" already exists\n')),
    ("create-in-missing-namespace", "create deployment w -n ghost --image=nginx",
     Result(1, "", 'error: failed to create deployment: namespaces "ghost" not found\n')),
    ("untaint-missing", "taint nodes worker-1 nope:NoSchedule-",
     Result(1, "", 'error: taint "nope:NoSchedule" not found\n')),
    ("taint-bad-effect", "taint nodes worker-1 a=b:Sometimes",
     Result(1, "", "error: invalid taint spec: a=b:Sometimes, unknown taint effect or missing effect\n")),
    ("undo-without-history", "rollout undo deployment/api -n shop",
     Result(1, "", 'error: no rollout history found for deployment "api"\n')),
    ("logs-missing-pod", "logs nope", Result(1, "", 'Error from server (NotFound): pods "nope" not found\n')),
    ("expose-without-port", "expose deployment ingress-nginx-controller -n ingress-nginx --name=x --port=",
     Result(1, "", 'error: invalid argument "" for "--port" flag: strconv.ParseInt: parsing "": invalid '
                   'syntax\n')),
]


@pytest.mark.parametrize("command, expected", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_errors_read_like_kubectl(sim, command, expected):
    assert Kubectl(sim).run(command) == expected


OUTPUTS = [
    ("get-pod-by-type-slash-name", "get deploy/api -n shop",
     "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\napi    3/3     3            3           3s\n"),
    ("multiple-types-prefix-names", "get deploy,svc -n shop -o name",
     "deployment.apps/api\ndeployment.apps/mysql\nservice/api\nservice/mysql\n"),
    ("selector-notin", "get pods -A -l 'app notin (api),app' -o name", "pod/mysql-7f8ff48d77-47ggc\n"),
    ("selector-exists-negated", "get pods -n kube-system -l '!app' -o name",
     "pod/etcd-control-plane\npod/kube-apiserver-control-plane\npod/kube-controller-manager-control-plane\n"
     "pod/kube-scheduler-control-plane\n"),
    ("leading-kubectl-is-ignored", "kubectl get ns shop -o name", "namespace/shop\n"),
    ("cordon-twice", "cordon worker-2", "node/worker-2 cordoned\n"),
    ("label-overwrite", "label node worker-1 topology.kubernetes.io/zone=zone-z --overwrite",
     "node/worker-1 labeled\n"),
    ("label-no-change", "label node worker-1 kubernetes.io/os=linux", "node/worker-1 not labeled\n"),
    ("annotate", "annotate deploy api -n shop owner=team-a", "deployment.apps/api annotated\n"),
    ("create-namespace", "create namespace lab", "namespace/lab created\n"),
    ("rollout-status-done", "rollout status deploy/api -n shop", 'deployment "api" successfully rolled out\n'),
    ("version", "version", "Client Version: v1.34.0 (Kubernetes Architecture Explorer)\n"
                           "Server Version: v1.34.0 (simulated)\n"),
    ("current-context", "config current-context", "explorer\n"),
    ("cluster-info", "cluster-info", "Kubernetes control plane is running at https://192.168.56.10:6443\n"
                                     "CoreDNS is running at https://192.168.56.10:6443/api/v1/namespaces/kube-system/"
                                     "services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, "
                                     "use 'kubectl cluster-info dump'.\n"),
]


def test_set_context_namespace_becomes_the_default(sim):
    kubectl = Kubectl(sim)
    assert (kubectl.run("config set-context --current --namespace=shop"), kubectl.run("get deploy -o name"),
            kubectl.run("config get-contexts")) == (
        Result(0, 'Context "explorer" modified.\n', ""),
        Result(0, "deployment.apps/api\ndeployment.apps/mysql\n", ""),
        Result(0, "CURRENT   NAME       CLUSTER     AUTHINFO   NAMESPACE\n*         explorer   simulated   admin      shop\n",
               ""))


@pytest.mark.parametrize("command, stdout", [c[1:] for c in OUTPUTS], ids=[c[0] for c in OUTPUTS])
def test_outputs(sim, command, stdout):
    assert Kubectl(sim).run(command) == Result(0, stdout, "")


def _drain_cluster():
    """The example cluster plus, on worker-1, a DaemonSet pod and a bare pod (no controller)."""
    cluster = example_cluster()
    cluster.add_many([
        {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "kube-system"},
         "spec": {"selector": {"matchLabels": {"app": "agent"}},
                  "template": {"metadata": {"labels": {"app": "agent"}},
                               "spec": {"containers": [{"name": "c", "image": "agent:1"}]}}}},
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "agent-x1", "namespace": "kube-system", "labels": {"app": "agent"},
                      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "agent",
                                           "uid": "", "controller": True}]},
         "spec": {"nodeName": "worker-1", "containers": [{"name": "c", "image": "agent:1"}]},
         "status": {"phase": "Running"}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": "shop"},
         "spec": {"nodeName": "worker-1", "containers": [{"name": "c", "image": "busybox:1.36"}]},
         "status": {"phase": "Running"}},
    ])
    s = Simulator(cluster, seed=0)
    s.settle()
    return s


DRAINS = [
    ("daemonset-and-bare-pod-block", "drain worker-1", 1, "node/worker-1 cordoned\n",
     'error: unable to drain node "worker-1" due to error: [cannot delete DaemonSet-managed Pods (use '
     '--ignore-daemonsets to ignore): kube-system/agent-x1, cannot delete Pods that declare no controller (use '
     '--force to override): shop/debug], continuing command...\nThere are pending nodes to be drained:\n worker-1\n'
     'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-x1\n'
     'cannot delete Pods that declare no controller (use --force to override): shop/debug\n'),
    ("force-and-ignore-daemonsets", "drain worker-1 --ignore-daemonsets --force", 0,
     "node/worker-1 cordoned\nevicting pod shop/api-bc4d8947c-dd47g\nevicting pod shop/debug\n"
     "pod/api-bc4d8947c-dd47g evicted\npod/debug evicted\nnode/worker-1 drained\n",
     "Warning: ignoring DaemonSet-managed Pods: kube-system/agent-x1\n"
     "Warning: deleting Pods that declare no controller: shop/debug\n"),
]


@pytest.mark.parametrize("command, code, stdout, stderr", [c[1:] for c in DRAINS], ids=[c[0] for c in DRAINS])
def test_drain_filters(command, code, stdout, stderr):
    assert Kubectl(_drain_cluster()).run(command) == Result(code, stdout, stderr)


COMPLETIONS = [
    ("command", "dr", ("dr", ["drain"])),
    ("all-commands-on-empty-line", "", ("", ["annotate", "api-resources", "apply", "cluster-info", "config", "cordon",
                                             "create", "delete", "describe", "drain", "explain", "expose", "get",
                                             "label", "logs", "rollout", "scale", "taint", "top", "uncordon",
                                             "version"])),
    ("resource-type", "get dep", ("dep", ["deploy", "deployments"])),
    ("object-name-in-namespace", "describe deploy -n shop ", ("", ["api", "mysql"])),
    ("type-slash-name", "get -n shop deployment/a", ("deployment/a", ["deployment/api"])),
    ("node-names", "cordon worker-", ("worker-", ["worker-1", "worker-2", "worker-3"])),
    ("rollout-subcommands", "rollout ", ("", ["history", "restart", "status", "undo"])),
    ("namespace-names", "get pods -n s", ("s", ["shop"])),
    ("output-formats", "get pods -o ", ("", ["json", "name", "wide", "yaml"])),
    ("flags", "drain worker-1 --ig", ("--ig", ["--ignore-daemonsets"])),
    ("config-subcommands", "config set", ("set", ["set-context"])),
]


@pytest.mark.parametrize("line, expected", [c[1:] for c in COMPLETIONS], ids=[c[0] for c in COMPLETIONS])
def test_completion(sim, line, expected):
    assert complete(line, sim) == expected


OUTAGES = [
    ("etcd-without-quorum-read", "stop_etcd", "get pods -A",
     Result(1, "", "Error from server: etcdserver: request timed out\n")),
    ("etcd-without-quorum-write", "stop_etcd", "scale deployment api -n shop --replicas=1",
     Result(1, "", "Error from server: etcdserver: request timed out\n")),
    ("apiserver-down-read", "stop_member", "get nodes",
     Result(1, "", "The connection to the server 192.168.56.10:6443 was refused - did you specify the right host "
                   "or port?\n")),
    ("apiserver-down-write", "stop_member", "cordon worker-1",
     Result(1, "", "The connection to the server 192.168.56.10:6443 was refused - did you specify the right host "
                   "or port?\n")),
    ("apiserver-down-apply", "stop_member", "label ns shop a=b",
     Result(1, "", "The connection to the server 192.168.56.10:6443 was refused - did you specify the right host "
                   "or port?\n")),
]


@pytest.mark.parametrize("fault, command, expected", [c[1:] for c in OUTAGES], ids=[c[0] for c in OUTAGES])
def test_control_plane_outage(sim, fault, command, expected):
    """kubectl's words for an unreachable API server; a refused write is not recorded on the timeline."""
    getattr(sim, fault)("control-plane")
    sim.step(1)
    recorded = list(sim.inputs)
    assert (Kubectl(sim).run(command), sim.inputs) == (expected, recorded)


def test_drain_refuses_emptydir_pods_unless_told():
    cluster = example_cluster()
    cluster.add({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "cache", "namespace": "shop"},
                 "spec": {"serviceName": "cache", "selector": {"matchLabels": {"app": "cache"}},
                          "template": {"metadata": {"labels": {"app": "cache"}},
                                       "spec": {"containers": [{"name": "c", "image": "redis:7"}]}}}})
    cluster.add({"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "cache", "namespace": "shop", "labels": {"app": "cache"}, "ownerReferences": [
                     {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "cache", "uid": "",
                      "controller": True}]},
                 "spec": {"nodeName": "worker-3", "volumes": [{"name": "tmp", "emptyDir": {}}],
                          "containers": [{"name": "c", "image": "redis:7"}]},
                 "status": {"phase": "Running"}})
    s = Simulator(cluster, seed=0)
    s.settle()
    refs = sorted(f"{p.namespace}/{p.name}" for p in s.api.list("Pod") if p.node_name == "worker-3")
    kubectl = Kubectl(s)
    first = kubectl.run("drain worker-3")
    second = kubectl.run("drain worker-3 --delete-emptydir-data")
    assert (refs, first.exit_code, "cannot delete Pods with local storage (use --delete-emptydir-data to "
                                   "override): shop/cache" in first.stderr, second.exit_code,
            second.stdout.endswith("node/worker-3 drained\n")) == (refs, 1, True, 0, True)


DELETE_WAITS = [
    ("waits-until-the-kubelet-removed-it", "delete pod -n shop -l app=api", False),
    ("wait-false-returns-at-once", "delete pod -n shop -l app=api --wait=false", True),
]


@pytest.mark.parametrize("command, still_terminating", [c[1:] for c in DELETE_WAITS],
                         ids=[c[0] for c in DELETE_WAITS])
def test_delete_waits_like_kubectl(sim, command, still_terminating):
    old = {p.uid for p in sim.api.list("Pod", "shop", "app=api")}
    result = Kubectl(sim).run(command)
    left = [p for p in sim.api.list("Pod", "shop", "app=api") if p.uid in old]
    assert (result.exit_code, result.stdout.count(" deleted\n"), bool(left),
            all(p.metadata.get("deletionTimestamp") for p in left)) == (0, 3, still_terminating, True)


def _manifests(change=None) -> str:
    from explorer.io import dump_manifests
    text = dump_manifests(example_cluster())
    return change(text) if change else text


APPLIES = [
    ("own-manifests-are-unchanged", _manifests(),
     Result(0, "namespace/ingress-nginx unchanged\nnamespace/shop unchanged\n"
               "ingressclass.networking.k8s.io/nginx unchanged\ndeployment.apps/ingress-nginx-controller unchanged\n"
               "service/ingress-nginx-controller unchanged\ndeployment.apps/api unchanged\nservice/api unchanged\n"
               "deployment.apps/mysql unchanged\nservice/mysql unchanged\ningress.networking.k8s.io/shop unchanged\n",
            "")),
    ("changed-replicas-configure", _manifests(lambda t: t.replace("replicas: 3", "replicas: 4")),
     Result(0, "namespace/ingress-nginx unchanged\nnamespace/shop unchanged\n"
               "ingressclass.networking.k8s.io/nginx unchanged\ndeployment.apps/ingress-nginx-controller unchanged\n"
               "service/ingress-nginx-controller unchanged\ndeployment.apps/api configured\nservice/api unchanged\n"
               "deployment.apps/mysql unchanged\nservice/mysql unchanged\ningress.networking.k8s.io/shop unchanged\n",
            "")),
    ("new-object-created", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n",
     Result(0, "configmap/cfg created\n", "")),
    ("missing-namespace-is-not-found", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: ghost\n",
     Result(1, "", 'Error from server (NotFound): error when creating "{file}": namespaces "ghost" not found\n')),
    ("invalid-file-is-refused", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: x\n",
     Result(1, "", "error: {file}:5: document 0: spec.selector: Required value\n"
                   "error: {file}:5: document 0: spec.template: Required value\n"
                   "error: {file}:5: document 0: spec.template.spec: Required value\n"
                   "error: {file}:6: document 0: spec.replicas: must be an integer, got a string\n")),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in APPLIES], ids=[c[0] for c in APPLIES])
def test_apply(sim, tmp_path, text, expected):
    path = tmp_path / "m.yaml"
    path.write_text(text)
    want = Result(expected.exit_code, expected.stdout, expected.stderr.replace("{file}", str(path)))
    assert Kubectl(sim).run(["apply", "-f", str(path)]) == want


def test_apply_keeps_node_ports_and_cluster_ip(sim, tmp_path):
    before = sim.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    path = tmp_path / "m.yaml"
    path.write_text(_manifests(lambda t: t.replace("replicas: 3", "replicas: 4")))
    Kubectl(sim).run(["apply", "-f", str(path)])
    after = sim.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    assert (after.cluster_ip, [p.node_port for p in after.ports]) == (before.cluster_ip,
                                                                     [p.node_port for p in before.ports])


NETPOL = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: mysql}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: api}
"""

POLICY_VIEWS = [
    ("get", "get netpol -n shop", "NAME          POD-SELECTOR   AGE\ndb-from-api   app=mysql      0s\n"),
    ("get-name", "get networkpolicies -A -o name", "networkpolicy.networking.k8s.io/db-from-api\n"),
    ("describe", "describe netpol db-from-api -n shop",
     "Name:         db-from-api\nNamespace:    shop\nLabels:       <none>\nAnnotations:  <none>\n"
     "Created on:   Thu, 01 Jan 2026 00:00:03 +0000\nSpec:\n  PodSelector:   app=mysql\n"
     "  Policy Types:  Ingress\nEvents:          <none>\n"),
]


@pytest.mark.parametrize("command, stdout", [c[1:] for c in POLICY_VIEWS], ids=[c[0] for c in POLICY_VIEWS])
def test_network_policy_views(sim, tmp_path, command, stdout):
    path = tmp_path / "np.yaml"
    path.write_text(NETPOL)
    kubectl = Kubectl(sim)
    assert (kubectl.run(["apply", "-f", str(path)]), kubectl.run(command)) == (
        Result(0, "networkpolicy.networking.k8s.io/db-from-api created\n", ""), Result(0, stdout, ""))


def test_deleting_a_namespace_deletes_what_is_in_it(sim):
    kubectl = Kubectl(sim)
    result = kubectl.run("delete namespace shop")
    left = sorted({o.kind for o in sim.store.objects.values() if o.namespaced and o.namespace == "shop"})
    assert (result, left, kubectl.run("delete ns default")) == (
        Result(0, 'namespace "shop" deleted\n', ""), [],
        Result(1, "", 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be '
                      'deleted\n'))
