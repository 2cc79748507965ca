"""Topology files: import and export of real Kubernetes manifests (YAML lives here, not in the model).

::

    from explorer.io import load_topology, load_text, save_topology, dump_topology, dump_manifests
    result = load_topology("cluster.yaml")      # LoadResult: .cluster, .diagnostics, .ok
    save_topology(result.cluster, "copy.yaml")  # full topology, atomic
    text = dump_manifests(result.cluster)       # what `kubectl apply -f` takes

The file format is described in docs/file-format.md.
"""

from explorer.io.diagnostics import ERROR, WARNING, Diagnostic, LoadResult, TopologyError
from explorer.io.reader import load_text, load_topology
from explorer.io.safe_yaml import Limits
from explorer.io.writer import (dump_manifests, dump_topology, manifest_objects, save_manifests, save_topology,
                                topology_documents)

__all__ = ["Diagnostic", "ERROR", "Limits", "LoadResult", "TopologyError", "WARNING", "dump_manifests",
           "dump_topology", "load_text", "load_topology", "manifest_objects", "save_manifests", "save_topology",
           "topology_documents"]
