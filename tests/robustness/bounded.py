"""Run ``load_topology`` on one file in a child process bounded to 500 MB of address space and 5 s.

The child sets ``RLIMIT_AS`` before importing anything, imports the loader, then limits itself to 5 more
seconds of CPU time (``RLIMIT_CPU``: the kernel kills it with SIGXCPU) and loads. CPU time, not wall time, is
the bound so that a busy machine (2 cores shared by many jobs) cannot fail a file that is cheap; a wall-clock
alarm of 6 x 5 s is the safety net. It prints one JSON line: the diagnostics (file name replaced by ``{f}``),
the number of objects loaded, and its figures (CPU and wall seconds, peak resident MB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

MEMORY_LIMIT = 500 * 1024 * 1024
TIME_LIMIT = 5
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHILD = """
import json, resource, signal, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
from explorer.io import load_topology
path = sys.argv[1]
def _peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
def _cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
cpu_start = _cpu()
limit = int(cpu_start) + 1 + {seconds}
resource.setrlimit(resource.RLIMIT_CPU, (limit, limit))
signal.alarm(6 * {seconds})
start = time.monotonic()
result = load_topology(path)
elapsed = time.monotonic() - start
cpu = _cpu() - cpu_start
signal.alarm(0)
print(json.dumps({{"diagnostics": [str(d).replace(path, "{{f}}") for d in result.diagnostics],
                  "objects": len(result.cluster), "seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3),
                  "peak_mb": _peak_mb()}}))
"""


def load_bounded(path, memory: int = MEMORY_LIMIT, seconds: int = TIME_LIMIT) -> dict:
    """The child's report, or {"killed": returncode, "stderr": ...} when it exceeded a bound or crashed."""
    proc = subprocess.run([sys.executable, "-c", CHILD.format(mem=memory, seconds=seconds), os.fspath(path)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    if proc.returncode != 0 or proc.stderr:
        return {"killed": proc.returncode, "stderr": proc.stderr[-2000:]}
    return json.loads(proc.stdout)
