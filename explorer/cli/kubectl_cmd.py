"""``k8s-explorer kubectl FILE [--state OUT.yaml] [--settle] [--seed N] (-- ARGS... | --script SCRIPT)``.

Loads FILE (explorer.io), starts the simulator and runs it to steady state, then runs one kubectl command
(ARGS after ``--``) or a script of commands against the simulated API server, and prints kubectl's output.
``--settle`` runs the simulation to steady state again after the command(s) (so scaled pods are placed and
running); ``--state OUT.yaml`` saves the resulting topology (explorer.io.save_topology).

A script has one kubectl command per line (a leading ``kubectl`` is optional); blank lines and lines
starting with ``#`` are skipped; ``sleep N`` lets N simulated seconds pass and ``settle`` runs to steady
state. Each command is echoed as ``$ kubectl ...`` before its output.

Exit status: 0 when every command succeeded, 1 when FILE has errors or a command failed (kubectl's own exit
code), 2 for usage errors (no command, unreadable script).
"""

from __future__ import annotations

from explorer.cli.saving import save_or_report

import argparse
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("kubectl", help="run kubectl against the simulated cluster of FILE",
                              description="Start the simulation of FILE, run kubectl against its API server and "
                                          "print kubectl's output. Example: k8s-explorer kubectl cluster.yaml -- "
                                          "get pods -A -o wide")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--state", metavar="OUT.yaml", help="save the resulting topology to OUT.yaml")
    p.add_argument("--settle", action="store_true",
                   help="run the simulation to steady state after the command(s) (before printing is done "
                        "and the state saved)")
    p.add_argument("--script", metavar="SCRIPT", help="run the kubectl commands in SCRIPT, one per line")
    p.add_argument("--seed", type=int, default=0, help="simulation seed (default 0)")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="-- ARGS",
                   help="kubectl arguments, after -- (this command's options may also come after FILE)")
    p.set_defaults(func=run)


_VALUE_OPTIONS = {"--state": "state", "--script": "script", "--seed": "seed"}


def _split_remainder(args) -> list:
    """The kubectl arguments of the remainder. This command's own options may come after FILE (argparse
    leaves them in the remainder); the first other word, or everything after ``--``, is kubectl's."""
    words = list(args.args or [])
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return words[i + 1:]
        name, eq, value = word.partition("=")
        if word == "--settle":
            args.settle = True
            i += 1
        elif name in _VALUE_OPTIONS:
            if not eq:
                if i + 1 >= len(words):
                    raise ValueError(f"{name} needs a value")
                value = words[i + 1]
                i += 1
            if name == "--seed":
                try:
                    value = int(value)
                except ValueError:
                    raise ValueError(f"--seed: not a number: {value!r}") from None
            setattr(args, _VALUE_OPTIONS[name], value)
            i += 1
        else:
            return words[i:]
    return []


def script_lines(text: str) -> list:
    """(line number, command or directive) for each meaningful line of a script."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def _out(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, end="", flush=True)


def run_script(kubectl, sim, text: str, write=_out, write_err=_err) -> int:
    """Run every line of ``text``; returns 1 if any command failed, else 0."""
    status = 0
    for number, line in script_lines(text):
        words = line.split()
        if words[0] == "settle" and len(words) == 1:
            sim.settle()
            write(f"# settled at t={sim.now}s")
            continue
        if words[0] == "sleep" and len(words) == 2 and words[1].rstrip("s").isdigit():
            sim.run(sim.now + int(words[1].rstrip("s")))
            write(f"# t={sim.now}s")
            continue
        command = line[len("kubectl"):].strip() if words[0] == "kubectl" else line
        write(f"$ kubectl {command}")
        result = kubectl.run(command)
        if result.stdout:
            write(result.stdout.rstrip("\n"))
        if result.stderr:
            write_err(result.stderr)
        if result.exit_code:
            status = 1
    return status


def run(args) -> int:
    from explorer.cli.loading import load_or_report
    from explorer.kubectl import Kubectl
    from explorer.sim import Simulator

    try:
        argv = _split_remainder(args)
    except ValueError as exc:
        print(f"k8s-explorer kubectl: {exc}", file=sys.stderr)
        return 2
    if not argv and not args.script:
        print("k8s-explorer kubectl: give kubectl arguments after --, e.g. `k8s-explorer kubectl FILE -- get "
              "pods -A`, or --script SCRIPT", file=sys.stderr)
        return 2
    script = None
    if args.script:
        try:
            with open(args.script, encoding="utf-8") as fh:
                script = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"k8s-explorer kubectl: cannot read script {args.script}: {exc}", file=sys.stderr)
            return 2
    cluster = load_or_report(args.file)
    if cluster is None:
        return 1
    sim = Simulator(cluster, seed=args.seed)
    sim.settle()
    kubectl = Kubectl(sim)
    status = 0
    if argv:
        out = kubectl.run(argv)
        sys.stdout.write(out.stdout)
        sys.stdout.flush()
        sys.stderr.write(out.stderr)
        status = out.exit_code
    if script is not None:
        status = max(status, run_script(kubectl, sim, script))
    if args.settle:
        sim.settle()
    if args.state and save_or_report(sim.cluster(), args.state, "k8s-explorer kubectl"):
        return 1
    return status


__all__ = ["register", "run", "run_script", "script_lines"]
