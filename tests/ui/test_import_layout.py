"""Objects imported into a design are laid out as a group of their own beside what the design already draws:
nothing imported lands on an object that was there (Online Boutique imported into the example put its cards on
the example's nodes), positions the file gives are kept, and into an empty design the group is laid out as an
open would lay it out."""

from __future__ import annotations

import pytest

from explorer.io import dump_manifests, dump_topology
from explorer.model import Cluster, builders as b
from explorer.ui.layout import auto_layout


def _services_and_deployments():
    objs = []
    for i in range(14):
        objs += [b.deployment(f"svc-{i}", "shop", replicas=1, labels={"app": f"svc-{i}"}),
                 b.service(f"svc-{i}", "shop", {"app": f"svc-{i}"}, 80)]
    return objs + [b.namespace("shop")]


def _with_nodes():
    return [b.worker_node(f"extra-{i}", zone="zone-x") for i in range(3)] + [b.deployment("batch", "jobs"),
                                                                              b.namespace("jobs")]


def _top_level_rects(window, keys):
    return {k: window.scene.items_by_key[k].sceneBoundingRect() for k in keys
            if k[0] in ("Ingress", "Service", "Deployment", "NetworkPolicy", "Node") and k in window.scene.items_by_key}


CASES = {
    "services and deployments": _services_and_deployments,
    "nodes and a deployment": _with_nodes,
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_imported_objects_land_beside_the_design(qtbot, window, tmp_path, make):
    path = tmp_path / "extra.yaml"
    extra = Cluster()
    extra.add_many(make())
    path.write_text(dump_topology(extra))
    before = {o.key for o in window.document.cluster}
    old = _top_level_rects(window, before)
    right = max(r.right() for r in old.values())
    assert window.import_path(str(path))
    new = _top_level_rects(window, {o.key for o in window.document.cluster} - before)
    overlaps = sorted((a, b) for a, ra in new.items() for b, rb in old.items() if ra.intersects(rb))
    assert (len(new), overlaps, all(r.left() > right for r in new.values())) == (
        len([o for o in make() if o.kind != "Namespace"]), [], True)


def test_positions_from_the_file_are_kept(qtbot, window, tmp_path):
    path = tmp_path / "extra.yaml"
    extra = Cluster()
    extra.add_many([b.deployment("placed", "shop"), b.deployment("unplaced", "shop")])
    extra.layout[("Deployment", "shop", "placed")] = (1230.0, -470.0)
    path.write_text(dump_topology(extra))
    assert window.import_path(str(path))
    design = window.document.cluster
    assert (design.position(("Deployment", "shop", "placed")),
            design.position(("Deployment", "shop", "unplaced")) is not None) == ((1230.0, -470.0), True)


def test_into_an_empty_design_the_group_is_laid_out_as_an_open_would(qtbot, window, tmp_path):
    window.new_file()
    path = tmp_path / "extra.yaml"
    extra = Cluster()
    extra.add_many(_services_and_deployments())
    path.write_text(dump_manifests(extra))
    assert window.import_path(str(path))
    design = window.document.cluster
    assert {k: design.position(k) for k in design.layout} == auto_layout(extra)
