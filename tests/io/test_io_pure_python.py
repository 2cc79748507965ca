"""Without libyaml (PyYAML's pure-Python loader and dumper) the same files load the same way, and deep
nesting is still refused cleanly. Runs in a child process where yaml.CSafeLoader/CSafeDumper are removed."""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, sys, yaml
del yaml.CSafeLoader, yaml.CSafeDumper
from explorer.io import dump_topology, load_text
from explorer.io.safe_yaml import Dumper, Loader
from explorer.model import example_cluster
cluster = example_cluster()
text = dump_topology(cluster)
loaded = load_text(text)
deep = load_text("a: " + "[" * 2000 + "]" * 2000, "deep.yaml")
bad = load_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: 5\n", "bad.yaml")
print(json.dumps({"loader": Loader.__mro__[1].__name__, "dumper": Dumper.__mro__[1].__name__,
                  "same": loaded.cluster.same_design(cluster), "diagnostics": [str(d) for d in loaded.diagnostics],
                  "deep": [str(d) for d in deep.diagnostics], "bad": [str(d) for d in bad.diagnostics]}))
"""


def test_pure_python_yaml_fallback():
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert json.loads(proc.stdout) == {
        "loader": "SafeLoader", "dumper": "SafeDumper", "same": True, "diagnostics": [],
        "deep": ["deep.yaml: document 0: nesting deeper than 200 levels; refused"],
        "bad": ["bad.yaml:6: document 0: spec.containers: must be a list, got an integer"]}
