"""Per-op overhead: a recorded `x * y` on 16 floats, forward + backward, in each dialect of xint,
against NumPy's bare `x * y` (and real PyTorch when installed). Medians of repeated runs.

    python bench/overhead.py
"""
import os
import sys
import timeit

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))


def median_us(stmt, number=2000, repeat=7):
    times = timeit.repeat(stmt, number=number, repeat=repeat)
    return sorted(times)[len(times) // 2] / number * 1e6


def main():
    a, b = numpy.random.rand(16), numpy.random.rand(16)
    rows = [("numpy bare x * y", median_us(lambda: a * b))]

    from xint import torch as xt
    x = xt.tensor(a, requires_grad=True)
    y = xt.tensor(b)

    def torch_step():
        (x * y).sum().backward()
    rows.append(("xint.torch (x * y).sum().backward()", median_us(torch_step)))
    rows.append(("xint.torch x * y, no grad", median_us(lambda: y * y)))

    from xint import mxnet as xm
    mx, my = xm.np.array(a), xm.np.array(b)
    mx.attach_grad()

    def mxnet_step():
        with xm.autograd.record():
            z = mx * my
        z.backward()
    rows.append(("xint.mxnet record x * y; backward()", median_us(mxnet_step)))

    from xint import tensorflow as xtf
    tf = xtf.tf
    v, w = tf.Variable(a), tf.constant(b)

    def tf_step():
        with tf.GradientTape() as t:
            z = v * w
        t.gradient(z, v)
    rows.append(("xint.tensorflow tape v * w; gradient", median_us(tf_step)))

    try:
        import torch
        tx = torch.tensor(a, requires_grad=True)
        ty = torch.tensor(b)

        def real_torch():
            (tx * ty).sum().backward()
        rows.append(("real torch (x * y).sum().backward()", median_us(real_torch)))
    except ImportError:
        pass

    floor = rows[0][1]
    for name, us in rows:
        print(f"{name:42s} {us:8.2f} µs   {us / floor:6.1f}x numpy")


if __name__ == "__main__":
    main()
