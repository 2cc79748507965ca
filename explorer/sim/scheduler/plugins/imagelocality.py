"""ImageLocality: prefer nodes that already hold the pod's container images (``node.status.images``), scaled
by how widely each image is spread so one popular image does not pull every pod to the same node."""

from __future__ import annotations

from explorer.sim.scheduler.framework import MAX_NODE_SCORE, Plugin

NAME = "ImageLocality"
MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB


def normalized_image_name(name: str) -> str:
    """``docker.io/nginx`` -> ``docker.io/nginx:latest``; names with a tag or digest stay."""
    if "@" in name or ":" in name.rsplit("/", 1)[-1]:
        return name
    return name + ":latest"


def calculate_priority(total: int, containers: int) -> int:
    top = MAX_CONTAINER_THRESHOLD * containers
    total = min(max(total, MIN_THRESHOLD), top)
    return MAX_NODE_SCORE * (total - MIN_THRESHOLD) // (top - MIN_THRESHOLD)


class ImageLocality(Plugin):
    NAME = NAME
    SCORE = True

    def pre_score(self, state, pod, nodes, snapshot):
        counts = {}
        for n in snapshot.nodes:
            for image in n.images:
                counts[image] = counts.get(image, 0) + 1
        state[NAME] = (counts, len(snapshot.nodes))
        return True

    def score(self, state, pod, node):
        counts, total_nodes = state[NAME]
        if not pod.images:
            return 0
        total = 0
        for image in pod.images:
            name = normalized_image_name(image)
            size = node.images.get(name)
            if size is None:
                size = node.images.get(image)
                name = image
            if size is not None:
                total += int(size * (counts.get(name, 0) / total_nodes))
        return calculate_priority(total, len(pod.images))
