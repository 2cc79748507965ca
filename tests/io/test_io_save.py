"""save_topology and save_manifests are atomic: the file on disk is always the complete old or the complete new
version. Both report progress, and a progress callback that raises (a cancelled save) stops them cleanly."""

from __future__ import annotations

import os

import pytest

from explorer.io import (TopologyError, dump_manifests, dump_topology, load_topology, manifest_objects, save_manifests,
                         save_topology)
from explorer.io import atomic, safe_yaml
from explorer.model import Cluster, example_cluster


def test_save_writes_the_topology_and_loads_back(tmp_path):
    path = tmp_path / "cluster.yaml"
    cluster = example_cluster()
    save_topology(cluster, path)
    loaded = load_topology(path)
    assert (path.read_text(), loaded.diagnostics, loaded.cluster.same_design(cluster), os.listdir(tmp_path)) == (
        dump_topology(cluster), [], True, ["cluster.yaml"])


def _fail(*args, **kwargs):
    raise OSError(28, "No space left on device")


FAILURES = {
    "write-fails": ("fsync", "cannot save: No space left on device"),
    "rename-fails": ("replace", "cannot save: No space left on device"),
}


@pytest.mark.parametrize("where,message", FAILURES.values(), ids=FAILURES.keys())
def test_failed_save_leaves_the_old_file_intact_and_no_temporary(tmp_path, monkeypatch, where, message):
    path = tmp_path / "cluster.yaml"
    save_topology(Cluster(), path)
    old = path.read_bytes()
    monkeypatch.setattr(atomic.os, where, _fail)
    with pytest.raises(TopologyError) as info:
        save_topology(example_cluster(), path)
    monkeypatch.undo()
    assert ([str(d) for d in info.value.diagnostics], path.read_bytes(), os.listdir(tmp_path)) == (
        [f"{path}: {message}"], old, ["cluster.yaml"])


def test_save_keeps_the_file_mode(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text("# old\n")
    path.chmod(0o640)
    save_topology(example_cluster(), path)
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)


def test_save_into_missing_directory_is_a_clean_error(tmp_path):
    path = tmp_path / "nope" / "cluster.yaml"
    with pytest.raises(TopologyError) as info:
        save_topology(Cluster(), path)
    assert str(info.value) == f"{path}: cannot save: No such file or directory"


def test_unrepresentable_value_is_a_clean_error_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "cluster.yaml"
    save_topology(Cluster(), path)
    old = path.read_bytes()
    cluster = Cluster()
    cluster.add({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": object()}})
    with pytest.raises(TopologyError) as info:
        save_topology(cluster, path)
    assert (str(info.value), path.read_bytes()) == (f"{path}: cannot save: cannot represent an object (object)", old)


WRITERS = {
    "topology": (save_topology, dump_topology, lambda c: len(c) + 1),   # + the kubeadm-config ConfigMap
    "manifests": (save_manifests, dump_manifests, lambda c: len(manifest_objects(c))),
}


@pytest.mark.parametrize("save,dump,count", WRITERS.values(), ids=WRITERS.keys())
def test_progress_counts_documents_and_the_bytes_are_the_dumps(tmp_path, monkeypatch, save, dump, count):
    monkeypatch.setattr(safe_yaml, "PROGRESS_EVERY", 3)
    cluster = example_cluster()
    reports = []
    path = tmp_path / "out.yaml"
    save(cluster, path, progress=lambda done, total: reports.append((done, total)))
    total = reports[-1][1]
    expected = [(done, total) for done in range(0, total, 3)] + [(total, total)]
    assert (path.read_text(), reports, total) == (dump(cluster), expected, count(cluster))


class Cancelled(Exception):
    pass


@pytest.mark.parametrize("save,dump,count", WRITERS.values(), ids=WRITERS.keys())
def test_a_progress_callback_that_raises_stops_the_write_and_keeps_the_old_file(tmp_path, monkeypatch, save, dump,
                                                                              count):
    monkeypatch.setattr(safe_yaml, "PROGRESS_EVERY", 3)
    path = tmp_path / "out.yaml"
    path.write_text("# old\n")
    reports = []

    def progress(done, total):
        reports.append(done)
        if done >= 3:
            raise Cancelled()
    with pytest.raises(Cancelled):
        save(example_cluster(), path, progress=progress)
    assert (path.read_text(), reports, os.listdir(tmp_path)) == ("# old\n", [0, 3], ["out.yaml"])
