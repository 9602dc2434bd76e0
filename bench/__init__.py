"""The course's benchmark (issue 8): widget latency vs. a naive baseline, notebook run time and
memory, test-suite time. Run ``python -m bench.run``; results go to ``results/bench/``."""
