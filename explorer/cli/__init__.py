"""The ``k8s-explorer`` command line. Each subcommand lives in its own module here."""
