"""kubectl inside the explorer, against the simulated API server.

    from explorer.kubectl import Kubectl
    result = Kubectl(sim).run("get pods -n shop -o wide")   # Result(exit_code, stdout, stderr)

See docs/kubectl.md for the commands, flags and where output departs from real kubectl.
"""

from explorer.kubectl.completion import complete
from explorer.kubectl.core import COMMANDS, Kubectl, Result
from explorer.kubectl.snapshot import ReadSnapshot, is_read_command, read_snapshot

__all__ = ["COMMANDS", "Kubectl", "ReadSnapshot", "Result", "complete", "is_read_command", "read_snapshot"]
