"""Edits that must change more than one object to stay consistent (plain Python over model commands).

:func:`replace_command` is what the Inspector and in-place rename push: renaming a Node also re-pins the
pods bound to it (``spec.nodeName``) and renames its static control-plane pods, so a rename never leaves pods
pointing at a node that no longer exists. Raises nothing itself; the returned command raises the model's
errors when applied.
"""

from __future__ import annotations

from explorer.model.builders import stable_uid
from explorer.model.commands import Command, Macro, ReplaceObject


def replace_command(cluster, old, new, text: str = "Edit") -> Command:
    """The command that replaces ``old`` by ``new`` (a rename when their keys differ)."""
    main = ReplaceObject(new, old_key=old.key if new.key != old.key else None, text=text)
    if old.kind != "Node" or old.name == new.name:
        return main
    extra = []
    for pod in cluster.objects("Pod"):
        if pod.node_name != old.name:
            continue

        def repin(raw, pod=pod):
            raw["spec"]["nodeName"] = new.name
            if pod.is_static:
                component = pod.labels.get("component", "")
                raw["metadata"]["name"] = f"{component}-{new.name}" if component else raw["metadata"]["name"]
                for ref in raw["metadata"].get("ownerReferences") or []:
                    if ref.get("kind") == "Node":
                        ref["name"] = new.name
                        ref["uid"] = stable_uid("Node", new.name)
        moved = pod.edited(repin)
        extra.append(ReplaceObject(moved, old_key=pod.key if moved.key != pod.key else None))
    return Macro([main, *extra], text=text)
