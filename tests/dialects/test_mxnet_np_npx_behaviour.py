"""The MXNet dialect's np/npx breadth, gluon.loss, gluon.Trainer and gluon.data without real MXNet
(values against host NumPy, the safety of npx.save/load, the Trainer's stale-gradient rule)."""
import math

import numpy as onp
import pytest

from xint import mxnet as mx
from xint.mxnet import autograd, gluon, np, npx
from xint.mxnet.base import MXNetError


def test_np_functions_follow_host_numpy_with_float32_defaults():
    a_host = onp.array([[1., -2., 3.], [4., 5., -6.]], dtype=onp.float32)
    a = np.array(a_host)
    assert np.full((2, 2), 3).dtype == onp.float32 and np.eye(3).dtype == onp.float32
    assert np.linspace(0, 1, 5).dtype == onp.float32
    onp.testing.assert_allclose(np.clip(a, 0, 3).asnumpy(), onp.clip(a_host, 0, 3))
    onp.testing.assert_allclose(np.var(a, axis=1).asnumpy(), a_host.var(axis=1), rtol=1e-6)
    onp.testing.assert_allclose(np.linalg.norm(a).asnumpy(), onp.linalg.norm(a_host), rtol=1e-6)
    onp.testing.assert_array_equal(np.repeat(a, 2, axis=1).asnumpy(), onp.repeat(a_host, 2, 1))
    onp.testing.assert_array_equal(np.tile(a, (2, 1)).asnumpy(), onp.tile(a_host, (2, 1)))
    onp.testing.assert_array_equal(np.swapaxes(a, 0, 1).asnumpy(), a_host.T)
    pieces = np.split(np.arange(6), [2, 3])
    assert [p.shape for p in pieces] == [(2,), (1,), (3,)]
    rows, cols = np.where(a > 0)
    assert rows.dtype == onp.int64 and cols.tolist() == [0, 2, 0, 1]


@pytest.mark.parametrize("expr, shares", [
    # MXNet 1.9.1's rule, measured (tests/conformance/test_mxnet_np_npx.py, MEMORY): shape
    # functions return new memory; indexing shares memory only for one contiguous block
    ("x.T", False), ("x.transpose(1, 0, 2)", False), ("x.swapaxes(0, 1)", False),
    ("x.reshape(-1)", False), ("x.flatten()", False), ("x[None].squeeze()", False),
    ("np.expand_dims(x, 0)", False), ("np.split(x, 2)[0]", False), ("x.astype('float32')", False),
    ("x[:, 1]", False), ("x[..., 1:2]", False), ("x[0, ::-1]", False),
    ("x[0]", True), ("x[1:]", True), ("x[0, 1:3]", True), ("x[None, 0]", True),
    ("x.astype('float32', copy=False)", True), ("x.detach()", True), ("x[1, 2, 3]", True),
    ("x[:]", True)])
def test_which_results_share_memory_with_their_source(expr, shares):
    x = np.arange(24.).reshape(2, 3, 4)
    y = eval(expr)
    before = y.asnumpy()
    x[...] = -1
    assert (y.asnumpy() == -1).all() if shares else (y.asnumpy() == before).all()


def test_one_slice_with_reversed_bounds_is_refused():
    x = np.arange(6.)
    assert x[:] is x and x[()] is x
    assert x[7:9].shape == (0,) and x[4:2:2].shape == (0,)
    for bounds in ((4, 2), (-1, 2), (5, -3)):
        with pytest.raises(MXNetError, match="Invalid slicing range"):
            x[bounds[0]:bounds[1]]
    assert np.arange(24.).reshape(2, 3, 4)[1:0, 0].shape == (0, 4)     # a tuple: NumPy's rule


def test_integer_arrays_keep_their_dtype():
    i = np.array([1, -2, 3], dtype="int32")
    for out in (np.abs(i), np.cumsum(i), np.prod(i), np.var(i), np.power(i, 2), npx.relu(i)):
        assert out.dtype == onp.int32
    assert np.mean(i).dtype == onp.float32
    assert np.sum(np.array([True, False])).dtype == onp.float32
    with pytest.raises(MXNetError, match="expected int32, got int64"):
        np.maximum(i, np.array([0, 0, 0], dtype="int64"))


def test_ndarray_methods():
    a = np.arange(6).reshape(2, 3)
    target = np.zeros((2, 3))
    assert a.copyto(target) is target and target.tolist() == a.tolist()
    assert a.as_in_ctx(npx.cpu()) is a
    assert type(a.as_nd_ndarray()).__name__ == "NDArray"
    assert a.flatten().shape == (6,) and np.ones((1, 3, 1)).squeeze().shape == (3,)
    with pytest.raises(MXNetError, match="cannot select an axis to squeeze"):
        a.squeeze(0)
    with pytest.raises(TypeError):
        a + onp.ones((2, 3))


def test_npx_helpers():
    x = np.array([[1., 2., 3.], [3., 1., 0.]])
    onp.testing.assert_allclose(npx.softmax(x).asnumpy().sum(axis=1), [1, 1], rtol=1e-6)
    assert npx.pick(x, np.array([2, 0])).tolist() == [3., 3.]
    assert npx.pick(x, np.array([7, -1])).tolist() == [3., 3.]        # clipped
    assert npx.one_hot(np.array([1, 0]), 3).tolist() == [[0, 1, 0], [1, 0, 0]]
    assert npx.batch_flatten(np.ones((2, 3, 4))).shape == (2, 12)
    with pytest.raises(MXNetError, match="only support floating point"):
        npx.softmax(np.array([1, 2], dtype="int32"))


def test_npx_pick_is_differentiable():
    x = np.array([[1., 2.], [3., 4.]])
    x.attach_grad()
    with autograd.record():
        y = npx.pick(x, np.array([1, 0])).sum()
    y.backward()
    assert x.grad.tolist() == [[0., 1.], [1., 0.]]


def test_save_load_round_trips_and_refuses_other_files(tmp_path):
    a, i = np.arange(4.0), np.array([1, 2], dtype="int32")
    path = str(tmp_path / "params")
    npx.save(path, {"a": a, "i": i})
    loaded = npx.load(path)
    assert sorted(loaded) == ["a", "i"] and loaded["i"].dtype == onp.int32
    npx.save(path, [a, i])
    assert [v.tolist() for v in npx.load(path)] == [a.tolist(), i.tolist()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["params"]    # no suffix added
    with pytest.raises(TypeError):
        npx.save(path, [1, 2])
    pickled = tmp_path / "pickled"
    with open(pickled, "wb") as f:
        onp.savez(f, **{"list:0": onp.array([{"x": 1}], dtype=object)})
    with pytest.raises(MXNetError, match="Invalid NDArray file format"):
        npx.load(str(pickled))
    (tmp_path / "junk").write_bytes(b"junk")
    with pytest.raises(MXNetError, match="Invalid NDArray file format"):
        npx.load(str(tmp_path / "junk"))
    with pytest.raises(MXNetError, match="No such file"):
        npx.load(str(tmp_path / "missing"))


def test_losses():
    logits = np.array([[2, 1, .1], [.5, 2.5, .3]])
    ce = gluon.loss.SoftmaxCrossEntropyLoss()(logits, np.array([0, 1]))
    host = logits.asnumpy().astype(onp.float64)
    want = [math.log(onp.exp(r).sum()) - r[k] for r, k in zip(host, (0, 1))]
    onp.testing.assert_allclose(ce.asnumpy(), want, rtol=1e-5)
    assert gluon.loss.L2Loss()(np.ones((3, 2)), np.zeros((3, 2))).tolist() == [0.5] * 3
    assert gluon.loss.L1Loss()(np.array([[1., -3.]]), np.zeros((1, 2))).tolist() == [2.]
    assert repr(gluon.loss.L2Loss()) == "L2Loss(batch_axis=0, w=1.0)"


def test_softmax_ce_loss_fused_path_gives_the_composites_bits():
    """The sparse-label 2-D case runs as one fused node; values and gradients must be the bits of
    the composite it replaces (log_softmax, pick, negate, the per-example mean), labels out of
    range clipped as pick clips them. (Against real MXNet: tests/conformance/test_mxnet_np_npx.)"""
    rng = onp.random.default_rng(3)
    for labels in ([0, 2, 1, 2], [5, -1, 1, 0], onp.array([[2.], [0.], [1.], [1.]])):
        got, want = np.array(rng.standard_normal((4, 3))), None
        ref = np.array(got.asnumpy())
        label = np.array(onp.asarray(labels, dtype=onp.float32))
        for x in (got, ref):
            x.attach_grad()
        with autograd.record():
            fused = gluon.loss.SoftmaxCrossEntropyLoss()(got, label)
            want = -npx.pick(npx.log_softmax(ref), label, keepdims=True)
            want = want.mean(axis=1)
            weighted = [fused * np.arange(1., 5.), want * np.arange(1., 5.)]
        assert fused.node.prim.name == "label_xent" and fused.shape == want.shape == (4,)
        onp.testing.assert_array_equal(fused.asnumpy(), want.asnumpy())
        for w in weighted:
            w.backward()
        onp.testing.assert_array_equal(got.grad.asnumpy(), ref.grad.asnumpy())


def _dense():
    net = gluon.nn.Dense(1, in_units=2, prefix="t_")
    net.initialize()
    net.weight.set_data(np.array([[1., 2.]]))
    return net


def _backward(net):
    with autograd.record():
        loss = net(np.array([[1., 1.], [2., 0.]])).sum()
    loss.backward()


def test_trainer_step_divides_by_batch_size_and_refuses_stale_gradients():
    net = _dense()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    _backward(net)
    trainer.step(2)
    assert net.bias.data().tolist() == pytest.approx([-0.1])
    net.bias.grad()                      # reading a gradient does not make it fresh
    with pytest.raises(UserWarning, match="Parameter `t_bias` .* has not been updated"):
        trainer.step(2)
    trainer.step(2, ignore_stale_grad=True)
    assert net.bias.data().tolist() == pytest.approx([-0.1])
    trainer.set_learning_rate(0.5)
    assert trainer.learning_rate == 0.5


def test_trainer_rejects_unknown_options():
    net = _dense()
    with pytest.raises(ValueError, match="Cannot find optimizer"):
        gluon.Trainer(net.collect_params(), "nope")
    with pytest.raises(TypeError, match="unexpected keyword argument 'lr'"):
        gluon.Trainer(net.collect_params(), "sgd", {"lr": 0.1})


def test_dataloader_batches_shuffles_with_the_dialect_seed_and_rolls_over():
    ds = gluon.data.ArrayDataset(np.arange(10).reshape(5, 2), np.arange(5))
    keep = list(gluon.data.DataLoader(ds, 2))
    assert [x.shape for x, _ in keep] == [(2, 2), (2, 2), (1, 2)]
    roll = gluon.data.DataLoader(ds, 2, last_batch="rollover")
    assert len(list(roll)) == 2 and len(roll) == 3
    assert list(roll)[0][1].tolist() == [4., 0.]

    def epoch():
        npx.random.seed(3)
        return [y.tolist() for _, y in gluon.data.DataLoader(ds, 5, shuffle=True)]
    first = epoch()
    assert first == epoch() and sorted(first[0]) == [0., 1., 2., 3., 4.]


def test_package_exports():
    assert mx.gluon.Trainer is gluon.Trainer and mx.np.linalg.norm is np.linalg.norm
