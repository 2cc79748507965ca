"""Kubernetes Architecture Explorer: an editable cluster diagram with a faithful simulator.

Packages, in dependency order (a test enforces it):

- ``explorer.model``: plain-Python Kubernetes objects and the cluster that holds them (no Qt, no YAML).
- ``explorer.io``, ``explorer.sim``, ``explorer.net``: topology files, the simulator and traffic routing.
- ``explorer.ui``: the PySide6 desktop application (the only package that imports Qt).
- ``explorer.cli``: the ``k8s-explorer`` command line.
"""

__version__ = "0.1.0"
