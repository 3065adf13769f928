"""Same-process A/B timing of one workload on several revisions of xint.

    python bench/ab.py W2 tf HEAD~3 HEAD [--rounds 15] [--calls 20]

Each revision's `src/xint` is exported with `git archive` into a temporary folder and imported
as a package of its own (`xint_0`, `xint_1`, …; xint imports itself only relatively, so the
copies do not mix). The revisions and the NumPy floor then run interleaved, round by round, so
that drift on a shared machine hits them alike: a comparison of two runs of run.py cannot
resolve a few per cent on a noisy VM, this can. Prints each revision's median time and the median
of its per-round ratios to the floor.
"""
import os
import sys

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"            # one thread each, as run.py times (before NumPy loads)

import argparse  # noqa: E402
import importlib  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run  # noqa: E402
import workloads as wl  # noqa: E402

DIALECTS = {"torch": ("torch", lambda m: m), "tf": ("tensorflow", lambda m: m.tf),
            "mxnet": ("mxnet", lambda m: m)}


def export(rev, dest, n):
    """Import revision `rev`'s xint as package `xint_<n>` (exported under `dest`)."""
    root = subprocess.run(["git", "-C", HERE, "rev-parse", "--show-toplevel"], check=True,
                          capture_output=True, text=True).stdout.strip()
    folder = os.path.join(dest, str(n))
    os.makedirs(folder)
    archive = subprocess.run(["git", "-C", root, "archive", rev, "src/xint"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    os.rename(os.path.join(folder, "src", "xint"), os.path.join(folder, f"xint_{n}"))
    sys.path.insert(0, folder)
    return importlib.import_module(f"xint_{n}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workload", choices=[w for w in run.WORKLOADS if w != "W5"])
    ap.add_argument("dialect", choices=sorted(DIALECTS))
    ap.add_argument("revs", nargs="+", metavar="REV", help="git revisions (HEAD, a hash, …)")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--calls", type=int, default=20, help="calls per engine per round")
    ap.add_argument("--quick", action="store_true", help="the workloads' quick inputs")
    args = ap.parse_args(argv)
    print(run.pin_allocator())
    data = wl.inputs(args.workload, args.quick)
    floor = run.build(args.workload, "numpy", None, data)
    module, pick = DIALECTS[args.dialect]
    prefix = run.WORKLOADS[args.workload][0]
    kw = {"fwd_only": True} if args.workload == "W1f" else {}
    runs = {}
    with tempfile.TemporaryDirectory() as dest:
        for n, rev in enumerate(args.revs):
            pkg = export(rev, dest, n)
            ns = pick(importlib.import_module(f"{pkg.__name__}.{module}"))
            runs[f"{n}:{rev}"] = getattr(wl, f"{prefix}_{args.dialect}")(ns, data, **kw)
        assert "xint" not in sys.modules, "a revision imported the installed xint"

        def timed(step):
            t0 = time.perf_counter()
            for _ in range(args.calls):
                step()
            return (time.perf_counter() - t0) / args.calls

        floor.step()
        for r in runs.values():
            r.step()
        base, times = [], {k: [] for k in runs}
        for _ in range(args.rounds):
            base.append(timed(floor.step))
            for k, r in runs.items():
                times[k].append(timed(r.step))
    unit, scale = run.WORKLOADS[args.workload][1], run.WORKLOADS[args.workload][2]
    print(f"{args.workload} {args.dialect}, {args.rounds} rounds of {args.calls} calls; medians")
    print(f"  {'numpy (floor)':<24}{statistics.median(base) * scale:10.3f} {unit}")
    for k, t in times.items():
        ratio = statistics.median(x / b for x, b in zip(t, base))
        print(f"  {k:<24}{statistics.median(t) * scale:10.3f} {unit}   /floor {ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
