"""Where W2's (or W4's) time over the floor goes, counted rather than timed: instructions and
simulated cache misses per step, under valgrind's cachegrind, for the NumPy floor and each xint
dialect.

    python bench/cache.py [--workload W2] [--steps 10] [--engines xint.torch,xint.tensorflow]
                          [--ll-kib 1024]

Timings of W2 move by a few per cent from run to run on a shared machine; these counts repeat to
about 0.1% for the same code, so they show what a change to the engine does to the work it adds
per step. Each engine runs twice in a fresh process (warm-up only, then warm-up and `steps` more
steps) and the difference is divided by `steps`, which leaves out imports and set-up.

The last-level cache is modelled as the machine's per-core L2 (1 MiB here): every large matrix
product evicts it, so the Python that runs between products fetches its machine code again (the
"LL instr misses" column), which is what most of an engine's overhead on W2 is. On W4 the data
columns matter as well: the convolutions' layout passes and copies show there.
Needs valgrind (Debian's package); slow (about a minute per run for W2, two runs at a time).
"""
import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
EVENTS = {"Ir": "instructions", "I1mr": "L1 instr misses", "ILmr": "LL instr misses",
          "D1mr": "L1 data read misses", "DLmr": "LL data read misses",
          "DLmw": "LL data write misses"}
WARMUP = 3


def child(workload, engine, steps):
    """Runs under valgrind: one workload on one engine, WARMUP + steps steps."""
    sys.argv = [sys.argv[0]]               # run.py reads --threads from argv at import
    sys.path.insert(0, HERE)
    import run
    import workloads as wl
    run.pin_allocator()
    data = wl.inputs(workload, False)
    r = run.build(workload, engine, run.namespace(engine), data)
    for _ in range(WARMUP + steps):
        r.step()


def counts(workload, engine, steps, ll_kib, folder):
    """{event: total} for one valgrind run."""
    out = os.path.join(folder, f"{engine}.{steps}.out")
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=yes",
           f"--LL={ll_kib * 1024},16,64", f"--cachegrind-out-file={out}",
           sys.executable, os.path.abspath(__file__), "--child", workload, engine, str(steps)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"{engine}: valgrind failed:\n{p.stderr[-2000:]}")
    events = None
    with open(out) as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("summary:"):
                return dict(zip(events, map(int, line.split()[1:])))
    raise RuntimeError(f"{engine}: no summary in {out}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workload", default="W2", choices=("W2", "W4"))
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--engines", default="xint.torch,xint.tensorflow,xint.mxnet",
                    help="xint dialects (the floor, numpy, always runs)")
    ap.add_argument("--ll-kib", type=int, default=1024, help="simulated last-level cache size")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    engines = ["numpy"] + [e for e in args.engines.split(",") if e and e != "numpy"]
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(2) as pool:
        jobs = {(e, n): pool.submit(counts, args.workload, e, n, args.ll_kib, folder)
                for e in engines for n in (0, args.steps)}
        per_step = {e: {k: (jobs[e, args.steps].result()[k] - jobs[e, 0].result()[k]) / args.steps
                        for k in EVENTS} for e in engines}
    floor = per_step["numpy"]
    print(f"{args.workload} per step under cachegrind (LL = {args.ll_kib} KiB), {args.steps} steps; "
          "+ is over the floor")
    print(f"  {'':22s}{'numpy (floor)':>14s}" + "".join(f"{e:>26s}" for e in engines[1:]))
    for k, name in EVENTS.items():
        cells = [f"{floor[k]:14,.0f}"] + [f"{per_step[e][k]:14,.0f} {per_step[e][k] - floor[k]:+11,.0f}"
                                          for e in engines[1:]]
        print(f"  {name:22s}" + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
