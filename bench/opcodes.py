"""Python bytecodes run per step of a workload, in total and by function, for each engine.

    python bench/opcodes.py [W2] [--engines numpy,xint.torch,...] [--top 12] [--quick]

A wall-clock ratio on a small shared machine moves by a per cent or two between runs, more than
most single changes to the engine's per-op path save; a count of the bytecodes a step runs is
the same in every run, so it can show such a change (and where a dialect spends what the floor
does not). It is a proxy: a bytecode that calls NumPy counts once however long NumPy takes, and
on W2 (whose matrix products flush the caches between ops) each bytecode costs several times
what it costs warm. Each engine's step runs a few times first (first-call caches), then once
under sys.settrace with per-opcode events.
"""
import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, HERE)

import run  # noqa: E402
import workloads as wl  # noqa: E402

DEFAULT_ENGINES = ["numpy", "xint.torch", "xint.tensorflow", "xint.mxnet"]


def count(step):
    """{(file, function): bytecodes} for one call of step()."""
    counts = collections.Counter()

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        if event == "opcode":
            code = frame.f_code
            counts[(os.path.basename(code.co_filename), code.co_name)] += 1
        return tracer

    outer = sys.gettrace()                # (a coverage tool's or debugger's: put back after)
    sys.settrace(tracer)
    try:
        step()
    finally:
        sys.settrace(outer)
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workload", nargs="?", default="W2",
                    choices=[w for w in run.WORKLOADS if w != "W5"])
    ap.add_argument("--engines", default=",".join(DEFAULT_ENGINES))
    ap.add_argument("--top", type=int, default=12, help="functions listed per engine")
    ap.add_argument("--quick", action="store_true", help="the workloads' quick inputs")
    args = ap.parse_args(argv)
    data = wl.inputs(args.workload, args.quick)
    totals = {}
    for engine in args.engines.split(","):
        ns = run.namespace(engine)
        if ns is None:
            print(f"{engine}: not importable")
            continue
        r = run.build(args.workload, engine, ns, data)
        for _ in range(3):
            r.step()
        counts = count(r.step)
        totals[engine] = sum(counts.values())
        print(f"{engine}: {totals[engine]} bytecodes per step")
        for (path, name), n in counts.most_common(args.top):
            print(f"  {n:7d}  {path}:{name}")
    if "numpy" in totals:
        print("× floor: " + ", ".join(f"{e} {n / totals['numpy']:.1f}" for e, n in totals.items()
                                      if e != "numpy"))
    return totals


if __name__ == "__main__":
    main()
