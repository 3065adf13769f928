"""LeNet-sized convolution and pooling, forward + backward, in one run (medians):

    batch 64 of 1x28x28 float32 -> conv 6@5x5 pad 2 -> sigmoid -> avgpool 2
                                -> conv 16@5x5      -> sigmoid -> avgpool 2 -> sum

through xint's torch dialect (`from xint import torch`), against the same math written by hand in
NumPy (im2col forward and backward: the floor) and against real PyTorch when it is installed.
xint's gradients are checked against the NumPy floor before anything is timed.

    python bench/conv.py

On a small or shared machine, threads fight: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 gives
steadier numbers. glibc returns big freed blocks to the OS, so every large temporary costs fresh
page faults; MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000 takes that cost
out of all three contenders alike.
"""
import os
import sys
import timeit

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

N, K = 64, 5


def median_ms(steps, number=5, repeat=9):
    """Median ms per call of each function in `steps`, measured round-robin (one batch of
    `number` calls of each in turn, `repeat` times) so that a busy machine slows all alike."""
    for fn in steps:
        fn()                                                   # warm up
    times = [[] for _ in steps]
    for _ in range(repeat):
        for fn, ts in zip(steps, times):
            ts.append(timeit.timeit(fn, number=number) / number * 1e3)
    return [sorted(ts)[len(ts) // 2] for ts in times]


def make_inputs(seed=0):
    rng = numpy.random.default_rng(seed)
    f32 = numpy.float32
    return {"x": rng.standard_normal((N, 1, 28, 28)).astype(f32),
            "w1": (rng.standard_normal((6, 1, K, K)) / K).astype(f32),
            "b1": (rng.standard_normal(6) / 10).astype(f32),
            "w2": (rng.standard_normal((16, 6, K, K)) / (K * 6 ** 0.5)).astype(f32),
            "b2": (rng.standard_normal(16) / 10).astype(f32)}


# ----- the floor: NumPy by hand -----
# Activations stay channel-major, (C, N, H, W), from the input to the loss, so every convolution
# is one matrix multiply on im2col columns with no transposes in between.
def im2col(x, k, pad):
    """(C*k*k, N*Ho*Wo) columns of a channel-major x (stride 1)."""
    c, n, h, w = x.shape
    if pad:
        xp = numpy.zeros((c, n, h + 2 * pad, w + 2 * pad), dtype=x.dtype)
        xp[:, :, pad:pad + h, pad:pad + w] = x
        x = xp
    ho, wo = x.shape[2] - k + 1, x.shape[3] - k + 1
    s = x.strides
    view = numpy.lib.stride_tricks.as_strided(x, (c, k, k, n, ho, wo),
                                              (s[0], s[2], s[3], s[1], s[2], s[3]))
    return view.reshape(c * k * k, n * ho * wo), (ho, wo)


def col2im(cols, x_shape, k, pad):
    c, n, h, w = x_shape
    ho, wo = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = cols.reshape(c, k, k, n, ho, wo)
    dx = numpy.zeros((c, n, h + 2 * pad, w + 2 * pad), dtype=cols.dtype)
    for i in range(k):
        for j in range(k):
            dx[:, :, i:i + ho, j:j + wo] += cols[:, i, j]
    return dx[:, :, pad:pad + h, pad:pad + w]


def conv_forward(x, w, b, pad):
    cols, (ho, wo) = im2col(x, w.shape[-1], pad)
    out = w.reshape(w.shape[0], -1) @ cols
    out += b[:, None]
    return out.reshape(w.shape[0], x.shape[1], ho, wo), cols


def conv_backward(g, cols, x_shape, w, pad, need_dx):
    g2 = g.reshape(g.shape[0], -1)
    dw = (g2 @ cols.T).reshape(w.shape)
    db = g2.sum(axis=1)
    dx = col2im(w.reshape(w.shape[0], -1).T @ g2, x_shape, w.shape[-1], pad) if need_dx else None
    return dx, dw, db


def sigmoid(z):
    e = numpy.exp(-z)
    e += 1
    return numpy.reciprocal(e, out=e)


def avgpool_forward(x):
    out = x[..., ::2, ::2] + x[..., 1::2, ::2]
    out += x[..., ::2, 1::2]
    out += x[..., 1::2, 1::2]
    out *= out.dtype.type(0.25)
    return out


def avgpool_backward(g):
    g = g * g.dtype.type(0.25)
    out = numpy.empty(g.shape[:2] + (2 * g.shape[2], 2 * g.shape[3]), dtype=g.dtype)
    for i in (0, 1):
        for j in (0, 1):
            out[..., i::2, j::2] = g
    return out


def numpy_step(p):
    x = p["x"].transpose(1, 0, 2, 3)                        # channel-major
    z1, cols1 = conv_forward(x, p["w1"], p["b1"], 2)
    s1 = sigmoid(z1)
    a1 = avgpool_forward(s1)
    z2, cols2 = conv_forward(a1, p["w2"], p["b2"], 0)
    s2 = sigmoid(z2)
    out = avgpool_forward(s2)
    g = avgpool_backward(numpy.ones_like(out))
    g *= s2 * (1 - s2)
    ga1, dw2, db2 = conv_backward(g, cols2, a1.shape, p["w2"], 0, True)
    g = avgpool_backward(ga1)
    g *= s1 * (1 - s1)
    _, dw1, db1 = conv_backward(g, cols1, x.shape, p["w1"], 2, False)
    return out.sum(), (dw1, db1, dw2, db2)


# ----- the same network through a torch API (xint's dialect or real torch) -----
def torch_params(torch, p):
    x = torch.from_numpy(p["x"])
    ws = [torch.from_numpy(p[k].copy()).requires_grad_() for k in ("w1", "b1", "w2", "b2")]
    return x, ws


def torch_step(torch, x, ws):
    F = torch.nn.functional
    w1, b1, w2, b2 = ws
    for w in ws:
        w.grad = None
    h = F.avg_pool2d(torch.sigmoid(F.conv2d(x, w1, b1, padding=2)), 2)
    out = F.avg_pool2d(torch.sigmoid(F.conv2d(h, w2, b2)), 2)
    loss = out.sum()
    loss.backward()
    return loss, [w.grad for w in ws]


def main():
    p = make_inputs()
    loss_np, grads_np = numpy_step(p)

    from xint import torch as xtorch
    xs, xws = torch_params(xtorch, p)
    loss_x, grads_x = torch_step(xtorch, xs, xws)
    numpy.testing.assert_allclose(loss_x.item(), loss_np, rtol=1e-5)
    for name, gx, gn in zip(("w1", "b1", "w2", "b2"), grads_x, grads_np):
        numpy.testing.assert_allclose(gx.numpy(), gn, rtol=2e-4, atol=1e-4, err_msg=name)
    print("xint's loss and gradients match the NumPy floor")

    names = ["numpy by hand (floor)", "xint torch dialect"]
    steps = [lambda: numpy_step(p), lambda: torch_step(xtorch, xs, xws)]
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        ts, tws = torch_params(torch, p)
        names.append(f"real PyTorch {torch.__version__} ({torch.get_num_threads()} threads)")
        steps.append(lambda: torch_step(torch, ts, tws))
    rows = list(zip(names, median_ms(steps)))

    floor = rows[0][1]
    print(f"LeNet-sized conv + pool, forward + backward, batch {N}, float32 "
          f"(numpy {numpy.__version__}):")
    for name, ms in rows:
        print(f"  {name:<40} {ms:8.2f} ms/step   {ms / floor:5.2f}x the floor")
    if torch is not None:
        print(f"  xint / real PyTorch: {rows[1][1] / rows[2][1]:.2f}x")


if __name__ == "__main__":
    main()
