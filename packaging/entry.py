"""PyInstaller entry point of the bundle: the same as the ``k8s-explorer`` console script."""

import sys

from explorer.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
