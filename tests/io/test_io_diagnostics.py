"""Bad input: every problem is one located diagnostic (file, document, line, field path), never a traceback."""

from __future__ import annotations

import pytest

from explorer.io import load_text

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
"""
LABELLED_POD = POD.replace("  name: web\n", "  name: web\n  labels:\n    app: web\n", 1)
DEPLOYMENT_REPLICAS_STRING = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: three
  selector:
    matchLabels: {app: d}
  template:
    metadata:
      labels: {app: d}
    spec:
      containers:
      - name: d
        image: nginx
"""
INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 80
"""
ALIAS_BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 10) if i else ', '.join('x' * 10)}]\n"
    for i in range(9))

CASES = {
    "malformed-yaml": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n",
        ["f.yaml:5: document 0: did not find expected ',' or ']' (while parsing a flow sequence)"], 0),
    "malformed-indentation": (
        "apiVersion: v1\nkind: Pod\n metadata: x\n",
        ["f.yaml:3: document 0: mapping values are not allowed in this context"], 0),
    "wrong-type-in-second-document": (
        "---\n" + POD + "---\n" + DEPLOYMENT_REPLICAS_STRING,
        ["f.yaml:16: document 1: spec.replicas: must be an integer, got a string"], 1),
    "missing-required-field": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n",
        ["f.yaml:7: document 0: spec.containers[0].image: Required value"], 0),
    "missing-name": (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: b}\n",
        ["f.yaml:3: document 0: metadata.name: Required value"], 0),
    "unknown-apiversion-ingress": (
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\nspec:\n  backend:\n"
        "    serviceName: web\n    servicePort: 80\n",
        ['f.yaml:1: document 0: apiVersion: no matches for kind "Ingress" in version "extensions/v1beta1"; '
         'Kubernetes 1.34 serves Ingress as networking.k8s.io/v1'], 0),
    "apiversion-with-a-newline": (
        'apiVersion: "networking.k8s.io/\\nv1"\nkind: Ingress\nmetadata:\n  name: odd\n',
        ['f.yaml:1: document 0: apiVersion: no matches for kind "Ingress" in version "networking.k8s.io/\\nv1"; '
         'Kubernetes 1.34 serves Ingress as networking.k8s.io/v1'], 0),
    "removed-kind": (
        "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n",
        ['f.yaml:1: document 0: apiVersion: no matches for kind "PodSecurityPolicy" in version "policy/v1beta1": '
         'PodSecurityPolicy was removed in Kubernetes 1.25'], 0),
    "duplicate-name": (
        POD + "---\n" + POD,
        ['f.yaml:13: document 1: metadata.name: Pod "default/web" is defined twice (first in document 0)'], 1),
    "pod-on-missing-node": (
        POD.replace("spec:\n", "spec:\n  nodeName: worker-9\n"),
        ['f.yaml:6: document 0: spec.nodeName: warning: Node "worker-9" not found: the Pod stays Pending until '
         'a Node of that name joins'], 1),
    "service-selects-nothing": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n"
        "  - port: 80\n",
        ['f.yaml:6: document 0: spec.selector: warning: Service "default/web" selects no pods: no Pod or workload '
         'template in namespace "default" has labels app=web'], 1),
    "service-selects-deployment-template": (
        DEPLOYMENT_REPLICAS_STRING.replace("three", "2") + "---\napiVersion: v1\nkind: Service\nmetadata:\n"
        "  name: d\nspec:\n  selector:\n    app: d\n  ports:\n  - port: 80\n",
        [], 2),
    "service-selects-a-pod-only": (
        LABELLED_POD + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n"
        "  ports:\n  - port: 80\n", [], 2),
    "service-selects-pods-of-another-namespace-only": (
        LABELLED_POD + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: other\nspec:\n  selector:\n"
        "    app: web\n  ports:\n  - port: 80\n",
        ['f.yaml:18: document 1: spec.selector: warning: Service "other/s" selects no pods: no Pod or workload '
         'template in namespace "other" has labels app=web'], 2),
    "service-needs-both-labels-of-its-selector": (
        LABELLED_POD + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n"
        "    tier: db\n  ports:\n  - port: 80\n",
        ['f.yaml:17: document 1: spec.selector: warning: Service "default/s" selects no pods: no Pod or workload '
         'template in namespace "default" has labels app=web,tier=db'], 2),
    "ingress-dangling-class-and-service": (
        INGRESS,
        ['f.yaml:6: document 0: spec.ingressClassName: warning: IngressClass "nginx" not found: no controller '
         'will serve this Ingress',
         'f.yaml:14: document 0: spec.rules[0].http.paths[0].backend.service.name: warning: Service "default/api" '
         'not found: requests for this backend get 503'], 1),
    "duplicate-mapping-key": (
        POD.replace("  name: web\n", "  name: web\n  name: web2\n") + "---\n" + POD.replace("web", "ok"),
        ['f.yaml:5: document 0: mapping key "name" already defined at line 4'], 1),
    "merge-key-override-is-not-a-duplicate": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  <<: {a: x}\n  a: y\n", [], 1),
    "top-level-scalar": (
        "hello\n",
        ["f.yaml:1: document 0: must be a Kubernetes object (a mapping with apiVersion and kind), got a string"], 0),
    "not-a-manifest": (
        '{"Probes": [{"Port": 80}]}\n',
        ["f.yaml:1: document 0: not a Kubernetes object: apiVersion and kind are missing"], 0),
    "bad-position-annotation": (
        POD.replace("  name: web\n", "  name: web\n  annotations:\n    explorer.k8s.io/position: here\n"),
        ['f.yaml:6: document 0: metadata.annotations.explorer.k8s.io/position: warning: must be "x,y" '
         '(two numbers); the position is ignored'], 1),
    "bad-kubeadm-config": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubeadm-config\n  namespace: kube-system\ndata:\n"
        "  ClusterConfiguration: |\n    networking:\n      podSubnet: 10.244.0.0/33\n",
        ["f.yaml:7: document 0: data.ClusterConfiguration: podSubnet '10.244.0.0/33': must be a valid CIDR "
         "('10.244.0.0/33' does not appear to be an IPv4 or IPv6 network)"], 0),
    "list-item": (
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n"
        "  spec:\n    ports:\n    - port: 99999\n",
        ["f.yaml:10: document 0: items[0].spec.ports[0].port: port 99999: must be between 1 and 65535, inclusive"],
        0),
    "json-array-item": (
        '[{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"},\n'
        '  "spec": {"containers": [{"name": "a", "image": 5}]}}]\n',
        ["f.yaml:2: document 0: [0].spec.containers[0].image: must be a string, got an integer"], 0),
    "python-object-tag": (
        '!!python/object/apply:os.system ["echo pwned"]\n',
        ["f.yaml:1: document 0: YAML tag '!!python/object/apply:os.system' is not allowed: only plain YAML data "
         "is accepted"], 0),
    "alias-bomb": (
        ALIAS_BOMB,
        ["f.yaml:1: document 0: YAML aliases expand to more than 1,000,000 extra nodes (an alias bomb?); refused"], 0),
    "recursive-alias": (
        "a: &a {x: *a}\n",
        ["f.yaml:1: document 0: a YAML alias refers to a collection that contains it (recursive alias); refused"],
        0),
    "nesting-300-deep": (
        "[" * 300 + "]" * 300,
        ["f.yaml:1: document 0: nesting deeper than 200 levels; refused"], 0),
    "nesting-10000-deep": (
        "a: " + "[" * 10000 + "]" * 10000,
        ["f.yaml:1: document 0: exceeded maximum nesting depth (while increasing flow level)"], 0),
    "one-megabyte-line": (
        "x: " + "a" * 1_000_000 + "\n",
        ["f.yaml:1: document 0: not a Kubernetes object: apiVersion and kind are missing"], 0),
}


@pytest.mark.parametrize("text,expected,objects", CASES.values(), ids=CASES.keys())
def test_bad_input_is_reported_with_location(text, expected, objects):
    result = load_text(text, "f.yaml")
    assert ([str(d) for d in result.diagnostics], len(result.cluster)) == (expected, objects)
    assert result.ok == (not any(d.severity == "error" for d in result.diagnostics))


def test_diagnostic_json_shape():
    result = load_text("---\n" + POD + "---\n" + DEPLOYMENT_REPLICAS_STRING, "f.yaml")
    assert [d.to_json() for d in result.diagnostics] == [
        {"severity": "error", "file": "f.yaml", "document": 1, "line": 16, "path": "spec.replicas",
         "message": "must be an integer, got a string"}]


def test_errors_after_a_broken_document_keep_earlier_ones():
    result = load_text(POD + "---\nkind: [\n", "f.yaml")
    assert ([str(d) for d in result.diagnostics], [o.name for o in result.cluster]) == (
        ["f.yaml:11: document 1: did not find expected node content (while parsing a flow node)"], ["web"])


NODE_ODD_ADDRESS = """apiVersion: v1
kind: Node
metadata:
  name: n1
status:
  addresses: [oops]
"""
POD_BAD_NAME = POD.replace("name: web\nspec", "name: Bad_Name\nspec")

OBJECT_PROBLEM_CASES = [
    # name, text, object_problems as {key: [(severity, message, path)]}
    ("nothing to say", POD, {}),
    ("a warning is kept with its object", NODE_ODD_ADDRESS + "---\n" + POD,
     {("Node", "", "n1"): [("warning", "must be an object, got a string", ("status", "addresses", 0))]}),
    ("an object with errors is left out, and so are its problems", POD_BAD_NAME + "---\n" + NODE_ODD_ADDRESS,
     {("Node", "", "n1"): [("warning", "must be an object, got a string", ("status", "addresses", 0))]}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in OBJECT_PROBLEM_CASES],
                         ids=[c[0] for c in OBJECT_PROBLEM_CASES])
def test_the_load_hands_over_what_validation_found_per_object(text, expected):
    """LoadResult.object_problems: what validate_object found for each object of the cluster (the window's
    Problems dock takes it instead of checking 150,000 pods again)."""
    result = load_text(text, "t.yaml")
    assert {k: [(p.severity, p.message, tuple(p.path)) for p in v] for k, v in result.object_problems.items()} \
        == expected
