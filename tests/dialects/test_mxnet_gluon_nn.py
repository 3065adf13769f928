"""gluon.nn, gluon.Parameter and mxnet.init in the MXNet dialect without the real framework:
block structure and names, deferred shapes, initializer statistics and seeding, training-mode
layers, and the safe parameter file format."""
import pickle

import numpy as onp
import pytest

from xint.mxnet import autograd, gluon, init, np, npx
from xint.mxnet.base import MXNetError
from xint.mxnet.gluon import nn


def _mlp(prefix="net_"):
    net = nn.Sequential(prefix=prefix)
    with net.name_scope():
        net.add(nn.Dense(8, activation="relu"), nn.Dense(2))
    return net


def test_structure_and_names():
    net = _mlp()
    assert len(net) == 2 and isinstance(net[1], nn.Dense)
    assert [type(b).__name__ for b in net[:1]._children.values()] == ["Dense"]
    assert list(net.collect_params()) == ["net_dense0_weight", "net_dense0_bias",
                                          "net_dense1_weight", "net_dense1_bias"]
    assert list(net.collect_params(".*bias")) == ["net_dense0_bias", "net_dense1_bias"]
    assert net[0].prefix == "net_dense0_" and net[0].name == "net_dense0"
    assert len(net.params) == 0          # a container owns no parameters itself


def test_global_counter_outside_name_scope():
    first, second = nn.Dense(1), nn.Dense(1)
    a, b = int(first.name[len("dense"):]), int(second.name[len("dense"):])
    assert b == a + 1 and second.weight.name == f"dense{b}_weight"


def test_children_registered_by_attribute():
    class Net(nn.Block):
        def __init__(self):
            super().__init__(prefix="blk_")
            self.hidden = nn.Dense(3, in_units=2)
            self.scale = self.params.get("scale", shape=(1,))
            self.plain = 5

        def forward(self, x):
            return self.hidden(x) * self.scale.data()

    net = Net()
    assert list(net._children) == ["hidden"]
    assert "blk_scale" in net.collect_params() and len(net.collect_params()) == 3
    net.initialize(init.One())
    assert net(np.ones((4, 2))).shape == (4, 3)
    assert repr(net).startswith("Net(\n  (hidden): Dense(2 -> 3, linear)")


def test_deferred_shapes_fill_on_first_forward():
    net = _mlp("d_")
    assert net[0].weight.shape == (8, -1)
    net.initialize()
    with pytest.raises(gluon.DeferredInitializationError) as err:
        net[0].weight.data()
    assert isinstance(err.value, MXNetError)
    assert "initialization was deferred" in str(err.value)
    out = net(np.ones((5, 3, 2)))          # Dense flattens to (5, 6)
    assert out.shape == (5, 2)
    assert net[0].weight.shape == (8, 6) and net[1].weight.shape == (2, 8)
    assert repr(net[0]) == "Dense(6 -> 8, Activation(relu))"


def test_conv_and_pool_shapes():
    net = nn.Sequential(prefix="cnn_")
    with net.name_scope():
        net.add(nn.Conv2D(4, kernel_size=3, padding=1, activation="relu"), nn.MaxPool2D(),
                nn.Conv2D(6, kernel_size=2, strides=2), nn.AvgPool2D(pool_size=1),
                nn.BatchNorm(), nn.Flatten(), nn.Dense(3))
    net.initialize()
    out = net(np.ones((2, 1, 8, 8)))
    assert out.shape == (2, 3)
    assert net[0].weight.shape == (4, 1, 3, 3) and net[2].weight.shape == (6, 4, 2, 2)
    assert net[4].gamma.shape == (6,) and net[6].weight.shape == (3, 24)


def test_default_init_uniform_weight_zero_bias():
    d = nn.Dense(200, in_units=300, prefix="u_")
    d.initialize()
    w = d.weight.data().asnumpy()
    assert onp.abs(w).max() <= 0.07 and abs(w.std() - 0.07 / onp.sqrt(3)) < 2e-3
    assert (d.bias.data().asnumpy() == 0).all()


def test_initializer_statistics_and_seed():
    d = nn.Dense(200, in_units=300, prefix="n_")
    npx.random.seed(7)
    d.initialize(init.Normal(sigma=0.02))
    w = d.weight.data().asnumpy()
    assert abs(w.std() - 0.02) < 1e-3 and abs(w.mean()) < 1e-3
    npx.random.seed(7)
    d.initialize(init.Normal(sigma=0.02), force_reinit=True)
    assert (d.weight.data().asnumpy() == w).all()
    d.initialize(init.Xavier(), force_reinit=True)
    bound = onp.sqrt(6.0 / (300 + 200))
    assert onp.abs(d.weight.data().asnumpy()).max() <= bound
    d.initialize(init.Constant(3.0), force_reinit=True)
    assert (d.weight.data().asnumpy() == 3).all() and (d.bias.data().asnumpy() == 0).all()


def test_custom_initializer_sees_names_and_fills_in_place():
    seen = []

    class MyInit(init.Initializer):
        def _init_weight(self, name, data):
            seen.append((str(name), data.shape))
            data[:] = 1.5

    net = _mlp("c_")
    net.initialize(MyInit())
    net(np.ones((1, 4)))
    assert seen == [("c_dense0_weight", (8, 4)), ("c_dense1_weight", (2, 8))]
    assert (net[1].weight.data().asnumpy() == 1.5).all()


def test_parameter_api():
    p = gluon.Parameter("w", shape=(2, 3))
    with pytest.raises(RuntimeError, match="has not been initialized"):
        p.data()
    p.initialize(init.Zero())
    with pytest.warns(UserWarning, match="already initialized"):
        p.initialize()
    p.set_data(np.ones((2, 3)))
    with autograd.record():
        y = (p.data() * 3).sum()
    y.backward()
    assert (p.grad().asnumpy() == 3).all() and p.grad_req == "write"
    with pytest.raises(AssertionError, match="incompatible"):
        p.set_data(np.ones((3, 2)))
    p.grad_req = "null"
    with pytest.raises(RuntimeError, match="grad_req='null'"):
        p.grad()


def test_set_data_before_first_forward_is_used():
    d = nn.Dense(2, prefix="s_")
    d.initialize()
    d.weight.set_data(np.ones((2, 3)))
    assert (d(np.ones((1, 3))).asnumpy() == 3).all()


def test_dropout_only_in_training_mode():
    drop = nn.Dropout(0.5)
    x = np.ones(2000)
    assert (drop(x).asnumpy() == 1).all()
    with autograd.record():
        y = drop(x).asnumpy()
    assert set(onp.unique(y)) == {0.0, 2.0} and 0.4 < (y == 0).mean() < 0.6
    with autograd.predict_mode():
        assert (drop(x).asnumpy() == 1).all()


def test_batchnorm_running_stats_move_on_backward():
    bn = nn.BatchNorm(prefix="bn_")
    bn.initialize()
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    with autograd.record():
        y = bn(x)
    assert (bn.running_mean.data().asnumpy() == 0).all()        # not before backward
    y.backward()
    batch_mean = x.asnumpy().mean(axis=(0, 2, 3))
    onp.testing.assert_allclose(bn.running_mean.data().asnumpy(), 0.1 * batch_mean, rtol=1e-5)
    batch_var = x.asnumpy().var(axis=(0, 2, 3))
    onp.testing.assert_allclose(bn.running_var.data().asnumpy(), 0.9 + 0.1 * batch_var,
                                rtol=1e-5)
    onp.testing.assert_allclose(y.asnumpy().mean(axis=(0, 2, 3)), 0, atol=1e-5)


def test_hybrid_forward_style_and_lambda():
    class Scale(nn.HybridBlock):
        def __init__(self):
            super().__init__(prefix="hs_")
            self.k = self.params.get("k", shape=(1,), init=init.Constant(2.0))

        def hybrid_forward(self, F, x, k):
            return F.np.multiply(x, k)

    net = nn.HybridSequential(prefix="h_")
    net.add(Scale(), nn.Lambda(lambda x: x + 1), nn.Activation("softrelu"))
    net.initialize()
    net.hybridize()
    out = net(np.array([-50.0, 0.0, 50.0])).asnumpy()
    onp.testing.assert_allclose(out, onp.logaddexp(0, [-99.0, 1.0, 101.0]), rtol=1e-6, atol=1e-30)


def test_save_load_round_trip(tmp_path):
    net = _mlp("sv_")
    net.initialize()
    x = np.ones((2, 5))
    before = net(x).asnumpy()
    path = tmp_path / "mlp.params"
    net.save_parameters(str(path))
    assert path.exists()                      # the exact name, no '.npz' added
    clone = _mlp("other_")                    # names differ; the structure matches
    clone.load_parameters(str(path))
    assert (clone(x).asnumpy() == before).all()
    assert clone[0].weight.shape == (8, 5)


def test_load_refuses_pickle_and_corrupt_files(tmp_path):
    net = _mlp("p_")
    evil = tmp_path / "evil.params"
    evil.write_bytes(pickle.dumps({"0.weight": onp.ones((8, 5))}))
    with pytest.raises(ValueError, match="Invalid NDArray file format"):
        net.load_parameters(str(evil))
    junk = tmp_path / "junk.params"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match="Invalid NDArray file format"):
        net.load_parameters(str(junk))


def test_load_reports_missing_parameters(tmp_path):
    small = nn.Sequential(prefix="sm_")
    small.add(nn.Dense(2, in_units=3))
    small.initialize()
    path = tmp_path / "small.params"
    small.save_parameters(str(path))
    with pytest.raises(AssertionError, match="is missing in file"):
        _mlp("m2_").load_parameters(str(path))
