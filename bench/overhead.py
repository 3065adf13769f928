"""Per-op overhead, measured in one run (best of several round-robin rounds: on a shared or
virtual machine the minimum is the steadiest estimate of what the code costs):

1. a recorded `x * y` on 16 floats, forward + backward, in each dialect, against NumPy's bare
   `x * y` (the issue's headline number);
2. a chain of 200 elementwise ops (mul, add, sin, exp, tanh with Python-float constants) on a
   16-element float64 vector, forward + backward of the sum: µs per op, against the same math
   with hand-written NumPy gradients, and real PyTorch when it is installed.

    python bench/overhead.py
"""
import math
import os
import sys
import timeit

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

CHAIN = 200


def best_us(fns, number, rounds=15):
    """µs per call of each function: rounds of `number` calls of each in turn, best round kept."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            best[i] = min(best[i], timeit.timeit(fn, number=number) / number * 1e6)
    return best


def chain_numpy(x0):
    """The chain with hand-written gradients: the floor."""
    xs, x = [], x0
    for i in range(CHAIN // 5):
        xs.append(x)
        a = x * 1.01
        b = a + 0.5
        c = numpy.sin(b)
        d = numpy.exp(c * 0.1)
        x = numpy.tanh(d)
        xs[-1] = (a, b, c, d, x)
    g = numpy.ones_like(x)
    for a, b, c, d, t in reversed(xs):
        g = g * (1 - t * t)
        g = g * d * 0.1
        g = g * numpy.cos(b)
        g = g * 1.01
    return g


def chain(ns, x):
    exp, sin, tanh = ns
    for _ in range(CHAIN // 5):
        x = tanh(exp(sin(x * 1.01 + 0.5) * 0.1))
    return x


def main():
    a, b = numpy.random.rand(16), numpy.random.rand(16)
    from xint import mxnet as xm
    from xint import tensorflow as xtf
    from xint import torch as xt
    tf = xtf.tf

    x, y = xt.tensor(a, requires_grad=True), xt.tensor(b)
    mx, my = xm.np.array(a), xm.np.array(b)
    mx.attach_grad()
    v, w = tf.Variable(a), tf.constant(b)

    def mxnet_step():
        with xm.autograd.record():
            z = mx * my
        z.backward()

    def tf_step():
        with tf.GradientTape() as t:
            z = v * w
        t.gradient(z, v)
    step = [("numpy bare x * y", lambda: a * b),
            ("xint.torch (x * y).sum().backward()", lambda: (x * y).sum().backward()),
            ("xint.mxnet record x * y; backward()", mxnet_step),
            ("xint.tensorflow tape v * w; gradient", tf_step)]

    xc = xt.tensor(a, requires_grad=True)
    mc = xm.np.array(a)
    mc.attach_grad()
    vc = tf.Variable(a)

    def mxnet_chain():
        with xm.autograd.record():
            out = chain((xm.np.exp, xm.np.sin, xm.np.tanh), mc)
        out.backward()

    def tf_chain():
        with tf.GradientTape() as t:
            out = tf.reduce_sum(chain((tf.exp, tf.sin, tf.tanh), vc))
        t.gradient(out, vc)
    per_op = [("numpy hand-written gradients", lambda: chain_numpy(a)),
              ("xint.torch", lambda: chain((xt.torch.exp, xt.torch.sin, xt.torch.tanh),
                                           xc).sum().backward()),
              ("xint.mxnet", mxnet_chain),
              ("xint.tensorflow", tf_chain)]
    try:
        import torch
        tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b)
        rc = torch.tensor(a, requires_grad=True)
        step.append(("real torch (x * y).sum().backward()",
                     lambda: (tx * ty).sum().backward()))
        per_op.append(("real torch", lambda: chain((torch.exp, torch.sin, torch.tanh),
                                                   rc).sum().backward()))
    except ImportError:
        torch = None

    print("1. recorded x * y on 16 floats, forward + backward")
    times = best_us([f for _, f in step], 500)
    for (name, _), us in zip(step, times):
        print(f"   {name:40s} {us:8.2f} µs  {us / times[0]:6.1f}x numpy")

    print(f"2. chain of {CHAIN} elementwise ops on 16 float64, forward + backward: µs per op")
    times = [t / CHAIN for t in best_us([f for _, f in per_op], 5)]
    ref = times[-1] if torch is not None else None
    for (name, _), us in zip(per_op, times):
        extra = f"  {us / ref:5.2f}x real torch" if ref else ""
        print(f"   {name:40s} {us:8.2f} µs{extra}")
    assert math.isfinite(times[0])


if __name__ == "__main__":
    main()
