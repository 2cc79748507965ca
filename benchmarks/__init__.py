"""On-demand benchmarks for issue 6 (scale): ``python -m benchmarks [--quick] [--only NAME]``."""
