"""Crash-safety harness: a "zygote" process forks savers that write two topologies over one file until killed.

``python -m tests.robustness.crash OBJECTS`` builds an old and a new design (the example cluster plus
``OBJECTS`` deployments and services, differing everywhere), measures one save, prints
``ready <serialize seconds> <save seconds>`` and then serves commands on stdin:

- ``fork PATH``: fork a saver that alternates ``save_topology(new, PATH)`` / ``save_topology(old, PATH)``
  forever (PATH must already hold the old version); prints its pid. Every instant of the saver's life is
  inside a save, so a SIGKILL at any moment lands at some point of ``save_topology``.
- ``reap PID``: wait for that (killed) saver; prints its wait status.

Forking from a warm process keeps a trial cheap (no interpreter start-up, no rebuild).
"""

from __future__ import annotations

import os
import sys
import time

from explorer.io import dump_topology, save_topology
from explorer.model import builders as b
from explorer.model import example_cluster


def design(objects: int, variant: str):
    """The example cluster plus ``objects`` deployments and services; ``variant`` changes every image and the
    layout so the two designs differ everywhere in the file."""
    cluster = example_cluster()
    objs = []
    for i in range(objects // 2):
        labels = {"app": f"app-{i}"}
        objs.append(b.deployment(f"app-{i}", "default", f"registry.example.com/app-{i}:{variant}", 2, labels,
                                 8080, "100m", "128Mi", "http"))
        objs.append(b.service(f"app-{i}", "default", labels, 80, "http"))
    cluster.add_many(objs)
    for n, obj in enumerate(cluster):
        cluster.set_position(obj.key, (n * 10.0, len(variant) * 100.0))
    return cluster


def _saver(path: str, old, new) -> None:
    while True:
        save_topology(new, path)
        save_topology(old, path)


def main(argv) -> None:
    objects = int(argv[0])
    old, new = design(objects, "old"), design(objects, "newer")
    start = time.perf_counter()
    dump_topology(new)
    serialize = time.perf_counter() - start
    probe = f"/tmp/crash-probe-{os.getpid()}.yaml"
    start = time.perf_counter()
    save_topology(new, probe)
    save = time.perf_counter() - start
    os.unlink(probe)
    print(f"ready {serialize:.6f} {save:.6f}", flush=True)
    for line in sys.stdin:
        command, arg = line.split(maxsplit=1)
        arg = arg.strip()
        if command == "fork":
            pid = os.fork()
            if pid == 0:
                try:
                    _saver(arg, old, new)
                finally:
                    os._exit(1)
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(arg), 0)
            print(status, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
