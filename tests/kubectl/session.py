"""The scripted kubectl session the tests replay against the example cluster, and how to render it.

A step is ``("kubectl ARGS", checks)`` or a simulator directive ``"@settle"`` / ``"@step"``. ``render``
runs the whole session and returns one transcript entry per command; ``session_transcript.txt`` holds the
expected transcript (regenerate with ``python -m tests.kubectl.session`` after a deliberate change, then
review the diff). The transcript depends on the simulator's decisions (pod names from its seeded generator,
the scheduler's placements, controller pacing), so a deliberate change there shows up here too.
"""

from __future__ import annotations

from pathlib import Path

from explorer.kubectl import Kubectl
from explorer.model import example_cluster
from explorer.sim import Simulator

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "session_transcript.txt"

WEB_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - port: 80
"""

STEPS = [
    "get nodes",
    "get nodes -o wide",
    "get pods -n shop -o wide",
    "get deploy -A",
    "get svc -n shop",
    "get endpointslices -n shop",
    "get ingress -n shop",
    "get ingressclasses",
    "get ns",
    "get pods -n shop -l 'app in (api)' -o name",
    "get pods -A -l app!=api,app --show-labels",
    "describe deployment api -n shop",
    "describe service api -n shop",
    "describe node worker-2",
    "describe pod mysql -n shop",
    "scale deployment api -n shop --replicas=5",
    "@settle",
    "get pods -n shop -o wide",
    "get rs -n shop",
    "create deployment hello --image=nginx:1.27 --replicas=2 --port=80",
    "expose deployment hello --port=80 --type=NodePort",
    "@settle",
    "get all",
    "apply -f {web}",
    "apply -f {web}",
    "@settle",
    "label pods -n shop -l app=web tier=frontend",
    "get pods -n shop -l tier=frontend -o name",
    "label pods -n shop -l app=web tier=backend",
    "taint nodes worker-3 dedicated=db:NoSchedule",
    "cordon worker-1",
    "get nodes",
    "drain worker-1 --ignore-daemonsets",
    "uncordon worker-1",
    "get pods -n shop -o wide",
    "taint nodes worker-3 dedicated:NoSchedule-",
    "rollout restart deployment/api -n shop",
    "rollout status deployment/api -n shop",
    "rollout history deployment/api -n shop",
    "rollout undo deployment/api -n shop",
    "rollout status deployment/api -n shop",
    "get rs -n shop",
    "@settle",
    "top nodes",
    "top pods -n shop",
    "explain deployment.spec.replicas",
    "logs deploy/api -n shop",
    "delete deployment hello",
    "delete svc hello",
    "delete -f {web}",
    "@settle",
    "get pods",
    "get pods nope -n shop",
    "get foo",
    "describe svc -n shop nope",
    "scale deployment api -n shop",
    "get deploy api -n shop -o json",
]


def new_simulator() -> Simulator:
    sim = Simulator(example_cluster(), seed=0)
    sim.settle()
    return sim


def run_session(tmp_dir: Path, observe=None) -> list:
    """Run STEPS; return [(command, Result)]. ``observe(step_index, sim)`` runs after every step."""
    web = tmp_dir / "web.yaml"
    web.write_text(WEB_YAML)
    sim = new_simulator()
    kubectl = Kubectl(sim)
    out = []
    for i, step in enumerate(STEPS):
        if step == "@settle":
            sim.settle()
        else:
            command = step.replace("{web}", str(web))
            out.append((step, kubectl.run(command)))
        if observe is not None:
            observe(i, sim)
    return out


def entry(step: str, result) -> str:
    """One transcript entry: the command, its exit code, stdout, and stderr after a marker."""
    text = f"$ kubectl {step}\n[exit {result.exit_code}]\n{result.stdout}"
    if result.stderr:
        text += f"--- stderr\n{result.stderr}"
    return text


def split_transcript(text: str) -> list:
    """Entries of a transcript file (each starts at a line beginning with ``$ kubectl ``)."""
    entries, current = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("$ kubectl ") and current:
            entries.append("".join(current))
            current = []
        current.append(line)
    if current:
        entries.append("".join(current))
    return entries


if __name__ == "__main__":  # regenerate the golden transcript
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        GOLDEN.write_text("".join(entry(s, r) for s, r in run_session(Path(d))))
    print(f"wrote {GOLDEN}")
