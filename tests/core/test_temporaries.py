"""Temporary elision (core.refs, ops.registry.apply_into): an operand that only the expression
being evaluated holds lends its array to the result. Nobody may be able to tell: a held operand
never changes, whoever holds it, and gradients through reused buffers are the mathematics'."""
import operator

import numpy
import pytest

from xint.core.refs import REUSE_TEMPORARIES

N = 100                                   # 100 x 100 float64: 80 KB, above the reuse threshold


def _address(t):
    return t._data.__array_interface__["data"][0]


def _dialects():
    from xint import mxnet, torch
    from xint.tensorflow import tf
    return {"torch": torch, "tensorflow": tf, "mxnet": mxnet}


def _make(name, value):
    d = _dialects()[name]
    if name == "mxnet":
        return d.np.array(value)
    if name == "tensorflow":
        return d.constant(value)
    return d.tensor(value)


# entry points, each applied to a temporary made by `fresh`: (dialect, label, fn, numpy maths)
CASES = [
    ("torch", "a + 1.5", lambda m, f: f() + 1.5, lambda a: a + 1.5),
    ("torch", "2.0 - a", lambda m, f: 2.0 - f(), lambda a: 2.0 - a),
    ("torch", "torch.relu", lambda m, f: m.relu(f()), lambda a: numpy.maximum(a, 0)),
    ("torch", "F.relu", lambda m, f: m.nn.functional.relu(f()), lambda a: numpy.maximum(a, 0)),
    ("torch", "Tensor.relu", lambda m, f: f().relu(), lambda a: numpy.maximum(a, 0)),
    ("torch", "torch.sigmoid", lambda m, f: m.sigmoid(f()), lambda a: 1 / (1 + numpy.exp(-a))),
    ("torch", "torch.tanh", lambda m, f: m.tanh(f()), numpy.tanh),
    ("torch", "Tensor.exp", lambda m, f: f().exp(), numpy.exp),
    ("tensorflow", "a - 1.5", lambda m, f: f() - 1.5, lambda a: a - 1.5),
    ("tensorflow", "tf.nn.relu", lambda m, f: m.nn.relu(f()), lambda a: numpy.maximum(a, 0)),
    ("tensorflow", "tf.sigmoid", lambda m, f: m.sigmoid(f()), lambda a: 1 / (1 + numpy.exp(-a))),
    ("tensorflow", "tf.exp", lambda m, f: m.exp(f()), numpy.exp),
    ("mxnet", "a + b (recorded)", lambda m, f: _recorded_sum(m, f), lambda a: a + 1),
    ("mxnet", "b - a", lambda m, f: m.np.ones((N, N)) - f(), lambda a: 1 - a),
]


def _recorded_sum(mxnet, f):
    b = mxnet.np.ones((N, N), dtype="float64")
    with mxnet.autograd.record():
        return f() + b



@pytest.mark.parametrize("name,label,fn,maths", CASES, ids=[c[1] for c in CASES])
def test_a_temporary_lends_its_array_and_a_held_operand_never_changes(name, label, fn, maths):
    m = _dialects()[name]
    base = numpy.linspace(-3, 3, N * N).reshape(N, N)
    made = []

    def fresh():
        t = _make(name, base) * 1.0          # a new array that only the expression holds
        made.append(_address(t))
        return t

    out = fn(m, fresh)
    numpy.testing.assert_allclose(numpy.asarray(out._data), maths(base), rtol=1e-12)
    assert (_address(out) == made[-1]) == REUSE_TEMPORARIES
    held = fresh()
    out = fn(m, lambda: held)
    assert _address(out) != _address(held)
    numpy.testing.assert_array_equal(numpy.asarray(held._data), base)


def test_explicit_operator_calls_never_take_a_held_operand():
    """`a.__add__(b)` hands the method the same counts a temporary has under `a + b`; only the
    interpreter's own operator may reuse (this once overwrote b in xint.mxnet)."""
    from xint import mxnet, torch
    from xint.tensorflow import tf
    base = numpy.ones((N, N))
    for make in (lambda: torch.tensor(base), lambda: tf.constant(base),
                 lambda: mxnet.np.array(base)):
        a, b = make(), make()
        c = a.__add__(b)
        d = b.__radd__(a)
        e = operator.add(a, b)
        for held in (a, b):
            numpy.testing.assert_array_equal(numpy.asarray(held._data), base)
        for r in (c, d, e):
            numpy.testing.assert_array_equal(numpy.asarray(r._data), 2 * base)
        keys = sorted([make(), make()], key=lambda t: 0)
        for t in keys:
            numpy.testing.assert_array_equal(numpy.asarray(t._data), base)


def test_held_in_containers_views_and_graphs_never_changes():
    from xint import torch
    base = numpy.linspace(-1, 1, N * N).reshape(N, N)
    box = [torch.tensor(base) * 1.0]
    torch.relu(box[0]) + 1.0
    numpy.testing.assert_array_equal(box[0].numpy(), base)
    t = torch.tensor(base) * 1.0
    row = t[0]                                # a view: t's array is held twice
    torch.relu(t * 1.0) + 1.0
    (t + 0.0).relu()
    numpy.testing.assert_array_equal(row.numpy(), base[0])
    del row
    part = torch.relu((t * 1.0)[:10])         # a view of part of a temporary's memory
    numpy.testing.assert_array_equal(part.numpy(), numpy.maximum(base[:10], 0))
    w = torch.ones(N, N, dtype=torch.float64, requires_grad=True)
    y = torch.exp(w * 0.5)                    # exp keeps its result for its gradient
    z = (y + 1.0).sum()                       # y is held by name: not reused
    (g,) = torch.autograd.grad(z, w)
    numpy.testing.assert_allclose(g.numpy(), 0.5 * numpy.exp(0.5 * numpy.ones((N, N))))
    z = (torch.exp(w * 0.5) + 1.0).sum()      # a temporary whose node keeps its array: not reused
    (g,) = torch.autograd.grad(z, w)
    numpy.testing.assert_allclose(g.numpy(), 0.5 * numpy.exp(0.5 * numpy.ones((N, N))))
    a = torch.tensor(base) * 1.0
    out = a.T + 1.0                           # a temporary view of memory a name holds
    numpy.testing.assert_array_equal(a.numpy(), base)
    numpy.testing.assert_array_equal(out.numpy(), base.T + 1.0)
    out = torch.relu((torch.tensor(base) * 1.0).T)      # the one view of memory nobody holds
    numpy.testing.assert_array_equal(out.numpy(), numpy.maximum(base.T, 0))
    leaf = torch.ones(N, N, dtype=torch.float64, requires_grad=True)
    out = torch.ones(N, N, dtype=torch.float64, requires_grad=True) + 1.0   # a temporary leaf
    assert out.requires_grad and float(out.detach().sum()) == 2.0 * N * N
    assert float(leaf.detach().sum()) == N * N


def _chain_maths(x, w, b, c):
    """loss = sum(c * exp(tanh(1 - sigmoid(relu(x @ w + b))))) and its gradients (w, b)."""
    z = x @ w + b
    r = numpy.maximum(z, 0)
    s = 1 / (1 + numpy.exp(-r))
    u = numpy.tanh(1.0 - s)
    e = numpy.exp(u)
    g = c * e                                 # d/de
    g = g * (1 - u * u)                       # through tanh
    g = -g * s * (1 - s)                      # through 1 - sigmoid
    g = g * (z > 0)                           # through relu
    return (c * e).sum(), x.T @ g, g.sum(0)


def _inputs():
    rng = numpy.random.default_rng(3)
    return (rng.standard_normal((N, 40)), rng.standard_normal((40, N)) * 0.3,
            rng.standard_normal(N) * 0.1, rng.standard_normal((N, N)))


def test_gradients_through_reused_buffers_are_the_mathematics():
    from xint import mxnet, torch
    from xint.tensorflow import tf
    x, w, b, c = _inputs()
    loss, gw, gb = _chain_maths(x, w, b, c)

    W = torch.tensor(w, requires_grad=True)
    B = torch.tensor(b, requires_grad=True)
    X, C = torch.tensor(x), torch.tensor(c)
    out = (C * torch.exp(torch.tanh(1.0 - torch.sigmoid(torch.relu(X @ W + B))))).sum()
    out.backward()
    numpy.testing.assert_allclose(float(out.detach()), loss, rtol=1e-12)
    numpy.testing.assert_allclose(W.grad.numpy(), gw, rtol=1e-10, atol=1e-12)
    numpy.testing.assert_allclose(B.grad.numpy(), gb, rtol=1e-10, atol=1e-12)

    Wt, Bt = tf.Variable(w), tf.Variable(b)
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(tf.constant(c) * tf.exp(tf.tanh(
            1.0 - tf.sigmoid(tf.nn.relu(tf.matmul(tf.constant(x), Wt) + Bt)))))
    g_w, g_b = tape.gradient(out, [Wt, Bt])
    numpy.testing.assert_allclose(float(out), loss, rtol=1e-12)
    numpy.testing.assert_allclose(g_w.numpy(), gw, rtol=1e-10, atol=1e-12)
    numpy.testing.assert_allclose(g_b.numpy(), gb, rtol=1e-10, atol=1e-12)

    np, npx = mxnet.np, mxnet.npx
    Wm, Bm = np.array(w, dtype="float64"), np.array(b, dtype="float64")
    Wm.attach_grad()
    Bm.attach_grad()
    with mxnet.autograd.record():
        out = (np.array(c, dtype="float64") * np.exp(np.tanh(
            1.0 - npx.sigmoid(npx.relu(np.dot(np.array(x, dtype="float64"), Wm) + Bm))))).sum()
    out.backward()
    numpy.testing.assert_allclose(float(out), loss, rtol=1e-12)
    numpy.testing.assert_allclose(Wm.grad.asnumpy(), gw, rtol=1e-10, atol=1e-12)
    numpy.testing.assert_allclose(Bm.grad.asnumpy(), gb, rtol=1e-10, atol=1e-12)


def test_layers_activate_their_own_results_in_place():
    """Keras and Gluon layers apply a built-in activation into the array they just made (float32,
    200 x 200: above the reuse threshold)."""
    from xint import mxnet
    from xint.tensorflow import tf
    rng = numpy.random.default_rng(5)
    x = rng.standard_normal((200, 40)).astype(numpy.float32)
    w = (rng.standard_normal((40, 200)) * 0.3).astype(numpy.float32)
    b = (rng.standard_normal(200) * 0.1).astype(numpy.float32)
    want = 1 / (1 + numpy.exp(-(x.astype(float) @ w + b)))
    layer = tf.keras.layers.Dense(200, activation="sigmoid")
    layer(tf.constant(x[:1]))
    layer.kernel.assign(w)
    layer.bias.assign(b)
    numpy.testing.assert_allclose(layer(tf.constant(x)).numpy(), want, rtol=1e-5)
    dense = mxnet.gluon.nn.Dense(200, activation="sigmoid", in_units=40)
    dense.initialize()
    dense.weight.set_data(mxnet.np.array(w.T))
    dense.bias.set_data(mxnet.np.array(b))
    numpy.testing.assert_allclose(dense(mxnet.np.array(x)).asnumpy(), want, rtol=1e-5)
    dense.act.forward = lambda v: v * 0              # an instance's own forward still runs
    assert not dense(mxnet.np.array(x)).asnumpy().any()


def test_tf_variables_on_either_side_of_a_temporary_get_their_gradients():
    from xint.tensorflow import tf
    x = tf.ones((256, 128))
    W = tf.Variable(tf.ones((128, 256)))
    b = tf.Variable(tf.zeros((256,)))
    for f in (lambda: b + tf.matmul(x, W), lambda: tf.matmul(x, W) + b,
              lambda: b - tf.matmul(x, W)):
        with tf.GradientTape() as tape:
            s = tf.reduce_sum(f())
        g_b, g_w = tape.gradient(s, [b, W])
        assert g_b is not None and g_w is not None
        numpy.testing.assert_array_equal(numpy.abs(g_b.numpy()), numpy.full(256, 256.0))
        numpy.testing.assert_array_equal(numpy.abs(g_w.numpy()), numpy.full((128, 256), 256.0))
    kv = tf.keras.Variable(numpy.full(256, 0.5, dtype=numpy.float32))
    out = tf.matmul(x, W) + kv                           # not a tensor: no reuse, no crash
    numpy.testing.assert_array_equal(out.numpy(), numpy.full((256, 256), 128.5))


def test_a_variable_read_or_a_parameter_beside_a_temporary_still_lets_it_lend_its_array():
    """Under a tape `tf.matmul(x, W) + b` meets b as its watched read, and a torch model's bias is
    an nn.Parameter: neither is the dialect's plain tensor class, yet both are only read, so the
    product lends its array to the sum (this once never happened in xint.tensorflow). Gradients
    are the mathematics': d sum(x @ W + b) / db = the row count, / dW = the column sums of x."""
    from xint import torch
    from xint.tensorflow import tf
    made = []

    def product(t):                           # returns its argument: still only the stack's
        made.append(_address(t))
        return t

    x = numpy.linspace(-1, 1, 256 * 128).reshape(256, 128)      # float64: 128 KB results
    want_w = numpy.repeat(x.sum(0)[:, None], 64, axis=1)
    W, b = tf.Variable(numpy.ones((128, 64))), tf.Variable(numpy.zeros(64))
    for f in (lambda: product(tf.matmul(x, W)) + b, lambda: b + product(tf.matmul(x, W))):
        with tf.GradientTape() as tape:
            out = f()
            s = tf.reduce_sum(out)
        assert (_address(out) == made[-1]) == REUSE_TEMPORARIES
        g_w, g_b = tape.gradient(s, [W, b])
        numpy.testing.assert_array_equal(g_b.numpy(), numpy.full(64, 256.0))
        numpy.testing.assert_allclose(g_w.numpy(), want_w, rtol=1e-12, atol=1e-12)
        numpy.testing.assert_array_equal(b.numpy(), numpy.zeros(64))       # only read
    w = torch.ones(128, 64, dtype=torch.float64, requires_grad=True)
    bias = torch.nn.Parameter(torch.zeros(64, dtype=torch.float64))
    X = torch.from_numpy(x)
    for f in (lambda: product(X @ w) + bias, lambda: bias + product(X @ w)):
        out = f()
        assert (_address(out) == made[-1]) == REUSE_TEMPORARIES
        out.sum().backward()
        numpy.testing.assert_array_equal(bias.grad.numpy(), numpy.full(64, 256.0))
        numpy.testing.assert_allclose(w.grad.numpy(), want_w, rtol=1e-12, atol=1e-12)
        numpy.testing.assert_array_equal(bias.detach().numpy(), numpy.zeros(64))
        w.grad = bias.grad = None


def test_memory_numpy_did_not_allocate_for_the_tensor_is_never_written(tmp_path):
    """A tensor over a user's buffer, a memory-mapped file or another framework's memory is not a
    temporary's own array, even when no Python name holds that tensor."""
    from xint import torch
    buf = bytearray(numpy.ones(N * N).tobytes())
    out = torch.from_numpy(numpy.frombuffer(buf).reshape(N, N)) + 1.0
    assert numpy.frombuffer(buf).tolist() == [1.0] * (N * N)
    assert out.numpy().tolist() == [[2.0] * N] * N
    path = tmp_path / "a.npy"
    numpy.save(path, numpy.ones((N, N)))
    out = torch.from_numpy(numpy.load(path, mmap_mode="r+")) + 1.0
    assert numpy.load(path).tolist() == [[1.0] * N] * N
    x = numpy.ones(N * N)
    strided = numpy.lib.stride_tricks.as_strided(x, (N, N), (8 * N, 8))
    out = torch.from_numpy(strided) + 1.0
    assert x.tolist() == [1.0] * (N * N) and out.numpy().tolist() == [[2.0] * N] * N


@pytest.mark.parametrize("dtype,value", [("float16", 70000), ("float32", 1e300),
                                         ("float32", 2 ** 63), ("float64", 1.5)])
def test_a_temporary_gives_the_dtype_a_held_operand_gives(dtype, value):
    """NumPy 1.x widens by a Python number's value: a reused temporary may not differ."""
    import warnings
    from xint import torch
    base = numpy.ones((256, 256), dtype=dtype) * 3       # float16 too: above the threshold
    held = torch.from_numpy(base.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want = held + value
        got = torch.from_numpy(base.copy()) + value
    assert got.dtype == want.dtype
    numpy.testing.assert_array_equal(got.numpy(), want.numpy())


def test_another_dialects_temporary_is_refused_as_a_held_one_is():
    from xint import torch
    from xint.tensorflow import tf
    held = tf.ones((200, 200))
    with pytest.raises(TypeError) as want:
        torch.relu(held)
    with pytest.raises(TypeError) as got:
        torch.relu(tf.ones((200, 200)) * 1.0)             # float32: above the threshold
    assert str(got.value) == str(want.value)


def test_an_operator_method_run_by_c_code_without_a_python_caller():
    """A thread started on the method itself: no frame calls it (the frame check must cope)."""
    import _thread
    import sys
    import threading
    import weakref
    from xint import torch
    seen, done = [], threading.Event()
    t = torch.ones(N, N, dtype=torch.float64)
    weakref.finalize(t, done.set)             # the thread's arguments are let go when it ends
    args = (t, 1.0)
    del t
    hook, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        _thread.start_new_thread(torch.Tensor.__add__, args)
        del args
        assert done.wait(10)
    finally:
        sys.unraisablehook = hook
    assert seen == []
