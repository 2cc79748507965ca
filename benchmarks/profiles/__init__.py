"""cProfile scripts behind the "where the time goes" section of docs/benchmarks.md (run on demand)."""
