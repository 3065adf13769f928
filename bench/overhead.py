"""Per-op overhead, measured in one run (medians):

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


def median_us(fn, number, repeat=7):
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return sorted(times)[len(times) // 2] / number * 1e6


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
    rows = [("numpy bare x * y", median_us(lambda: a * b, 5000))]

    from xint import mxnet as xm
    from xint import tensorflow as xtf
    from xint import torch as xt

    x = xt.tensor(a, requires_grad=True)
    y = xt.tensor(b)
    rows.append(("xint.torch (x * y).sum().backward()",
                 median_us(lambda: (x * y).sum().backward(), 2000)))
    mx, my = xm.np.array(a), xm.np.array(b)
    mx.attach_grad()

    def mxnet_step():
        with xm.autograd.record():
            z = mx * my
        z.backward()
    rows.append(("xint.mxnet record x * y; backward()", median_us(mxnet_step, 2000)))
    tf = xtf.tf
    v, w = tf.Variable(a), tf.constant(b)

    def tf_step():
        with tf.GradientTape() as t:
            z = v * w
        t.gradient(z, v)
    rows.append(("xint.tensorflow tape v * w; gradient", median_us(tf_step, 2000)))
    try:
        import torch
        tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b)
        rows.append(("real torch (x * y).sum().backward()",
                     median_us(lambda: (tx * ty).sum().backward(), 2000)))
    except ImportError:
        torch = None

    print("1. recorded x * y on 16 floats, forward + backward")
    for name, us in rows:
        print(f"   {name:40s} {us:8.2f} µs  {us / rows[0][1]:6.1f}x numpy")

    per_op = [("numpy hand-written gradients", median_us(lambda: chain_numpy(a), 50) / CHAIN)]
    xc = xt.tensor(a, requires_grad=True)

    def torch_chain():
        chain((xt.torch.exp, xt.torch.sin, xt.torch.tanh), xc).sum().backward()
    per_op.append(("xint.torch", median_us(torch_chain, 20) / CHAIN))
    mc = xm.np.array(a)
    mc.attach_grad()

    def mxnet_chain():
        with xm.autograd.record():
            out = chain((xm.np.exp, xm.np.sin, xm.np.tanh), mc)
        out.backward()
    per_op.append(("xint.mxnet", median_us(mxnet_chain, 20) / CHAIN))
    vc = tf.Variable(a)

    def tf_chain():
        with tf.GradientTape() as t:
            out = tf.reduce_sum(chain((tf.exp, tf.sin, tf.tanh), vc))
        t.gradient(out, vc)
    per_op.append(("xint.tensorflow", median_us(tf_chain, 20) / CHAIN))
    if torch is not None:
        rc = torch.tensor(a, requires_grad=True)

        def real_chain():
            chain((torch.exp, torch.sin, torch.tanh), rc).sum().backward()
        per_op.append(("real torch", median_us(real_chain, 20) / CHAIN))
    print(f"2. chain of {CHAIN} elementwise ops on 16 float64, forward + backward: µs per op")
    ref = per_op[-1][1] if torch is not None else None
    for name, us in per_op:
        extra = f"  {us / ref:5.2f}x real torch" if ref else ""
        print(f"   {name:40s} {us:8.2f} µs{extra}")
    assert math.isfinite(per_op[0][1])


if __name__ == "__main__":
    main()
