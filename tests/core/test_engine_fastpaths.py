"""Engine fast paths keep their meaning: x**2's shortcut VJP, the torch dialect taking a gradient
array without copying only when nothing else holds it, and the bench suite's check of every engine
against the NumPy floor."""
import os
import sys

import numpy
import pytest

from xint import torch

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "bench")


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_square_vjp_matches_maths_and_keeps_dtype(dtype):
    x = torch.tensor([-1.5, 0.0, 2.0, 3.25], dtype=dtype, requires_grad=True)
    (x ** 2).sum().backward()
    assert x.grad.dtype == dtype
    numpy.testing.assert_allclose(x.grad.numpy(), 2 * x.detach().numpy())
    y = torch.tensor([1.5, 2.0], requires_grad=True)          # other exponents: general rule
    (y ** 3).sum().backward()
    numpy.testing.assert_allclose(y.grad.numpy(), 3 * numpy.array([1.5, 2.0]) ** 2, rtol=1e-6)


def test_square_vjp_second_order():
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    (g,) = torch.autograd.grad((x ** 2).sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), x)
    numpy.testing.assert_allclose(gg.numpy(), [2.0, 2.0])


def test_leaf_grads_never_share_storage():
    a = torch.ones(3, requires_grad=True)
    b = torch.ones(3, requires_grad=True)
    (a + b).sum().backward()                   # one gradient array reaches both leaves
    a.grad.zero_()
    numpy.testing.assert_array_equal(b.grad.numpy(), [1.0, 1.0, 1.0])


def test_leaf_grad_does_not_alias_the_callers_gradient():
    x = torch.ones(4, requires_grad=True)
    seed = torch.full((4,), 2.0)
    (x * 1).backward(seed)
    x.grad.zero_()
    numpy.testing.assert_array_equal(seed.numpy(), [2.0] * 4)


def test_leaf_grad_does_not_alias_what_a_hook_kept():
    x = torch.ones(3, requires_grad=True)
    kept = []
    y = x * 3
    y.register_hook(lambda g: kept.append(g))
    (y * 1).sum().backward()
    x.grad.zero_()
    numpy.testing.assert_array_equal(kept[0].numpy(), [1.0, 1.0, 1.0])


def test_bench_workloads_agree_with_the_floor():
    sys.path.insert(0, BENCH)
    try:
        import run
    finally:
        sys.path.remove(BENCH)
    out = run.time_workload("W1", ["numpy", "xint.torch", "xint.tensorflow", "xint.mxnet"],
                            rounds=1, quick=True, log=lambda msg: None)
    assert {e: r["status"] for e, r in out.items()} == dict.fromkeys(out, "ok")
    out = run.time_workload("W6", ["numpy", "xint.torch", "xint.mxnet"], rounds=1, quick=True,
                            log=lambda msg: None)
    assert {e: r["status"] for e, r in out.items()} == dict.fromkeys(out, "ok")
    # LeNet as each framework's users write it (keras layers, gluon blocks), and the MLP: in a
    # subprocess, so that the layers built there do not move this process's layer-name counters
    import subprocess
    p = subprocess.run([sys.executable, os.path.join(BENCH, "run.py"), "--quick", "--rounds", "1",
                        "--only", "W2,W4", "--engines", "xint.torch,xint.tensorflow,xint.mxnet"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "FAILED" not in p.stdout and p.stdout.count("/step") == 2, p.stdout
    assert "n/a" not in p.stdout.split("targets")[0], p.stdout


def test_backward_releases_large_intermediates_but_keeps_the_graph():
    import gc
    import weakref
    x = torch.ones(200, 100, requires_grad=True)
    h = x + 1                                  # a large intermediate, input of the add below
    z = (h + h).sum()                          # add and sum save no values
    ref = weakref.ref(h)
    z.backward()
    del h
    gc.collect()
    assert ref() is None                       # the freed graph no longer holds it
    numpy.testing.assert_array_equal(x.grad.numpy(), numpy.full((200, 100), 2.0))
    z.backward()                               # nothing saved: a second pass is allowed (torch too)
    numpy.testing.assert_array_equal(x.grad.numpy(), numpy.full((200, 100), 4.0))
    y = torch.ones(200, 100, requires_grad=True)
    s = (y * y).sum()                          # mul saves its inputs: a second pass must refuse
    s.backward()
    with pytest.raises(RuntimeError):
        s.backward()


def test_no_grad_inplace_update_writes_storage_in_place():
    q = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    g = torch.tensor([[0.5, 0.5], [1.0, 2.0]])
    row = q.detach()[0]                        # a view shares the storage
    before = q._data.__array_interface__["data"][0]
    with torch.no_grad():
        q -= 0.5 * g
        q *= 2.0
        q += g
        q /= 2.0
    assert q._data.__array_interface__["data"][0] == before
    want = ((numpy.array([[1, 2], [3, 4]]) - 0.25 * numpy.array([[1, 1], [2, 4]])) * 2
            + numpy.array([[0.5, 0.5], [1, 2]])) / 2
    numpy.testing.assert_allclose(q.detach().numpy(), want)
    numpy.testing.assert_allclose(row.numpy(), want[0])
    assert q.dtype == torch.float32 and q.is_leaf and q.requires_grad
    with torch.no_grad():                      # other dtypes and broadcasting: the general path
        q -= torch.tensor([1.0, 1.0], dtype=torch.float64)
    assert q.dtype == torch.float32
    numpy.testing.assert_allclose(q.detach().numpy(), want - 1)


def test_backward_lets_activations_go_as_it_walks():
    """Once a node has run, backprop holds none of its inputs: a chain's large intermediates
    are freed during the walk, not all at its end (W5's peak memory)."""
    import weakref
    from xint.core import autodiff
    x = torch.ones(100_000, requires_grad=True)
    m = x * 2.0                                # an intermediate only the graph will hold
    ref = weakref.ref(m)
    y = m.exp()
    del m
    alive = []
    orig = autodiff._run_node

    def spy(node, *args):
        if node.prim.name == "mul":            # the exp node has run: its input can go
            alive.append(ref() is not None)
        return orig(node, *args)
    autodiff._run_node = spy
    try:
        y.sum().backward()
    finally:
        autodiff._run_node = orig
    assert alive == [False]
    numpy.testing.assert_allclose(x.grad.numpy(), numpy.full(100_000, 2 * numpy.exp(2.0),
                                                             dtype=numpy.float32), rtol=1e-6)


def test_mxnet_reuses_only_unheld_temporaries():
    """`a - b * 2` may write into the temporary b * 2; an operand a name holds never changes."""
    from xint import mxnet
    np = mxnet.np
    x = np.array([1.0, 2.0, 3.0])
    t = x * 2
    numpy.testing.assert_array_equal((x - t).asnumpy(), [-1.0, -2.0, -3.0])
    numpy.testing.assert_array_equal(t.asnumpy(), [2.0, 4.0, 6.0])         # held: unchanged
    numpy.testing.assert_array_equal((x - x * 2).asnumpy(), [-1.0, -2.0, -3.0])
    numpy.testing.assert_array_equal(((x * 3) + (x * 4)).asnumpy(), [7.0, 14.0, 21.0])
    numpy.testing.assert_array_equal(x.asnumpy(), [1.0, 2.0, 3.0])
    q = np.array([1.0, 2.0, 3.0])
    q.attach_grad()
    with mxnet.autograd.record():
        loss = (q * q).sum()
    loss.backward()
    q[:] = q - 0.5 * q.grad                    # the gradient buffer is held: never reused
    numpy.testing.assert_array_equal(q.asnumpy(), [0.0, 0.0, 0.0])
    numpy.testing.assert_array_equal(q.grad.asnumpy(), [2.0, 4.0, 6.0])
    with mxnet.autograd.record():              # recording: results are fresh graph nodes
        y = x * 2 - x
    assert y.asnumpy().tolist() == [1.0, 2.0, 3.0]


def test_mxnet_full_assignment_takes_only_unheld_results():
    """`q[:] = expr` may take the result's buffer; every holder of q's old buffer (a view, another
    wrapper) still sees the assignment, and a result a name holds stays apart from q."""
    from xint import mxnet
    from xint.core.refs import REUSE_TEMPORARIES
    np = mxnet.np
    q = np.array([1.0, 2.0, 3.0])
    ident = id(q._data)
    q[:] = q * 2
    assert q.asnumpy().tolist() == [2.0, 4.0, 6.0]
    assert (id(q._data) != ident) == REUSE_TEMPORARIES  # taken only where counts are exact
    t = q * 1
    q.__setitem__(slice(None), t)                       # a call, not `q[:] =`: t's count is a
    t[0] = 99.0                                         # temporary's, but t is held
    assert q.asnumpy().tolist() == [2.0, 4.0, 6.0]
    v = q[0:2]                                          # a view (MXNet shares this memory)
    w = q.as_nd_ndarray()                               # another wrapper of the same buffer
    q[:] = q + 1
    assert v.asnumpy().tolist() == [3.0, 5.0] and w.asnumpy().tolist() == [3.0, 5.0, 7.0]
    del v, w
    t = q - 1
    q[:] = t
    t[0] = 99.0
    assert q.asnumpy().tolist() == [2.0, 4.0, 6.0] and t.asnumpy().tolist() == [99.0, 4.0, 6.0]
    q[:] = np.array([1.0, 2.0, 3.0], dtype="float64")  # another dtype: cast into q's own
    assert q.dtype == numpy.float32 and q.asnumpy().tolist() == [1.0, 2.0, 3.0]
    q[:] = np.array([5.0])                              # broadcast
    assert q.asnumpy().tolist() == [5.0, 5.0, 5.0]
    q.attach_grad()
    with mxnet.autograd.record():
        loss = (q * q).sum()
    loss.backward()
    q[:] = q.grad                                       # the gradient buffer is held: copied
    q.grad[0] = -1.0
    assert q.asnumpy().tolist() == [10.0, 10.0, 10.0]
    assert q.grad.asnumpy().tolist() == [-1.0, 10.0, 10.0]


def test_tf_assign_sub_updates_in_place_only_unheld_buffers():
    """A buffer nothing else holds is updated in place; one a read, a numpy view or a recorded
    value holds gets a new buffer, so what was read stays as it was read."""
    from xint.core.refs import COUNTS_EXACT
    from xint.tensorflow import tf
    v = tf.Variable([1.0, 2.0])
    before = v._data
    del before
    ident = id(v._data)
    v.assign_sub([0.5, 0.5])
    assert (id(v._data) == ident) == COUNTS_EXACT        # in place only where counts are exact
    r = v.read_value()
    view = numpy.asarray(v._data)[:1]
    v.assign_add([1.0, 1.0])
    numpy.testing.assert_array_equal(r.numpy(), [0.5, 1.5])
    numpy.testing.assert_array_equal(view, [0.5])
    numpy.testing.assert_array_equal(v.numpy(), [1.5, 2.5])
    w = tf.Variable([3.0])
    with tf.GradientTape() as t:
        y = w * w                                          # the tape's read holds the value
        w.assign_sub([1.0])
        y = y * w
    assert t.gradient(y, w).numpy().tolist() == [3.0 * 2 * 2 + 9.0]    # d(w0^2 * w1): 2*w0*w1 + w0^2


def test_bench_ratios_pair_each_round():
    sys.path.insert(0, BENCH)
    try:
        import run
    finally:
        sys.path.remove(BENCH)
    # a slow spell (x3) hits the engine's rounds 1-3 and the reference's round 3: the per-round
    # ratios are 6, 6, 2, 2, 2 (median 2); the ratio of the medians says 6
    res = {"W2": {"numpy": {"status": "ok", "times": [1.0, 1.0, 3.0, 1.0, 1.0]},
                  "xint.torch": {"status": "ok", "times": [6.0, 6.0, 6.0, 2.0, 2.0]}}}
    run.summarize(res)
    r = res["W2"]["xint.torch"]
    assert r["x_floor"] == 2.0 and r["x_floor_of_medians"] == 6.0 and r["x_torch"] is None
    assert res["W2"]["numpy"]["x_floor"] == 1.0


def test_bench_ab_times_revisions_side_by_side():
    # bench/ab.py imports a revision's xint as a package of its own: run it on HEAD twice (in a
    # subprocess: the copies stay out of this process); skipped outside a git checkout
    import shutil
    import subprocess
    if shutil.which("git") is None or subprocess.run(
            ["git", "-C", BENCH, "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    p = subprocess.run([sys.executable, os.path.join(BENCH, "ab.py"), "W2", "mxnet", "HEAD",
                        "HEAD", "--quick", "--rounds", "2", "--calls", "1"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    rows = [line for line in p.stdout.splitlines() if "/floor" in line]
    assert [r.split()[0] for r in rows] == ["0:HEAD", "1:HEAD"], p.stdout
    assert all(0.2 < float(r.split()[-1]) < 20 for r in rows), p.stdout


def test_bench_opcodes_counts_every_bytecode_of_a_step():
    sys.path.insert(0, BENCH)
    try:
        import opcodes
    finally:
        sys.path.remove(BENCH)

    def leaf(n):
        return n + 1

    key = (os.path.basename(__file__), "leaf")
    once = opcodes.count(lambda: leaf(1))[key]
    assert once > 0 and opcodes.count(lambda: [leaf(i) for i in range(10)])[key] == 10 * once
    totals = opcodes.main(["W1", "--quick", "--engines", "numpy,xint.torch", "--top", "1"])
    assert 0 < totals["numpy"] < totals["xint.torch"]     # the engine's Python, on top of NumPy


def test_bench_spread_counts_the_runs_that_meet_each_target(capsys):
    sys.path.insert(0, BENCH)
    try:
        import spread
    finally:
        sys.path.remove(BENCH)

    def run(ratio, torch_ratio):
        return {"targets": [{"workload": "W2", "engine": "xint.torch", "against": "floor",
                             "limit": 1.15, "ratio": ratio, "met": ratio <= 1.15}],
                "results": {"W2": {"torch": {"x_floor": torch_ratio}, "numpy": {"x_floor": 1.0}}}}
    rows = spread.spread([run(1.10, 1.2), run(1.18, 1.3), run(1.12, None)])
    assert rows["W2", "xint.torch", "floor"] == {"limit": 1.15, "ratios": [1.10, 1.18, 1.12],
                                                 "met": 2}
    assert rows["W2", "torch", "floor"]["ratios"] == [1.2, 1.3] and len(rows) == 2
    # end to end: run.py once, in a fresh process, for one engine and one round
    assert spread.main(["--runs", "1", "--only", "W2", "--rounds", "1",
                        "--engines", "xint.torch"]) == 0
    rows = [ln.split() for ln in capsys.readouterr().out.splitlines() if "xint.torch" in ln]
    assert len(rows) == 1 and rows[0][:4] == ["W2", "xint.torch", "floor", "1.15"], rows
    assert 0.5 < float(rows[0][5]) < 5 and rows[0][7] in ("0/1", "1/1"), rows


@pytest.mark.parametrize("dtype", [numpy.int8, numpy.int32, numpy.int64, numpy.uint8])
def test_label_range_check_in_one_pass(dtype):
    from xint.ops.shape import labels_within
    ok = numpy.array([0, 3, 1, 2], dtype=dtype)
    assert labels_within(ok, 4)
    assert not labels_within(ok, 3)                              # 3 is out of [0, 3)
    assert labels_within(ok[:0], 1)                              # nothing to check
    assert labels_within(ok[::2], 2)                             # strided: [0, 1]
    if numpy.dtype(dtype).kind == "i":
        assert not labels_within(numpy.array([0, -1, 2], dtype=dtype), 4)   # negatives
        assert not labels_within(numpy.array([numpy.iinfo(dtype).min], dtype=dtype), 4)


def test_placeholders_are_shared_read_only_and_hold_nothing():
    from xint import backend
    a = numpy.arange(12.0, dtype=numpy.float32).reshape(3, 4)
    p = backend.placeholder(a)
    assert p.shape == a.shape and p.dtype == a.dtype and not p.flags.writeable
    assert p.strides == (0, 0) and not p.any()
    assert backend.placeholder(a.copy()) is p                    # one per (shape, dtype)
    assert backend.placeholder(a.astype(numpy.float64)) is not p


@pytest.mark.parametrize("shape", [(5, 3), (2, 5, 3)])
def test_bias_unbroadcast_is_a_sum_over_the_leading_axes(shape):
    from xint.core.autodiff import sum_to_shape
    g = numpy.random.default_rng(0).standard_normal(shape).astype(numpy.float32)
    got = sum_to_shape(g, (3,))
    assert got.shape == (3,) and got.dtype == numpy.float32 and type(got) is numpy.ndarray
    numpy.testing.assert_allclose(got, g.reshape(-1, 3).sum(0), rtol=1e-6)
    whole = sum_to_shape(g, ())                                  # a 0-d array, not a scalar
    assert type(whole) is numpy.ndarray and whole.shape == ()
    numpy.testing.assert_allclose(whole, g.sum(), rtol=1e-5)
    kept = sum_to_shape(g, shape[:-1] + (1,))                    # a kept axis: keepdims
    numpy.testing.assert_allclose(kept, g.sum(-1, keepdims=True), rtol=1e-6)


def test_pick_rows_are_cached_read_only_and_right():
    from xint.ops import shape as shape_ops
    labels = numpy.array([2, 0, 1])
    rows, same = shape_ops.pick_index(labels, 1)
    assert same is labels and rows.tolist() == [0, 1, 2] and not rows.flags.writeable
    assert shape_ops.pick_index(numpy.array([1, 1, 1]), 1)[0] is rows     # one per batch size
    assert shape_ops.pick_index(numpy.array([0, 1]), 1)[0].tolist() == [0, 1]
    with pytest.raises(ValueError):
        rows[0] = 5
    # the loss picks through them, step after step, with the same result (-log softmax at the label)
    z = torch.tensor([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5], [3.0, 1.0, 0.0]], requires_grad=True)
    y = torch.tensor([2, 0, 1])
    want = numpy.mean([numpy.log(numpy.exp(r).sum()) - r[k]
                       for r, k in zip(z.detach().numpy().astype(numpy.float64), [2, 0, 1])])
    for _ in range(2):
        loss = torch.nn.functional.cross_entropy(z, y)
        loss.backward()
        assert abs(loss.item() - want) < 1e-6


@pytest.mark.parametrize("op", ["__iadd__", "__isub__", "__imul__", "__itruediv__"])
def test_inplace_operators_keep_their_meaning_on_every_path(op):
    ref = {"__iadd__": numpy.add, "__isub__": numpy.subtract, "__imul__": numpy.multiply,
           "__itruediv__": numpy.true_divide}[op]
    a = numpy.array([1.0, 2.0, 4.0], dtype=numpy.float32)
    for other in (0.5, torch.tensor([2.0, 4.0, 8.0]), torch.tensor(2.0),
                  torch.tensor([1, 2, 4])):          # fast path, then broadcast and int operands
        x = torch.tensor(a)
        with torch.no_grad():
            out = getattr(x, op)(other)
        assert out is x and x.dtype == torch.float32
        raw = other if isinstance(other, float) else other.numpy()
        numpy.testing.assert_allclose(x.numpy(), ref(a, raw).astype(numpy.float32))
    w = torch.tensor(a, requires_grad=True)             # a leaf that requires grad: refused
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        getattr(w, op)(0.5)
