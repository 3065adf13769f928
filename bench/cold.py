"""What one small recorded op costs warm and right after a matrix product, in each engine.

    python bench/cold.py [--rounds N]

Right after a product of W2's size (256x784 by 784x256, float32, which streams megabytes through
the caches) the next Python and NumPy code runs several times slower than when it runs again at
once. W2 has eight such products a step, each followed by an engine's bookkeeping: after every
one an engine pays the cold cost of its own op path, where the NumPy floor pays only NumPy's.
That, more than the warm per-op cost, is what separates W2 from the floor. The table gives
medians over rounds (engines round-robin) of: one add of two 16-element float32 tensors while
recording, run after the same op (`warm`) and right after the product (`cold`), and five such
adds right after the product (only the first pays much more than warm).
"""
import argparse
import os
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy  # noqa: E402

import run  # noqa: E402

ENGINES = ["numpy", "xint.torch", "xint.tensorflow", "xint.mxnet", "torch", "tensorflow", "mxnet"]


def recorded_add(engine, ns):
    """(op, context): op() runs one add whose operand requires a gradient; context() makes the
    recording context it runs in (a fresh one each round, so that no tape grows without end)."""
    import contextlib
    if engine == "numpy":
        a = numpy.ones(16, numpy.float32)
        return (lambda: numpy.add(a, a)), contextlib.nullcontext
    if engine in ("xint.torch", "torch"):
        a = ns.ones(16, requires_grad=True)
        return (lambda: a + a), contextlib.nullcontext
    if engine in ("xint.tensorflow", "tensorflow"):
        v = ns.Variable(numpy.ones(16, numpy.float32))
        return (lambda: v + v), ns.GradientTape
    a = ns.np.ones(16, dtype="float32")
    a.attach_grad()
    return (lambda: a + a), ns.autograd.record


def measure_round(op, context, x, w, reps=20):
    """Seconds of: one op after the same op, one op after a product, five ops after a product."""
    pc = time.perf_counter
    out = []
    with context():
        for cold, ops in ((False, 1), (True, 1), (True, 5)):
            op()
            t = 0.0
            for _ in range(reps):
                if cold:
                    x @ w
                s = pc()
                for _ in range(ops):
                    op()
                t += pc() - s
            out.append(t / reps)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=30)
    args = p.parse_args(argv)
    print(run.pin_allocator())
    engines = {e: run.namespace(e) for e in ENGINES}
    ops = {e: recorded_add(e, ns) for e, ns in engines.items() if ns is not None}
    x = numpy.ones((256, 784), numpy.float32)
    w = numpy.ones((784, 256), numpy.float32)
    times = {e: [] for e in ops}
    for _ in range(args.rounds):          # round-robin: machine drift hits every engine alike
        for e, (op, context) in ops.items():
            times[e].append(measure_round(op, context, x, w))
    print(f"{'engine':16s} {'warm µs':>8s} {'cold µs':>8s} {'5 cold µs':>10s}")
    for e in ENGINES:
        if e not in times:
            print(f"{e:16s} {'n/a':>8s}")
            continue
        med = [statistics.median(r[k] for r in times[e]) * 1e6 for k in range(3)]
        print(f"{e:16s} {med[0]:8.1f} {med[1]:8.1f} {med[2]:10.1f}")


if __name__ == "__main__":
    main()
