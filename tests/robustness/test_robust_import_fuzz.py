"""Import fuzzing: mutated corpus manifests and example-cluster topologies never make the loader raise; every
error is a located Diagnostic, the loaded cluster is valid and writes out again, a clean load round-trips.

Quick run in the default suite (derandomized, a few hundred examples); the slow run draws >= 10,000.
"""

from __future__ import annotations

import tempfile
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.io import load_text, load_topology
from tests.robustness import fuzzing


class Campaign:
    """Runs fuzz cases and keeps, per distinct failure, the smallest input that shows it."""

    def __init__(self, directory: Path):
        self.path = directory / "fuzzed.yaml"
        self.examples = 0
        self.clean_loads = 0
        self.failures: dict[str, tuple[int, str, bytes, str]] = {}

    def run_case(self, name: str, data: bytes) -> None:
        self.examples += 1
        try:
            self.path.write_bytes(data)
            filename = str(self.path)
            result = load_topology(self.path)
            text = data.decode("utf-8", errors="replace")
            problems = fuzzing.load_problems(result, filename, text)
            problems += fuzzing.roundtrip_problems(result)
            if result.ok:
                self.clean_loads += 1
            # the string API must agree with the file API on decodable input
            try:
                decoded = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                decoded = None
            if decoded is not None and "\x00" not in decoded[:8192]:
                again = load_text(decoded, filename)
                problems += fuzzing.load_problems(again, filename, decoded)
                if [str(d) for d in again.diagnostics] != [str(d) for d in result.diagnostics]:
                    problems.append("load_text and load_topology disagree")
        except Exception as exc:  # noqa: BLE001 - this is what we are hunting
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            problems = [f"uncaught {type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}: {exc}"[:300]]
        for p in problems:
            signature = p.split(":")[0] if not p.startswith("uncaught") else p.split(": ")[0]
            if signature not in self.failures or len(data) < self.failures[signature][0]:
                self.failures[signature] = (len(data), name, data, p)

    def report(self) -> list[str]:
        return [f"{p} [seed {name}, {size} bytes: {data[:400]!r}]"
                for _, (size, name, data, p) in sorted(self.failures.items())]


def _campaign(examples: int, derandomize: bool, figures) -> None:
    seeds = fuzzing.seeds()
    with tempfile.TemporaryDirectory() as tmp:
        campaign = Campaign(Path(tmp))

        @settings(max_examples=examples, deadline=None, derandomize=derandomize, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def fuzz(data):
            campaign.run_case(*fuzzing.draw_case(data))

        fuzz()
    figures.record(seeds=len(seeds), examples=campaign.examples, clean_loads=campaign.clean_loads,
                   failures=len(campaign.failures))
    assert campaign.report() == []


def test_import_fuzz_quick(figures):
    _campaign(300, True, figures)


@pytest.mark.slow
def test_import_fuzz_10000(figures):
    _campaign(10_000, False, figures)
