"""Time and peak traced memory of a deep (100,000-op chain) and a wide (100,000-way fan-out)
backward pass in each dialect, at Python's default recursion limit.

    python bench/deep.py [N]
"""
import os
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "reliability"))

from rel_graphs import chain, fan   # noqa: E402


def measure(fn, dialect, n):
    """Seconds of an untraced run, then the peak of a run under tracemalloc (which is slow)."""
    t = time.perf_counter()
    fn(dialect, n)
    seconds = time.perf_counter() - t
    tracemalloc.start()
    fn(dialect, n)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sys.setrecursionlimit(1000)
    for dialect in ("torch", "mxnet", "tensorflow"):
        chain(dialect, 10)          # imports and first-call costs out of the measurement
        for name, fn in (("chain", chain), ("fan-out", fan)):
            seconds, peak = measure(fn, dialect, n)
            print(f"{dialect:10s} {name:8s} n={n}: {seconds:6.2f} s, peak {peak / 2**20:7.1f} MiB "
                  f"({peak / n:.0f} B/op)")


if __name__ == "__main__":
    main()
