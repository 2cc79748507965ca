"""Export: the full topology (loads back unchanged) and apply-ready manifests.

Full topology (:func:`dump_topology`, :func:`save_topology`): the kubeadm-config ConfigMap carrying the
network settings, then every object in cluster order, verbatim, with ``explorer.k8s.io/position`` on objects
that have a place in the diagram.

Apply-ready manifests (:func:`dump_manifests`): what a user would ``kubectl apply -f`` to a real cluster,
namespaces first. Left out: Nodes, static (mirror) pods, objects created by a controller (a controller
ownerReference: ReplicaSets of Deployments, pods of ReplicaSets, Jobs of CronJobs), EndpointSlices and
Endpoints, Events, Leases, the namespaces and objects every cluster already has (default, kube-system,
kube-public, kube-node-lease namespaces, Service default/kubernetes, ConfigMap kube-root-ca.crt, the
"default" ServiceAccounts), the kubeadm-config ConfigMap. From each object: ``status``, server-set metadata
(uid, resourceVersion, generation, creationTimestamp, managedFields, selfLink, ownerReferences, deletion
fields), kubectl's last-applied annotation, Deployment revisions, a Service's allocated clusterIP(s) and
healthCheckNodePort (a headless ``clusterIP: None`` stays), a Pod's ``nodeName`` when the Pod has a
status (the scheduler chose it; a pinned Pod designed without status keeps it), and the selector and
controller-uid labels the API server generated for a Job. Layout is never written.
"""

from __future__ import annotations

import yaml

from explorer.io import kubeadm
from explorer.io.atomic import write_atomic
from explorer.io.diagnostics import ERROR, Diagnostic, TopologyError
from explorer.io.layout import with_position
from explorer.io.fast_yaml import signature_line
from explorer.io.safe_yaml import dump, dump_all, dump_all_chunks

HEADER = "# Kubernetes Architecture Explorer topology (load with: k8s-explorer --open FILE)\n"
MANIFEST_HEADER = "# Apply-ready manifests exported by Kubernetes Architecture Explorer (kubectl apply -f FILE)\n"


def topology_documents(cluster) -> list:
    """The documents of the full topology file as dicts (objects are shared, never copied deeply)."""
    docs = [kubeadm.configmap_for(cluster.network, dump)]
    layout = cluster.layout
    for obj in cluster:
        pos = layout.get(obj.key) if layout else None
        docs.append(with_position(obj.raw, pos) if pos is not None else obj.raw)
    return docs


def dump_topology(cluster) -> str:
    """The full topology as a multi-document YAML string (loads back into an equal cluster).

    The second line signs the rest (:func:`explorer.io.fast_yaml.signature`): while nobody edits the file,
    the loader may read it with the fast reader. Files with non-string mapping keys are left unsigned."""
    return b"".join(topology_chunks(cluster)).decode("utf-8")


def topology_chunks(cluster, progress=None) -> list:
    """:func:`dump_topology` as UTF-8 bytes, in chunks (the header and signature line first): what
    :func:`save_topology` writes, without ever holding the whole file as one object. ``progress(done,
    total)`` as for :func:`explorer.io.safe_yaml.dump_all_chunks` (counting documents)."""
    chunks, digest, signable = dump_all_chunks(topology_documents(cluster), progress)
    head = HEADER + (signature_line(digest) if signable else "")
    return [head.encode("utf-8")] + chunks


def save_topology(cluster, path, progress=None) -> None:
    """Write the full topology to ``path`` atomically (temporary file, fsync, rename, fsync of the directory).

    Raises :class:`TopologyError` (with the OSError or YAMLError as ``__cause__``) when the file cannot be
    written or an object holds a value YAML cannot represent; the previous file is then left intact.
    ``progress(done, total)`` is told how many documents are written (see
    :func:`explorer.io.safe_yaml.dump_all_chunks`); what it raises (a cancellation) propagates as is, and the
    previous file is left intact then too.
    """
    _write_chunks(path, "save", lambda: topology_chunks(cluster, progress))


def _write_chunks(path, verb: str, make) -> None:
    """Write the chunks ``make()`` returns to ``path`` atomically; YAMLError and OSError become
    :class:`TopologyError` ("cannot <verb>: ..."), anything else (a cancellation) propagates as is."""
    try:
        data = make()
    except yaml.YAMLError as exc:  # an object built in code holds a value YAML cannot represent
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else type(exc).__name__
        value = f" ({type(exc.args[1]).__name__})" if len(exc.args) > 1 else ""
        raise TopologyError([Diagnostic(ERROR, f"cannot {verb}: {reason}{value}", str(path))]) from exc
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise TopologyError([Diagnostic(ERROR, f"cannot {verb}: {exc.strerror or exc}", str(path))]) from exc


# --------------------------------------------------------------------------------------------------------
# Apply-ready manifests

_SKIP_KINDS = {"Node", "EndpointSlice", "Endpoints", "Event", "Lease", "ControllerRevision", "ComponentStatus",
               "Binding", "CSINode"}
_BUILTIN_NAMESPACES = {"default", "kube-system", "kube-public", "kube-node-lease"}
_SERVER_METADATA = ("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
                    "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds")
_SERVER_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
                       "kubernetes.io/config.mirror", "kubernetes.io/config.seen", "kubernetes.io/config.hash",
                       "explorer.k8s.io/position")
_ORDER = {"Namespace": 0, "CustomResourceDefinition": 1}


def _applies(obj) -> bool:
    kind, ns, name = obj.key
    if kind in _SKIP_KINDS or _controlled(obj):
        return False
    meta = obj.metadata
    annotations = obj.annotations if isinstance(obj.annotations, dict) else {}
    if kind == "Pod" and ("kubernetes.io/config.mirror" in annotations
                          or annotations.get("kubernetes.io/config.source") == "file"):
        return False
    if kind == "Namespace" and name in _BUILTIN_NAMESPACES:
        return False
    if kind == "Service" and ns == "default" and name == "kubernetes":
        return False
    if kind == "ConfigMap" and (name == "kube-root-ca.crt" or kubeadm.is_kubeadm_config(obj.raw)):
        return False
    if kind == "ServiceAccount" and name == "default":
        return False
    if kind == "Secret" and (obj.raw.get("type") == "kubernetes.io/service-account-token"
                             and "kubernetes.io/service-account.name" in annotations):
        return False
    return isinstance(meta, dict)


def _controlled(obj) -> bool:
    """True when a controller made the object (an ownerReference with ``controller: true``)."""
    refs = obj.metadata.get("ownerReferences") if isinstance(obj.metadata, dict) else None
    return isinstance(refs, list) and any(isinstance(r, dict) and r.get("controller") is True for r in refs)


def _clean_metadata(meta: dict) -> dict:
    out = {k: v for k, v in meta.items() if k not in _SERVER_METADATA}
    annotations = out.get("annotations")
    if isinstance(annotations, dict) and any(a in annotations for a in _SERVER_ANNOTATIONS):
        annotations = {k: v for k, v in annotations.items() if k not in _SERVER_ANNOTATIONS}
        if annotations:
            out["annotations"] = annotations
        else:
            del out["annotations"]
    return out


def _clean_template(spec: dict) -> dict:
    template = spec.get("template")
    if isinstance(template, dict) and isinstance(template.get("metadata"), dict) \
            and "creationTimestamp" in template["metadata"]:
        meta = {k: v for k, v in template["metadata"].items() if k != "creationTimestamp"}
        spec = dict(spec)
        spec["template"] = dict(template, metadata=meta)
    return spec


_JOB_LABELS = ("controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name")


def _clean_job(spec: dict) -> dict:
    """A Job read back from a cluster carries the selector and pod labels the API server generated from its
    uid; a new Job must not (the server refuses a selector unless manualSelector is set)."""
    spec = _clean_template(spec)
    if "selector" not in spec:
        return spec
    spec = {k: v for k, v in spec.items() if k != "selector"}
    template = spec.get("template")
    labels = (template.get("metadata") or {}).get("labels") if isinstance(template, dict) else None
    if isinstance(labels, dict) and any(k in labels for k in _JOB_LABELS):
        labels = {k: v for k, v in labels.items() if k not in _JOB_LABELS}
        meta = dict(template["metadata"])
        if labels:
            meta["labels"] = labels
        else:
            del meta["labels"]
        spec["template"] = dict(template, metadata=meta)
    return spec


def clean_for_apply(obj) -> dict:
    """A shallow-copied dict of ``obj`` without what the server sets (see the module docstring)."""
    raw = obj.raw
    out = {k: v for k, v in raw.items() if k != "status"}
    out["metadata"] = _clean_metadata(raw["metadata"])
    spec = out.get("spec")
    if isinstance(spec, dict):
        kind = obj.kind
        if kind == "Service":
            spec = {k: v for k, v in spec.items() if k not in ("clusterIPs", "healthCheckNodePort")
                    and not (k == "clusterIP" and v != "None")}
            if spec.get("clusterIP") == "None" and isinstance(raw["spec"].get("clusterIPs"), list):
                spec["clusterIPs"] = raw["spec"]["clusterIPs"]
        elif kind == "Pod" and "nodeName" in spec and raw.get("status"):
            spec = {k: v for k, v in spec.items() if k != "nodeName"}
        elif kind == "Job" and not spec.get("manualSelector"):
            spec = _clean_job(spec)
        elif "template" in spec:
            spec = _clean_template(spec)
        out["spec"] = spec
    return out


def manifest_objects(cluster) -> list:
    """The apply-ready object dicts, namespaces first, then CRDs, then everything else in cluster order."""
    chosen = [o for o in cluster if _applies(o)]
    chosen.sort(key=lambda o: _ORDER.get(o.kind, 2))  # stable: keeps cluster order within each group
    return [clean_for_apply(o) for o in chosen]


def dump_manifests(cluster) -> str:
    """Apply-ready manifests as a multi-document YAML string (``kubectl apply -f`` takes it as is)."""
    return MANIFEST_HEADER + dump_all(manifest_objects(cluster))


def save_manifests(cluster, path, progress=None) -> None:
    """Write :func:`dump_manifests`' text to ``path`` atomically, in the dumper's chunks (same bytes).

    Raises :class:`TopologyError` (OSError or YAMLError as ``__cause__``) like :func:`save_topology`;
    ``progress`` as there (counting apply-ready objects). On any error the previous file is left intact."""
    def make():
        chunks, _digest, _keys = dump_all_chunks(manifest_objects(cluster), progress)
        return [MANIFEST_HEADER.encode("utf-8")] + chunks
    _write_chunks(path, "export", make)
