"""``python -m benchmarks [--quick] [--only NAME[,NAME]]``: every figure of issue 6, then docs/benchmarks.md.

Each figure runs in its own process (:mod:`benchmarks.figures`), so one figure's memory never weighs on the
next and peak RSS is per figure. For every figure the value, its target and the ratio to a baseline measured
in the same run are printed: the machine is a shared 2-core box, so ratios say more than absolute times.

Full run (default): topologies of 5,000 nodes / 150,000 pods (generated once into build/benchmarks/, reused
while benchmarks.generate.GENERATOR_VERSION is unchanged), then the table goes to docs/benchmarks.md. Needs ~4 GB of RAM
and tens of minutes on a loaded machine. ``--quick``: simulation at 500 nodes (baseline 50), import/export
and desktop on the 50-node topology (desktop baseline: the built-in example cluster), the sub-benchmarks' own
quick sizes; about 45 s of CPU in all, so under a minute on an idle machine; its table goes to
build/benchmarks/benchmarks-quick.md.
``--only`` runs some figures (scheduling, io, simulation, traffic, desktop) and keeps the others' last stored
results (build/benchmarks/results-full.json or results-quick.json, each figure stamped with its date).
Exit status: 0 when every figure ran (targets met or not), 1 when a figure failed to run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "benchmarks"
FIGURES = ("scheduling", "io", "simulation", "traffic", "desktop", "responsiveness")
FINDINGS = Path(__file__).resolve().parent / "findings.md"
FULL = {"nodes": 5000, "base_nodes": 50, "io_nodes": 5000, "desktop_nodes": 5000, "desktop_base": 50,
        "ticks": 1000, "io_repeat": 1, "paint_repeat": 7, "desktop_runs": 3}
QUICK = {"nodes": 500, "base_nodes": 50, "io_nodes": 50, "desktop_nodes": 50, "desktop_base": None,
         "ticks": 1000, "io_repeat": 1, "paint_repeat": 7, "desktop_runs": 1}


def _figure(args: list, log) -> dict:
    """Run ``python -m benchmarks.figures ARGS`` and return its JSON; raises RuntimeError on failure."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.figures", *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log.write(f"$ benchmarks.figures {' '.join(args)}  ({time.perf_counter() - start:.1f} s, exit "
              f"{proc.returncode})\n{proc.stderr}\n")
    log.flush()
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"benchmarks.figures {args[0]} failed (exit {proc.returncode}): {tail}")
    result = json.loads(lines[-1])
    result["wall_s"] = round(time.perf_counter() - start, 1)
    return result


def compile_sources() -> None:
    """Compile the app's modules to bytecode (``__pycache__``), as installing it does: the figures must not time
    the compilation of modules a window imports while it opens a file, which an environment with
    ``PYTHONDONTWRITEBYTECODE`` (these machines set it) would otherwise repeat in every figure process
    (~0.3 s of a 50-node open)."""
    import compileall
    compileall.compile_dir(str(ROOT / "explorer"), quiet=1)


def _generator_tag() -> str:
    from benchmarks.generate import GENERATOR_VERSION
    return f"v{GENERATOR_VERSION}"


def topology(nodes: int, seed: int, log) -> dict:
    """The generated topology file for ``nodes`` (made once per generator version); returns its description."""
    BUILD.mkdir(parents=True, exist_ok=True)
    path = BUILD / f"topology-{nodes}-seed{seed}-{_generator_tag()}.yaml"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return json.loads(meta.read_text())
    info = _figure(["generate", "--nodes", str(nodes), "--seed", str(seed), "--path", str(path)], log)
    meta.write_text(json.dumps(info))
    return info


def _runs(result: dict) -> str:
    runs = result.get("open_runs") or []
    if len(runs) < 2:
        return ""
    return f"; median of {len(runs)} opens, each in a new process: " + " / ".join(f"{r:.2f}" for r in runs) + " s"


def desktop_rows(big: dict, base: dict, base_nodes: int | None) -> list:
    from benchmarks.figures import row
    label = (f"same measurement on the {base_nodes}-node topology" if base_nodes
             else "same measurement on the built-in example cluster")
    base_name = f"{base_nodes}-node" if base_nodes else "example-cluster"
    note = (f"{big['pods']:,} pods, {big['items']:,} scene items, viewport {big['viewport']}, full view at "
            f"{big['full_scale'] * 100:.1f} % zoom")

    def r(name, key, unit, target, scale=1.0, extra=""):
        value, b = big[key] * scale, base[key] * scale
        if key in big.get("cpu", {}):
            cpu = big["cpu"][key] * scale
            extra = (extra + "; " if extra else "") + f"CPU time (this process, parse child): {_fmt(cpu)} {unit}"
        return row(name, round(value, 3 if unit == "s" else 1), unit, target, "<=", round(b, 3 if unit == "s" else 1),
                   label, round(value / b, 2) if b else None, f"x the {base_name} value", note=extra)
    return [
        r("5 desktop: open to first painted frame", "open_s", "s", 3.0, extra=note + "; opened: "
          + ("yes" if big["opened"] else "NO") + _runs(big)),
        r("5 desktop: full-view repaint", "full_s", "ms", 50.0, 1e3),
        r("5 desktop: zoomed-in repaint (100 %)", "zoom_s", "ms", 16.0, 1e3,
          f"centred on a node; {big.get('zoom_items', '?')} items in the viewport"),
        r("5 desktop: scroll step at 100 % (smoothness)", "scroll_s", "ms", 16.0, 1e3,
          "40 px horizontal scroll then repaint"),
        r("5 desktop: drag step at 100 % (smoothness)", "drag_s", "ms", 16.0, 1e3,
          f"a node dragged with real mouse events, 5 px per step, repainted after each; it moved "
          f"{big.get('drag_moved', '?')} scene units") if big.get("drag_s") is not None and base.get("drag_s")
        else row("5 desktop: drag step at 100 % (smoothness)", None, "ms", note="not measured in this run"),
        r("5 desktop: peak RSS", "rss_mb", "MiB", 1536.0, 1.0, "ru_maxrss of the desktop process"),
    ]


def run_figure(name: str, size: dict, quick: bool, seed: int, log) -> dict:
    q = ["--quick"] if quick else []
    if name == "scheduling":
        return _figure(["scheduling", *q], log)
    if name == "traffic":
        return _figure(["traffic", *q], log)
    if name == "responsiveness":    # issue 5: the longest UI freeze per phase of a simulation scenario
        from benchmarks import responsiveness
        return responsiveness.run_figure(size, quick, seed, log)
    if name == "io":
        topo = topology(size["io_nodes"], seed, log)
        return _figure(["io", "--path", topo["path"], "--repeat", str(size["io_repeat"])], log)
    if name == "simulation":
        return _figure(["simulation", "--nodes", str(size["nodes"]), "--base-nodes", str(size["base_nodes"]),
                        "--ticks", str(size["ticks"]), "--seed", str(seed)], log)
    big_topo = topology(size["desktop_nodes"], seed, log)
    base_path = topology(size["desktop_base"], seed, log)["path"] if size["desktop_base"] else ""
    bases, bigs = [], []
    for _ in range(size["desktop_runs"]):     # each a new process (an open is measured once a process), in turn
        bases.append(_figure(["desktop", "--path", base_path, "--repeat", str(size["paint_repeat"])], log))
        bigs.append(_figure(["desktop", "--path", big_topo["path"], "--repeat", str(size["paint_repeat"])], log))
    base, big = median_run(bases), median_run(bigs)
    return {"rows": desktop_rows(big, base, size["desktop_base"]), "rss_mb": big["rss_mb"],
            "raw": {"big": big, "base": base}}


def median_run(runs: list) -> dict:
    """One figure's results from several runs of it: the median of each number (``cpu`` too), the first run's
    other values, and ``open_runs``: each run's ``open_s``, in order."""
    def merge(values: list):
        first = values[0]
        if isinstance(first, dict):
            return {k: merge([v.get(k) for v in values]) for k in first}
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return statistics.median(values)
        return first
    out = merge(runs)
    out["open_runs"] = [r.get("open_s") for r in runs]
    return out


# --------------------------------------------------------------------------------------------------- output
def _fmt(v) -> str:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return {True: "yes", False: "no", None: "–"}.get(v, v) if not isinstance(v, str) else v
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:,.1f}"
    return f"{v:.3g}" if v else "0"


def target_text(r: dict) -> str:
    if r["target"] is None:
        return "–" if r["met"] is None else "must hold"
    sign = "≥" if r["op"] == ">=" else "≤"
    if r.get("target_on") == "ratio":
        return f"{sign} {_fmt(r['target'])}× baseline"
    return f"{sign} {_fmt(r['target'])} {r['unit']}".strip()


def verdict(r: dict) -> str:
    if r["met"] is None:
        return "(no target)"
    if r["met"]:
        return "met"
    measured = r["ratio"] if r.get("target_on") == "ratio" else r["value"]
    if not isinstance(measured, (int, float)) or not measured or r["target"] is None:
        return "NOT met"
    off = r["target"] / measured if r["op"] == ">=" else measured / r["target"]
    return f"NOT met ({off:.1f}× off)"


def print_rows(name: str, result: dict) -> None:
    if "error" in result:
        print(f"{name}: FAILED: {result['error']}")
        return
    for r in result["rows"]:
        ratio = f"{_fmt(r['ratio'])} {r['ratio_label']}" if r["ratio"] is not None else ""
        print(f"  {r['name']:<48} {_fmt(r['value']):>12} {r['unit']:<8} target {target_text(r):<18} "
              f"{verdict(r):<20} {ratio}")


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    def v(*names):
        for name in names:
            try:
                return version(name)
            except PackageNotFoundError:
                continue
        return "absent"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "python": platform.python_version(),
            "pyside6": v("PySide6", "PySide6_Essentials", "PySide6-Essentials"), "pyyaml": v("PyYAML"),
            "numpy": v("numpy"), "os": platform.platform(),
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def write_doc(path: Path, results: dict, quick: bool, size: dict, topologies: dict) -> None:
    m = results.get("_machine", machine())
    out = ["# Benchmarks (issue 6: scale)", "",
           "Generated by `python -m benchmarks" + (" --quick" if quick else "") + "` (see benchmarks/__main__.py). "
           "Every figure runs in its own process; its baseline is measured in the same process, in the same run. "
           "The machine is shared by several engineers, so absolute times vary from run to run: read the ratios "
           "first. Reproduce with `python -m benchmarks` (full: tens of minutes and ~4 GB of RAM), "
           "`python -m benchmarks --quick` (about 30 s of CPU; its table goes to build/benchmarks/benchmarks-quick.md), "
           "`--only scheduling,io,simulation,traffic,desktop` (re-measures some figures, keeps the others' stored "
           "results) or `--report` (rewrites this table from the stored results; the sections after the table "
           "come from benchmarks/findings.md).", "",
           "## Machine", "",
           f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}; {m['os']}",
           f"- Python {m['python']}, PySide6 {m['pyside6']}, PyYAML {m['pyyaml']} (libyaml C loader/dumper), "
           f"numpy {m['numpy']}",
           "- Other engineers' test runs share the 2 cores: each figure's notes give when it was measured and the "
           "load average (1, 5, 15 min) when it started.", "",
           "## Sizes", ""]
    for n, t in sorted(topologies.items()):
        k = t["kinds"]
        out.append(f"- {n:,} nodes (seed {t['seed']}): {k['Pod']:,} pods (bound, running, with status), "
                   f"{k['Deployment']:,} Deployments, {k['ReplicaSet']:,} ReplicaSets, {k['Service']:,} Services, "
                   f"{k['Ingress']:,} Ingresses, {k['NetworkPolicy']:,} NetworkPolicies, {k['Namespace']:,} "
                   f"Namespaces; file {t['bytes'] / 1e6:.0f} MB (generated in {t['generate_s']} s, saved in "
                   f"{t['save_s']} s)")
    out += ["- Scheduling and traffic build their own workloads (benchmarks/scheduling.py, benchmarks/traffic.py); "
            "their sizes are in the notes.", "",
            "## Results", "",
            "| Figure | Value | Target | Met? | Baseline (same run) | Ratio to baseline | Notes |",
            "|---|---|---|---|---|---|---|"]
    for name in FIGURES:
        res = results.get(name)
        if res is None:
            out.append(f"| {name} | not run | | | | | |")
            continue
        if "error" in res:
            out.append(f"| {name} | FAILED | | | | | {res['error']} (measured {res.get('measured', '?')}) |")
            continue
        for r in res["rows"]:
            base = f"{_fmt(r['baseline'])}: {r['baseline_label']}" if r["baseline"] is not None else "–"
            ratio = f"{_fmt(r['ratio'])} {r['ratio_label']}" if r["ratio"] is not None else "–"
            note = (r["note"] + "; " if r["note"] else "") + f"measured {res.get('measured', '?')}, process " \
                   f"peak RSS {_fmt(res.get('rss_mb'))} MiB"
            out.append(f"| {r['name']} | {_fmt(r['value'])} {r['unit']} | {target_text(r)} | {verdict(r)} | "
                       f"{base} | {ratio} | {note.replace('|', '/')} |")
    out.append("")
    if FINDINGS.exists():
        out.append(FINDINGS.read_text().rstrip() + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes: under a minute on an idle machine")
    p.add_argument("--only", default="", help="comma-separated figures: " + ", ".join(FIGURES))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--report", action="store_true", help="run nothing: rewrite the table from the stored results")
    p.add_argument("--out", default="", help="where to write the table (default: docs/benchmarks.md for a "
                                             "full run, build/benchmarks/benchmarks-quick.md for --quick)")
    a = p.parse_args(argv)
    only = [n.strip() for n in a.only.split(",") if n.strip()] or list(FIGURES)
    if a.report:
        only = []
    unknown = [n for n in only if n not in FIGURES]
    if unknown:
        p.error(f"unknown figure(s) {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    size = QUICK if a.quick else FULL
    BUILD.mkdir(parents=True, exist_ok=True)
    store = BUILD / f"results-{'quick' if a.quick else 'full'}.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    results["_machine"] = machine()
    print(f"benchmarks ({'quick' if a.quick else 'full'}): {results['_machine']['cpu']}, "
          f"{results['_machine']['cores']} cores, load {results['_machine']['load']}; log in {BUILD / 'log.txt'}")
    failed = False
    start = time.perf_counter()
    compile_sources()
    with open(BUILD / "log.txt", "a") as log:
        log.write(f"=== {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC {'quick' if a.quick else 'full'}"
                  f" {only}\n")
        for name in only:
            t = time.perf_counter()
            load = " ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"{name} ...", flush=True)
            try:
                res = run_figure(name, size, a.quick, a.seed, log)
            except RuntimeError as exc:
                res = {"error": str(exc)}
                failed = True
            res["measured"] = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, load average {load}"
            results[name] = res
            print_rows(name, res)
            print(f"  ({time.perf_counter() - t:.0f} s)", flush=True)
            # several `--only` runs may share the store: merge into what is there now
            stored = json.loads(store.read_text()) if store.exists() else {}
            stored[name] = res
            stored["_machine"] = results["_machine"]
            store.write_text(json.dumps(stored, indent=1, default=str))
        if store.exists():
            results = dict(json.loads(store.read_text()), _machine=results["_machine"])
        topologies = {}
        for n in sorted({size["nodes"], size["base_nodes"], size["io_nodes"], size["desktop_nodes"]}):
            meta = BUILD / f"topology-{n}-seed{a.seed}-{_generator_tag()}.json"
            if meta.exists():
                topologies[n] = json.loads(meta.read_text())
    out = Path(a.out) if a.out else (BUILD / "benchmarks-quick.md" if a.quick else ROOT / "docs" / "benchmarks.md")
    write_doc(out, results, a.quick, size, topologies)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"total {time.perf_counter() - start:.0f} s wall, {children.ru_utime + children.ru_stime:.0f} s of CPU in "
          f"the figure processes; table written to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
