"""PyInstaller entry point of the bundle: the same as the ``k8s-explorer`` console script.

A frozen bundle has no Python to run other modules with, so the fast reader's parse child
(:mod:`explorer.io.parse_child`) is this executable started with ``CHILD_FLAG``: that is dispatched first,
before anything heavy is imported.
"""

import sys

if __name__ == "__main__":
    from explorer.io.parse_child import CHILD_FLAG
    if sys.argv[1:2] == [CHILD_FLAG]:
        from explorer.io.parse_child import main as parse_child_main
        sys.exit(parse_child_main(sys.argv[2:]))
    from explorer.cli.main import main
    sys.exit(main())
