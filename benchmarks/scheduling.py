"""Scheduling benchmark (issue 6, target 1): pods/s of the scheduler's fast path against the plain reference.

    python -m benchmarks.scheduling [--quick] [--json]

Full run: 150,000 pods of 1,000 Deployments (each with a Service and a ReplicaSet, so PodTopologySpread's
system defaults apply) onto 5,000 zoned nodes with some taints and node affinity, default plugins and weights,
every feasible node scored (percentageOfNodesToScore 100). "End to end" is from the pending pods to bound
pods in the scheduler's cache: one scheduling cycle per pod (same plugins, formulas and seeded tie-breaks as
the plain cycle), the bind (the pod object with spec.nodeName, made by the benchmark's bind function) and the
cache update, through ``Scheduler.schedule_batch`` (what the simulator's scheduling queue calls), including
the young garbage collection the batch defers to its end; generating the workload is not timed. The fast
path's per-class loop is compiled with numba (explorer/sim/scheduler/compiled.py): loading it (from numba's
on-disk cache, or compiling it on the first run after an install or a change) is a once-per-process cost,
done and timed on its own before the batch. The same pods scheduled one call at a time (``schedule`` +
``add_pod``, the pre-batch API) are timed too, and must land on the same nodes.

The baseline is the plain reference implementation kept in tests/sim/scheduler/reference.py, run on the
500-node size; the fast path's placements there must be identical to it. Also printed: the default config,
Kubernetes' adaptive percentageOfNodesToScore (10 % of 5,000 nodes searched from a rotating start), which is
what ``SchedulerConfig()`` does and what the simulator uses unless configured otherwise.
``--quick`` shrinks every size so the whole run stays under a minute. Rates are wall-clock; the fast path's
rate per CPU-second is printed too, since the machine may be shared, with the share of that CPU time spent in
Python's cyclic garbage collector (the bound pods, their manifests and PodInfos pile up: 150,000 of each).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PODS_PER_S = 50_000
FULL = {"nodes": 5000, "deployments": 1000, "pods": 150_000, "ref_nodes": 500, "ref_deployments": 20,
        "ref_pods": 1000, "adaptive_pods": 300}
QUICK = {"nodes": 1000, "deployments": 100, "pods": 15_000, "ref_nodes": 500, "ref_deployments": 8,
         "ref_pods": 300, "adaptive_pods": 100}


def _load(name: str):
    path = ROOT / "tests" / "sim" / "scheduler" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_sched_bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _schedule_all(scheduler, workload, nodes, services, replica_sets, pods, batch: bool = True) -> tuple[list, float]:
    """Feed the scheduler, then time scheduling and binding every pod: (placements, wall seconds); CPU and GC
    seconds are left in ``_schedule_all.cpu_seconds`` / ``.gc_cpu_seconds``."""
    for n in nodes:
        scheduler.add_node(n)
    for obj in list(services) + list(replica_sets):
        scheduler.add_object(obj)
    bound = workload.bound
    gc.collect()
    gc.freeze()   # the workload is setup, not scheduling: keep the cyclic GC from rescanning it
    gc_cpu = [0.0, 0.0]

    def gc_timer(phase, info):    # CPU time spent in cyclic garbage collection during the loop
        if phase == "start":
            gc_cpu[1] = time.process_time()
        else:
            gc_cpu[0] += time.process_time() - gc_cpu[1]
    gc.callbacks.append(gc_timer)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        if batch:
            out = scheduler.schedule_batch(pods, bound)
        else:
            out = []
            for pod in pods:
                result = scheduler.schedule(pod)
                out.append(result.selected)
                if result.selected:
                    scheduler.add_pod(bound(pod, result.selected))
    finally:
        _schedule_all.cpu_seconds = time.process_time() - cpu
        elapsed = time.perf_counter() - start
        gc.callbacks.remove(gc_timer)
        gc.unfreeze()
    _schedule_all.gc_cpu_seconds = gc_cpu[0]
    return [r if r is None or isinstance(r, str) else r.selected for r in out], elapsed


def run(quick: bool = False) -> dict:
    """Run the benchmark; returns the figures as a dict (also what ``--json`` prints)."""
    sys.path.insert(0, str(ROOT))
    from explorer.sim.scheduler import Scheduler, SchedulerConfig

    workload, reference = _load("workload"), _load("reference")
    # the compiled per-class loop (numba): loaded once per process, compiled on the first run after an install
    # or a change (numba caches it on disk); timed on its own, before the scheduling figures
    from explorer.sim.scheduler import compiled
    import explorer.sim.scheduler.fast  # noqa: F401  (imported on first use otherwise)
    start = time.perf_counter()
    jit = compiled.load()
    jit_s = time.perf_counter() - start
    size = QUICK if quick else FULL
    all_nodes = SchedulerConfig(percentage_of_nodes_to_score=100)

    # fast path at full size
    nodes = workload.make_nodes(size["nodes"], seed=1)
    services, replica_sets, pods = workload.make_workload(size["deployments"], size["pods"], seed=1)
    placed, fast_s = _schedule_all(Scheduler(all_nodes, seed=0), workload, nodes, services, replica_sets, pods)
    fast_rate = len(pods) / fast_s
    fast_cpu_rate = len(pods) / _schedule_all.cpu_seconds
    fast_gc_share = _schedule_all.gc_cpu_seconds / _schedule_all.cpu_seconds
    # the same pods one call at a time (schedule + add_pod per pod): same placements, for comparison
    single_placed, single_s = _schedule_all(Scheduler(all_nodes, seed=0), workload, nodes, services, replica_sets,
                                            pods, batch=False)
    single_cpu_rate = len(pods) / _schedule_all.cpu_seconds

    # reference vs fast at the 500-node size
    r_nodes = workload.make_nodes(size["ref_nodes"], seed=2)
    r_services, r_rs, r_pods = workload.make_workload(size["ref_deployments"], size["ref_pods"], seed=2)
    start = time.perf_counter()
    ref_placed = reference.run_reference(r_nodes, r_services, r_rs, r_pods, seed=0)
    ref_s = time.perf_counter() - start
    fast_placed, fast_small_s = _schedule_all(Scheduler(all_nodes, seed=0), workload, r_nodes, r_services, r_rs,
                                              r_pods)
    ref_rate = len(r_pods) / ref_s

    # the default config: Kubernetes' adaptive percentage (sampled search), at full node count
    a_pods = pods[:size["adaptive_pods"]]
    _, adaptive_s = _schedule_all(Scheduler(SchedulerConfig(), seed=0), workload, nodes, services, replica_sets,
                                  a_pods)
    return {
        "machine": (f"{platform.machine()} {platform.processor() or ''}".strip()
                    + f", Python {platform.python_version()}"),
        "nodes": size["nodes"], "pods": len(pods), "deployments": size["deployments"],
        "unplaced": placed.count(None),
        "fast_pods_per_s": round(fast_rate), "fast_seconds": round(fast_s, 2),
        "fast_pods_per_cpu_s": round(fast_cpu_rate), "fast_gc_cpu_share": round(fast_gc_share, 2),
        "one_by_one_pods_per_s": round(len(pods) / single_s), "one_by_one_pods_per_cpu_s": round(single_cpu_rate),
        "one_by_one_placements_match": single_placed == placed,
        "reference_nodes": size["ref_nodes"], "reference_pods": len(r_pods),
        "reference_pods_per_s": round(ref_rate, 1), "fast_pods_per_s_at_reference_size": round(len(r_pods) /
                                                                                               fast_small_s),
        "ratio_to_reference": round(fast_rate / ref_rate, 1),
        "placements_match_reference": fast_placed == ref_placed,
        "adaptive_default_pods_per_s": round(len(a_pods) / adaptive_s, 1),
        "compiled_loop": jit, "compiled_loop_load_seconds": round(jit_s, 2),
        "compiled_loop_missing": None if jit else compiled.unavailable_reason(),
        "target_pods_per_s": TARGET_PODS_PER_S, "target_met": fast_rate >= TARGET_PODS_PER_S,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scheduling", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    r = run(args.quick)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0 if r["placements_match_reference"] and r["one_by_one_placements_match"] else 1
    print(f"Scheduling ({r['machine']})")
    print(f"  batch          {r['pods']:>7} pods -> {r['nodes']} nodes: {r['fast_pods_per_s']:>8} pods/s "
          f"({r['fast_seconds']} s wall; {r['fast_pods_per_cpu_s']} pods per CPU-second, "
          f"{round(100 * r['fast_gc_cpu_share'])} % of it in Python's cyclic GC; {r['unplaced']} "
          f"unplaced); target {r['target_pods_per_s']} pods/s: "
          f"{'met' if r['target_met'] else 'NOT met'}")
    print(f"  compiled loop  {'loaded in ' + str(r['compiled_loop_load_seconds']) + ' s (once per process, before '
          'the timed batch)' if r['compiled_loop'] else 'NOT available: ' + str(r['compiled_loop_missing'])}")
    print(f"  one by one     {r['pods']:>7} pods -> {r['nodes']} nodes: {r['one_by_one_pods_per_s']:>8} pods/s "
          f"({r['one_by_one_pods_per_cpu_s']} pods per CPU-second; schedule + add_pod per pod); same placements "
          f"as the batch: {'yes' if r['one_by_one_placements_match'] else 'NO'}")
    print(f"  reference      {r['reference_pods']:>7} pods -> {r['reference_nodes']} nodes: "
          f"{r['reference_pods_per_s']:>8} pods/s (baseline); fast there: {r['fast_pods_per_s_at_reference_size']} "
          f"pods/s")
    print(f"  ratio fast / reference: {r['ratio_to_reference']}x; placements identical at "
          f"{r['reference_nodes']} nodes: {'yes' if r['placements_match_reference'] else 'NO'}")
    print(f"  default config (adaptive percentageOfNodesToScore, sampled search) at {r['nodes']} nodes: "
          f"{r['adaptive_default_pods_per_s']} pods/s")
    return 0 if r["placements_match_reference"] and r["one_by_one_placements_match"] else 1


if __name__ == "__main__":
    sys.exit(main())
