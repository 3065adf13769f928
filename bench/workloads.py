"""The benchmark workloads, each written once per API (NumPy by hand, torch, tf, mxnet, HIPS
autograd). A builder takes the API namespace and the shared inputs and returns a `Run`: `step()`
does one timed unit of work, `result()` gives the loss / gradients of the last step as NumPy arrays
for the check against the floor. A builder raises `Unsupported` when the API lacks what it needs.
"""
import numpy

CHAIN = 200


class Unsupported(Exception):
    """This engine cannot run this workload (an API it lacks)."""


class Run:
    def __init__(self, step, result):
        self.step, self.result = step, result


def need(ns, *names):
    """ns.a.b... for each dotted name, or Unsupported."""
    out = []
    for name in names:
        obj = ns
        for part in name.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                raise Unsupported(f"no {name}")
        out.append(obj)
    return out if len(out) > 1 else out[0]


def tf_fn(tf, fn, compiled):
    return tf.function(fn) if compiled else fn


# ---------------- inputs ----------------
def inputs(name, quick):
    rng = numpy.random.default_rng(0)
    f32 = numpy.float32
    if name in ("W1", "W1f"):
        return {"x": rng.random(16)}
    if name in ("W2", "W5"):
        sizes = (784, 256, 256, 10)
        d = {"X": rng.random((256, 784), dtype=f32), "y": rng.integers(0, 10, 256)}
        for i in range(3):
            d[f"W{i}"] = (rng.standard_normal(sizes[i:i + 2]) * 0.01).astype(f32)
            d[f"b{i}"] = numpy.zeros(sizes[i + 1], f32)
        return d
    if name == "W3":
        return {"x": rng.standard_normal(10 ** 6 if quick else 10 ** 7)}
    if name == "W4":
        K = 5
        return {"X": rng.standard_normal((64, 1, 28, 28)).astype(f32), "y": rng.integers(0, 10, 64),
                "c1": (rng.standard_normal((6, 1, K, K)) / K).astype(f32),
                "cb1": numpy.zeros(6, f32),
                "c2": (rng.standard_normal((16, 6, K, K)) / (K * 6 ** 0.5)).astype(f32),
                "cb2": numpy.zeros(16, f32),
                "W0": (rng.standard_normal((400, 120)) * 0.05).astype(f32), "b0": numpy.zeros(120, f32),
                "W1": (rng.standard_normal((120, 84)) * 0.1).astype(f32), "b1": numpy.zeros(84, f32),
                "W2": (rng.standard_normal((84, 10)) * 0.1).astype(f32), "b2": numpy.zeros(10, f32)}
    if name == "W6":
        true_w, true_b = numpy.array([2, -3.4], f32), f32(4.2)
        X = rng.standard_normal((1000, 2)).astype(f32)
        y = (X @ true_w + true_b + rng.normal(0, 0.01, 1000).astype(f32)).reshape(-1, 1)
        return {"X": X, "y": y, "w": rng.normal(0, 0.01, (2, 1)).astype(f32),
                "b": numpy.zeros(1, f32), "perms": [rng.permutation(1000) for _ in range(3)]}
    raise KeyError(name)


LR = 0.01
MLP_KEYS = ("W0", "b0", "W1", "b1", "W2", "b2")
LENET_KEYS = ("c1", "cb1", "c2", "cb2") + MLP_KEYS


# ---------------- W1: 200-op chain ----------------
def chain(exp, sin, tanh, x):
    for _ in range(CHAIN // 5):
        x = tanh(exp(sin(x * 1.01 + 0.5) * 0.1))
    return x


def w1_numpy(d, fwd_only=False):
    x0 = d["x"]
    if fwd_only:
        return Run(lambda: chain(numpy.exp, numpy.sin, numpy.tanh, x0), lambda: {})
    box = {}

    def step():
        saved, x = [], x0
        for _ in range(CHAIN // 5):
            b = x * 1.01 + 0.5
            c = numpy.sin(b)
            e = numpy.exp(c * 0.1)
            x = numpy.tanh(e)
            saved.append((b, e, x))
        g = numpy.ones_like(x)
        for b, e, t in reversed(saved):
            g = g * (1 - t * t)
            g = g * e * 0.1
            g = g * numpy.cos(b)
            g = g * 1.01
        box["g"] = g
    return Run(step, lambda: {"grad": box["g"]})


def w1_torch(T, d, fwd_only=False):
    if fwd_only:
        x = T.tensor(d["x"])

        def fwd():
            with T.no_grad():
                chain(T.exp, T.sin, T.tanh, x)
        return Run(fwd, lambda: {})
    x = T.tensor(d["x"], requires_grad=True)

    def step():
        x.grad = None
        chain(T.exp, T.sin, T.tanh, x).sum().backward()
    return Run(step, lambda: {"grad": x.grad.numpy()})


def w1_tf(tf, d, fwd_only=False, compiled=False):
    v = tf.Variable(d["x"])
    if fwd_only:
        return Run(tf_fn(tf, lambda: chain(tf.exp, tf.sin, tf.tanh, v), compiled), lambda: {})
    box = {}

    def step():
        with tf.GradientTape() as t:
            out = tf.reduce_sum(chain(tf.exp, tf.sin, tf.tanh, v))
        return t.gradient(out, v)
    step = tf_fn(tf, step, compiled)

    def run():
        box["g"] = step()
    return Run(run, lambda: {"grad": box["g"].numpy()})


def w1_mxnet(mx, d, fwd_only=False):
    np, autograd = mx.np, mx.autograd
    x = np.array(d["x"], dtype="float64")
    if fwd_only:
        def fwd():
            chain(np.exp, np.sin, np.tanh, x)
            mx.npx.waitall()
        return Run(fwd, lambda: {})
    x.attach_grad()

    def step():
        with autograd.record():
            out = chain(np.exp, np.sin, np.tanh, x)
        out.backward()
        mx.npx.waitall()
    return Run(step, lambda: {"grad": x.grad.asnumpy()})


def w1_autograd(ag, d, fwd_only=False):
    anp = ag.numpy
    if fwd_only:
        raise Unsupported("same as NumPy")
    f = ag.grad(lambda x: anp.sum(chain(anp.exp, anp.sin, anp.tanh, x)))
    box = {}

    def step():
        box["g"] = f(d["x"])
    return Run(step, lambda: {"grad": box["g"]})


# ---------------- W2: MLP ----------------
def w2_numpy(d):
    p = {k: d[k].copy() for k in MLP_KEYS}
    X, y = d["X"], d["y"]
    n = len(y)
    rows = numpy.arange(n)
    box = {}

    def step():
        h1 = X @ p["W0"]
        h1 += p["b0"]
        numpy.maximum(h1, 0, out=h1)
        h2 = h1 @ p["W1"]
        h2 += p["b1"]
        numpy.maximum(h2, 0, out=h2)
        z = h2 @ p["W2"]
        z += p["b2"]
        z -= z.max(axis=1, keepdims=True)
        e = numpy.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = numpy.log(s).mean() - z[rows, y].mean()
        e /= s                                     # softmax; dz = (softmax - onehot) / n
        e[rows, y] -= 1
        e *= numpy.float32(1 / n)
        g = {"W2": h2.T @ e, "b2": e.sum(0)}
        dh = e @ p["W2"].T
        dh *= h2 > 0
        g["W1"], g["b1"] = h1.T @ dh, dh.sum(0)
        dh = dh @ p["W1"].T
        dh *= h1 > 0
        g["W0"], g["b0"] = X.T @ dh, dh.sum(0)
        for k in MLP_KEYS:
            g[k] *= numpy.float32(LR)
            p[k] -= g[k]
            g[k] /= numpy.float32(LR)
        box["loss"], box["g"] = loss, g
    return Run(step, lambda: {"loss": box["loss"], "W0": box["g"]["W0"], "b2": box["g"]["b2"]})


def w2_torch(T, d):
    F = T.nn.functional
    X, y = T.from_numpy(d["X"]), T.from_numpy(d["y"])
    ps = [T.from_numpy(d[k].copy()).requires_grad_() for k in MLP_KEYS]
    box = {}

    def step():
        W0, b0, W1, b1, W2, b2 = ps
        h = T.relu(X @ W0 + b0)
        h = T.relu(h @ W1 + b1)
        loss = F.cross_entropy(h @ W2 + b2, y)
        loss.backward()
        with T.no_grad():
            for q in ps:
                q -= LR * q.grad
        box["loss"], box["g"] = loss, [q.grad.clone() for q in (ps[0], ps[5])] if box.get("keep") else None
        for q in ps:
            q.grad = None
    box["keep"] = True
    step()
    res = {"loss": box["loss"].item(), "W0": box["g"][0].numpy(), "b2": box["g"][1].numpy()}
    box["keep"] = False
    for q, k in zip(ps, MLP_KEYS):       # back to the initial values, as the check compares step 1
        with T.no_grad():
            q.copy_(T.from_numpy(d[k]))
    return Run(step, lambda: res)


def tf_xent(tf, logits, y, onehot):
    """Mean softmax cross-entropy, with the fused op where the API has it."""
    fused = getattr(tf.nn, "sparse_softmax_cross_entropy_with_logits", None)
    if fused is not None:
        return tf.reduce_mean(fused(y, logits))
    z = logits - tf.reduce_max(logits, axis=1, keepdims=True)
    logp = z - tf.math.log(tf.reduce_sum(tf.exp(z), axis=1, keepdims=True))
    return -tf.reduce_mean(tf.reduce_sum(onehot * logp, axis=1))


def w2_tf(tf, d, compiled=False):
    X, y = tf.constant(d["X"]), tf.constant(d["y"])
    onehot = tf.constant(numpy.eye(10, dtype=numpy.float32)[d["y"]])
    ps = [tf.Variable(d[k]) for k in MLP_KEYS]

    def step():
        with tf.GradientTape() as t:
            W0, b0, W1, b1, W2, b2 = ps
            h = tf.nn.relu(tf.matmul(X, W0) + b0)
            h = tf.nn.relu(tf.matmul(h, W1) + b1)
            loss = tf_xent(tf, tf.matmul(h, W2) + b2, y, onehot)
        gs = t.gradient(loss, ps)
        for q, g in zip(ps, gs):
            q.assign_sub(LR * g)
        return loss, gs[0], gs[5]
    step = tf_fn(tf, step, compiled)
    out = step()
    res = {"loss": out[0].numpy(), "W0": out[1].numpy(), "b2": out[2].numpy()}
    del out
    for q, k in zip(ps, MLP_KEYS):
        q.assign(d[k])
    # timed: step() alone; what it returns is dropped at once, as the other engines keep no
    # gradient from one step to the next (a kept W0 gradient is 0.8 MB more at W5's peak)
    return Run(step, lambda: res)


def w2_mxnet(mx, d):
    np, npx, autograd = mx.np, mx.npx, mx.autograd
    X, y = np.array(d["X"]), np.array(d["y"])
    ps = [np.array(d[k]) for k in MLP_KEYS]
    for q in ps:
        q.attach_grad()
    box = {}

    def step():
        W0, b0, W1, b1, W2, b2 = ps
        with autograd.record():
            h = npx.relu(np.dot(X, W0) + b0)
            h = npx.relu(np.dot(h, W1) + b1)
            loss = -npx.pick(npx.log_softmax(np.dot(h, W2) + b2), y).mean()
        loss.backward()
        if box.get("keep"):
            box["res"] = {"loss": loss.item(), "W0": W0.grad.asnumpy(), "b2": b2.grad.asnumpy()}
        for q in ps:
            q[:] = q - LR * q.grad
        npx.waitall()
    box["keep"] = True
    step()
    box["keep"] = False
    for q, k in zip(ps, MLP_KEYS):
        q[:] = np.array(d[k])
    res = box.pop("res")
    return Run(step, lambda: res)


def w2_autograd(ag, d):
    anp = ag.numpy
    X, y = d["X"], d["y"]
    onehot = numpy.eye(10, dtype=numpy.float32)[y]
    ps = [d[k].copy() for k in MLP_KEYS]

    def loss_fn(ps):
        W0, b0, W1, b1, W2, b2 = ps
        h = anp.maximum(X @ W0 + b0, 0)
        h = anp.maximum(h @ W1 + b1, 0)
        z = h @ W2 + b2
        z = z - anp.max(z, axis=1, keepdims=True)
        logp = z - anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True))
        return -anp.mean(anp.sum(onehot * logp, axis=1))
    vg = ag.value_and_grad(loss_fn)
    box = {}

    def step():
        loss, gs = vg(ps)
        for i in range(6):
            ps[i] = ps[i] - numpy.float32(LR) * gs[i]
        box["out"] = (loss, gs)
    step()
    res = {"loss": box["out"][0], "W0": box["out"][1][0], "b2": box["out"][1][5]}
    ps[:] = [d[k].copy() for k in MLP_KEYS]
    return Run(step, lambda: res)


# ---------------- W3: big elementwise ----------------
def w3_numpy(d):
    x = d["x"]
    box = {}

    def step():
        t, s = numpy.tanh(x), numpy.sin(x)
        e = numpy.exp(-(x * x))
        f = (t * e + s * s).sum()
        g = 1 - t * t                  # d/dx tanh(x)·e + 2 sin cos
        g -= 2 * x * t
        g *= e
        g += numpy.sin(2 * x)
        box["f"], box["g"] = f, g
    return Run(step, lambda: {"loss": box["f"], "grad": box["g"]})


def w3_torch(T, d):
    x = T.from_numpy(d["x"]).requires_grad_()
    box = {}

    def step():
        x.grad = None
        f = (T.tanh(x) * T.exp(-x ** 2) + T.sin(x) ** 2).sum()
        f.backward()
        box["f"] = f
    return Run(step, lambda: {"loss": box["f"].item(), "grad": x.grad.numpy()})


def w3_tf(tf, d, compiled=False):
    x = tf.Variable(d["x"])

    def step():
        with tf.GradientTape() as t:
            f = tf.reduce_sum(tf.tanh(x) * tf.exp(-x ** 2) + tf.sin(x) ** 2)
        return f, t.gradient(f, x)
    step = tf_fn(tf, step, compiled)
    box = {}

    def run():
        box["out"] = step()
    return Run(run, lambda: {"loss": box["out"][0].numpy(), "grad": box["out"][1].numpy()})


def w3_mxnet(mx, d):
    np, autograd = mx.np, mx.autograd
    x = np.array(d["x"], dtype="float64")
    x.attach_grad()
    box = {}

    def step():
        with autograd.record():
            f = (np.tanh(x) * np.exp(-x ** 2) + np.sin(x) ** 2).sum()
        f.backward()
        mx.npx.waitall()
        box["f"] = f
    return Run(step, lambda: {"loss": box["f"].item(), "grad": x.grad.asnumpy()})


def w3_autograd(ag, d):
    anp = ag.numpy
    vg = ag.value_and_grad(lambda x: anp.sum(anp.tanh(x) * anp.exp(-x ** 2) + anp.sin(x) ** 2))
    box = {}

    def step():
        box["out"] = vg(d["x"])
    return Run(step, lambda: {"loss": box["out"][0], "grad": box["out"][1]})


# ---------------- W4: LeNet ----------------
def _im2col(x, k, pad):
    """(C*k*k, N*Ho*Wo) columns of a channel-major (C, N, H, W) x, stride 1."""
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


def _col2im(cols, x_shape, k, pad):
    c, n, h, w = x_shape
    ho, wo = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = cols.reshape(c, k, k, n, ho, wo)
    dx = numpy.zeros((c, n, h + 2 * pad, w + 2 * pad), dtype=cols.dtype)
    for i in range(k):
        for j in range(k):
            dx[:, :, i:i + ho, j:j + wo] += cols[:, i, j]
    return dx[:, :, pad:pad + h, pad:pad + w]


def _sigmoid(z):
    e = numpy.exp(-z)
    e += 1
    return numpy.reciprocal(e, out=e)


def _pool(x):
    out = x[..., ::2, ::2] + x[..., 1::2, ::2]
    out += x[..., ::2, 1::2]
    out += x[..., 1::2, 1::2]
    out *= out.dtype.type(0.25)
    return out


def _unpool(g):
    g = g * g.dtype.type(0.25)
    out = numpy.empty(g.shape[:2] + (2 * g.shape[2], 2 * g.shape[3]), dtype=g.dtype)
    for i in (0, 1):
        for j in (0, 1):
            out[..., i::2, j::2] = g
    return out


def w4_numpy(d):
    p = {k: d[k].copy() for k in LENET_KEYS}
    X, y = d["X"].transpose(1, 0, 2, 3), d["y"]        # activations channel-major throughout
    n, rows = len(y), numpy.arange(len(y))
    box = {}

    def conv(x, w, b, pad):
        cols, (ho, wo) = _im2col(x, w.shape[-1], pad)
        out = w.reshape(w.shape[0], -1) @ cols
        out += b[:, None]
        return out.reshape(w.shape[0], x.shape[1], ho, wo), cols

    def step():
        z1, cols1 = conv(X, p["c1"], p["cb1"], 2)
        s1 = _sigmoid(z1)
        a1 = _pool(s1)
        z2, cols2 = conv(a1, p["c2"], p["cb2"], 0)
        s2 = _sigmoid(z2)
        a2 = _pool(s2)                                  # (16, N, 5, 5)
        f = a2.transpose(1, 0, 2, 3).reshape(n, 400)
        h1 = _sigmoid(f @ p["W0"] + p["b0"])
        h2 = _sigmoid(h1 @ p["W1"] + p["b1"])
        z = h2 @ p["W2"] + p["b2"]
        z -= z.max(axis=1, keepdims=True)
        e = numpy.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = numpy.log(s).mean() - z[rows, y].mean()
        e /= s
        e[rows, y] -= 1
        e *= numpy.float32(1 / n)
        g = {"W2": h2.T @ e, "b2": e.sum(0)}
        dh = e @ p["W2"].T
        dh *= h2 * (1 - h2)
        g["W1"], g["b1"] = h1.T @ dh, dh.sum(0)
        dh = dh @ p["W1"].T
        dh *= h1 * (1 - h1)
        g["W0"], g["b0"] = f.T @ dh, dh.sum(0)
        df = (dh @ p["W0"].T).reshape(n, 16, 5, 5).transpose(1, 0, 2, 3)
        dz = _unpool(df)
        dz *= s2 * (1 - s2)
        g2 = dz.reshape(16, -1)
        g["c2"], g["cb2"] = (g2 @ cols2.T).reshape(p["c2"].shape), g2.sum(1)
        da1 = _col2im(p["c2"].reshape(16, -1).T @ g2, a1.shape, 5, 0)
        dz = _unpool(da1)
        dz *= s1 * (1 - s1)
        g1 = dz.reshape(6, -1)
        g["c1"], g["cb1"] = (g1 @ cols1.T).reshape(p["c1"].shape), g1.sum(1)
        for k in LENET_KEYS:
            p[k] -= numpy.float32(LR) * g[k]
        box["loss"], box["g"] = loss, g
    return Run(step, lambda: {"loss": box["loss"], "c1": box["g"]["c1"], "W0": box["g"]["W0"]})


def w4_torch(T, d):
    F = T.nn.functional
    X, y = T.from_numpy(d["X"]), T.from_numpy(d["y"])
    ps = [T.from_numpy(d[k].copy()).requires_grad_() for k in LENET_KEYS]
    box = {}

    def step():
        c1, cb1, c2, cb2, W0, b0, W1, b1, W2, b2 = ps
        h = F.avg_pool2d(T.sigmoid(F.conv2d(X, c1, cb1, padding=2)), 2)
        h = F.avg_pool2d(T.sigmoid(F.conv2d(h, c2, cb2)), 2)
        h = T.sigmoid(h.reshape(h.shape[0], -1) @ W0 + b0)
        h = T.sigmoid(h @ W1 + b1)
        loss = F.cross_entropy(h @ W2 + b2, y)
        loss.backward()
        with T.no_grad():
            for q in ps:
                q -= LR * q.grad
        if box.get("keep"):
            box["res"] = {"loss": loss.item(), "c1": c1.grad.numpy().copy(),
                          "W0": W0.grad.numpy().copy()}
        for q in ps:
            q.grad = None
    box["keep"] = True
    step()
    box["keep"] = False
    with T.no_grad():
        for q, k in zip(ps, LENET_KEYS):
            q.copy_(T.from_numpy(d[k]))
    return Run(step, lambda: box["res"])


def _w0_hwc(w0):
    """W0's rows from torch's (C, H, W) flatten order to the (H, W, C) order of an NHWC Flatten."""
    return w0.reshape(16, 5, 5, -1).transpose(1, 2, 0, 3).reshape(400, -1)


def w4_tf(tf, d, compiled=False):
    """LeNet as a TF user writes it: tf.keras layers, GradientTape, assign_sub updates."""
    keras = tf.keras
    L = need(keras, "layers")
    X = tf.constant(d["X"].transpose(0, 2, 3, 1))                      # NHWC, TF's default
    y = tf.constant(d["y"])
    net = keras.Sequential([
        L.Conv2D(6, 5, padding="same", activation="sigmoid"), L.AveragePooling2D(2),
        L.Conv2D(16, 5, activation="sigmoid"), L.AveragePooling2D(2), L.Flatten(),
        L.Dense(120, activation="sigmoid"), L.Dense(84, activation="sigmoid"), L.Dense(10)])
    net(X[:1])                                                          # builds the weights
    # TF kernels are (kh, kw, in, out)
    init = [d["c1"].transpose(2, 3, 1, 0), d["cb1"], d["c2"].transpose(2, 3, 1, 0), d["cb2"],
            _w0_hwc(d["W0"]), d["b0"], d["W1"], d["b1"], d["W2"], d["b2"]]
    ps = net.trainable_variables
    for q, a in zip(ps, init):
        q.assign(a)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def step():
        with tf.GradientTape() as t:
            loss = loss_fn(y, net(X))
        gs = t.gradient(loss, ps)
        for q, g in zip(ps, gs):
            q.assign_sub(LR * g)
        return loss, gs[0], gs[4]
    step = tf_fn(tf, step, compiled)
    out = step()
    w0 = out[2].numpy().reshape(5, 5, 16, 120).transpose(2, 0, 1, 3).reshape(400, 120)
    res = {"loss": out[0].numpy(), "c1": out[1].numpy().transpose(3, 2, 0, 1), "W0": w0}
    del out
    for q, a in zip(ps, init):
        q.assign(a)
    return Run(step, lambda: res)             # (its results dropped at once, as in W2)


def w4_mxnet(mx, d):
    """LeNet as an MXNet user writes it: gluon.nn layers, autograd.record, Trainer (sgd)."""
    np, autograd, gluon = mx.np, mx.autograd, mx.gluon
    nn = need(gluon, "nn")
    X, y = np.array(d["X"]), np.array(d["y"])
    n = len(d["y"])
    net = nn.Sequential()
    net.add(nn.Conv2D(6, kernel_size=5, padding=2, activation="sigmoid"),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Conv2D(16, kernel_size=5, activation="sigmoid"),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Dense(120, activation="sigmoid"), nn.Dense(84, activation="sigmoid"), nn.Dense(10))
    net.initialize()
    net(X[:1])                                                          # deferred init
    layers = [net[0], net[2], net[4], net[5], net[6]]
    init = [(d["c1"], d["cb1"]), (d["c2"], d["cb2"])] + [
        (d[f"W{i}"].T.copy(), d[f"b{i}"]) for i in range(3)]           # Dense weight: (out, in)

    def reset():
        for layer, (w, b) in zip(layers, init):
            layer.weight.set_data(np.array(w))
            layer.bias.set_data(np.array(b))
    reset()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": LR})
    box = {}

    def step():
        with autograd.record():
            loss = loss_fn(net(X), y)
        loss.backward()
        if box.get("keep"):                                             # sum's gradient / n
            box["res"] = {"loss": loss.mean().item(),
                          "c1": net[0].weight.grad().asnumpy() / n,
                          "W0": net[4].weight.grad().asnumpy().T / n}
        trainer.step(n)
        mx.npx.waitall()
    box["keep"] = True
    step()
    box["keep"] = False
    reset()
    return Run(step, lambda: box["res"])


def w4_autograd(ag, d):
    raise Unsupported("no convolution in autograd.numpy")


# ---------------- W6: D2L linear regression from scratch ----------------
BATCH, EPOCHS, LR6 = 10, 3, 0.03


def w6_numpy(d):
    X, y, perms = d["X"], d["y"], d["perms"]
    box = {}

    def run():
        w, b = d["w"].copy(), d["b"].copy()
        for perm in perms:
            for i in range(0, len(X), BATCH):
                j = perm[i:i + BATCH]
                Xb, yb = X[j], y[j]
                r = Xb @ w + b - yb                    # loss: sum(r² / 2)
                w -= numpy.float32(LR6 / BATCH) * (Xb.T @ r)
                b -= numpy.float32(LR6 / BATCH) * r.sum(0)
        box["w"], box["b"] = w, b
    return Run(run, lambda: {"w": box["w"], "b": box["b"]})


def w6_torch(T, d):
    features, labels = T.from_numpy(d["X"]), T.from_numpy(d["y"])
    box = {}

    def run():
        w = T.from_numpy(d["w"].copy()).requires_grad_()
        b = T.from_numpy(d["b"].copy()).requires_grad_()
        for perm in d["perms"]:
            for i in range(0, 1000, BATCH):
                j = T.tensor(perm[i:i + BATCH])
                X, y = features[j], labels[j]
                l = (T.matmul(X, w) + b - y.reshape((-1, 1))) ** 2 / 2
                l.sum().backward()
                with T.no_grad():
                    for param in (w, b):
                        param -= LR6 * param.grad / BATCH
                        param.grad.zero_()
        box["w"], box["b"] = w, b
    return Run(run, lambda: {"w": box["w"].detach().numpy(), "b": box["b"].detach().numpy()})


def w6_tf(tf, d, compiled=False):
    features, labels = tf.constant(d["X"]), tf.constant(d["y"])
    box = {}

    def sgd_step(X, y, w, b):
        with tf.GradientTape() as g:
            l = (tf.matmul(X, w) + b - tf.reshape(y, (-1, 1))) ** 2 / 2
        dw, db = g.gradient(l, [w, b])
        w.assign_sub(LR6 * dw / BATCH)
        b.assign_sub(LR6 * db / BATCH)
    sgd_step = tf_fn(tf, sgd_step, compiled)
    w = tf.Variable(d["w"])
    b = tf.Variable(d["b"])

    def run():
        w.assign(d["w"])
        b.assign(d["b"])
        for perm in d["perms"]:
            for i in range(0, 1000, BATCH):
                j = tf.constant(perm[i:i + BATCH])
                sgd_step(tf.gather(features, j), tf.gather(labels, j), w, b)
        box["w"], box["b"] = w.numpy(), b.numpy()
    return Run(run, lambda: {"w": box["w"], "b": box["b"]})


def w6_mxnet(mx, d):
    np, autograd = mx.np, mx.autograd
    features, labels = np.array(d["X"]), np.array(d["y"])
    box = {}

    def run():
        w, b = np.array(d["w"]), np.array(d["b"])
        w.attach_grad()
        b.attach_grad()
        for perm in d["perms"]:
            for i in range(0, 1000, BATCH):
                j = np.array(perm[i:i + BATCH])
                X, y = features[j], labels[j]
                with autograd.record():
                    l = (np.dot(X, w) + b - y.reshape(-1, 1)) ** 2 / 2
                l.backward()
                for param in (w, b):
                    param[:] = param - LR6 * param.grad / BATCH
        mx.npx.waitall()
        box["w"], box["b"] = w, b
    return Run(run, lambda: {"w": box["w"].asnumpy(), "b": box["b"].asnumpy()})


def w6_autograd(ag, d):
    anp = ag.numpy
    X, y = d["X"], d["y"]
    g = ag.grad(lambda wb, Xb, yb: anp.sum((Xb @ wb[0] + wb[1] - yb) ** 2 / 2))
    box = {}

    def run():
        w, b = d["w"].copy(), d["b"].copy()
        for perm in d["perms"]:
            for i in range(0, 1000, BATCH):
                j = perm[i:i + BATCH]
                dw, db = g((w, b), X[j], y[j])
                w = w - numpy.float32(LR6 / BATCH) * dw
                b = b - numpy.float32(LR6 / BATCH) * db
        box["w"], box["b"] = w, b
    return Run(run, lambda: {"w": box["w"], "b": box["b"]})
