"""torch.nn modules of the xint torch dialect without real torch: registration and traversal,
train/eval behaviour (Dropout, BatchNorm's running statistics against NumPy), default
initialisation (statistical, fixed seed), lazy shapes, state_dict round trips, and layer values
and gradients against NumPy references and finite differences."""
import copy
import math
import pickle

import numpy
import pytest

from xint.torch import torch

nn = torch.nn


def values(t):
    return numpy.asarray(t.detach().numpy(), dtype=numpy.float64)


def small_net():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


# ----- structure -----
def test_registration_order_names_and_traversal():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 3)
            self.scale = nn.Parameter(torch.ones(3))
            self.register_buffer("count", torch.zeros(1))
            self.register_buffer("scratch", torch.zeros(1), persistent=False)
            self.act = nn.ReLU()

        def forward(self, x):
            return self.act(self.lin(x)) * self.scale

    b = Block()
    # a module's own parameters come before its children's, as in torch
    assert [n for n, _ in b.named_parameters()] == ["scale", "lin.weight", "lin.bias"]
    assert list(b.state_dict()) == ["scale", "count", "lin.weight", "lin.bias"]
    assert [n for n, _ in b.named_buffers()] == ["count", "scratch"]
    assert [n for n, _ in b.named_children()] == ["lin", "act"]
    assert [n for n, _ in b.named_modules()] == ["", "lin", "act"]
    assert b.lin.weight is b.lin._parameters["weight"] and b._modules["act"] is b.act
    assert b(torch.ones(5, 2)).shape == (5, 3)
    # replacing a parameter keeps its place; a plain attribute stays out of the registries
    b.scale = nn.Parameter(torch.full((3,), 2.0))
    b.note = "x"
    assert next(b.named_parameters())[0] == "scale" and "note" not in b.state_dict()
    del b.count
    assert "count" not in b.state_dict() and not hasattr(b, "count")


def test_sequential_indexing_and_editing():
    net = small_net()
    assert len(net) == 3 and isinstance(net[-1], nn.Linear) and net[0] is next(iter(net))
    assert isinstance(net[1:], nn.Sequential) and len(net[::2]) == 2
    assert [n for n, _ in net[::2].named_children()] == ["0", "2"]
    with pytest.raises(IndexError, match="index 3 is out of range"):
        net[3]
    net.append(nn.Sigmoid())
    del net[1]
    assert [type(m).__name__ for m in net] == ["Linear", "Linear", "Sigmoid"]
    assert [n for n, _ in net.named_children()] == ["0", "1", "2"]
    net.insert(1, nn.Tanh())
    assert isinstance(net.pop(1), nn.Tanh) and len(net) == 3


def test_shared_parameters_are_listed_once():
    shared = nn.Linear(3, 3)
    net = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(net.parameters())) == 2
    assert list(net.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    net(torch.ones(1, 3)).sum().backward()
    assert shared.weight.grad is not None


def test_train_eval_propagate_and_zero_grad():
    net = nn.Sequential(small_net(), nn.Dropout(0.5))
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    net(torch.ones(2, 4)).sum().backward()
    w = net[0][0].weight
    assert w.grad is not None
    net.zero_grad(set_to_none=False)
    assert float(w.grad.abs().sum()) == 0.0
    net.zero_grad()
    assert w.grad is None
    assert net.requires_grad_(False) is net and not w.requires_grad


def test_to_dtype_converts_in_place():
    net = small_net()
    w = net[0].weight
    assert net.to(torch.float64) is net and net[0].weight is w and w.dtype == torch.float64
    assert net(torch.ones(1, 4, dtype=torch.float64)).dtype == torch.float64
    assert net.float()[2].bias.dtype == torch.float32


def test_parameter_shares_data_and_ops_give_plain_tensors():
    t = torch.ones(3)
    p = nn.Parameter(t)
    assert p.is_leaf and p.requires_grad and type(p) is nn.Parameter
    with torch.no_grad():
        p[0] = 7.0
    assert values(t)[0] == 7.0
    for r in (p * 2, p + p, p[0], p.clone(), p.detach(), p.data):
        assert type(r) is torch.Tensor
    c = copy.deepcopy(p)
    assert type(c) is nn.Parameter and c.requires_grad and c is not p
    q = pickle.loads(pickle.dumps(p))
    assert type(q) is nn.Parameter and numpy.array_equal(values(q), values(p))


def test_modules_deep_copy():
    net = small_net()
    clone = copy.deepcopy(net)
    x = torch.ones(2, 4)
    assert numpy.array_equal(values(clone(x)), values(net(x)))
    assert clone[0].weight is not net[0].weight


# ----- training-mode behaviour -----
def test_dropout_is_active_in_train_mode_only():
    torch.manual_seed(0)
    d = nn.Dropout(0.5)
    y = values(d(torch.ones(10000)))
    assert set(numpy.unique(y)) == {0.0, 2.0}
    assert abs((y == 0).mean() - 0.5) < 0.03
    x = torch.ones(10)
    assert d.eval()(x) is x


def batch_norm_reference(x, axes, running_mean, running_var, momentum=0.1, eps=1e-5):
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    count = x.size / mean.size
    shape = [1] * x.ndim
    shape[1] = -1
    y = (x - mean.reshape(shape)) / numpy.sqrt(var.reshape(shape) + eps)
    running_mean = (1 - momentum) * running_mean + momentum * mean
    running_var = (1 - momentum) * running_var + momentum * var * count / (count - 1)
    return y, running_mean, running_var


@pytest.mark.parametrize("layer, shape, axes", [(nn.BatchNorm2d, (4, 3, 5, 2), (0, 2, 3)),
                                                (nn.BatchNorm1d, (6, 3), (0,)),
                                                (nn.BatchNorm1d, (4, 3, 5), (0, 2))])
def test_batch_norm_train_and_eval(layer, shape, axes):
    rng = numpy.random.default_rng(0)
    bn = layer(3)
    rm, rv = numpy.zeros(3), numpy.ones(3)
    for step in range(2):
        x = rng.normal(2.0, 3.0, size=shape)
        y = bn(torch.tensor(x))
        ref, rm, rv = batch_norm_reference(x, axes, rm, rv)
        numpy.testing.assert_allclose(values(y), ref, rtol=1e-4, atol=1e-5)
        numpy.testing.assert_allclose(values(bn.running_mean), rm, rtol=1e-5)
        numpy.testing.assert_allclose(values(bn.running_var), rv, rtol=1e-5)
        assert int(bn.num_batches_tracked) == step + 1
    bn.eval()
    x = rng.normal(size=shape)
    shape_c = [1] * len(shape)
    shape_c[1] = -1
    expect = (x - rm.reshape(shape_c)) / numpy.sqrt(rv.reshape(shape_c) + 1e-5)
    numpy.testing.assert_allclose(values(bn(torch.tensor(x))), expect, rtol=1e-4, atol=1e-5)
    assert int(bn.num_batches_tracked) == 2


def test_batch_norm_cumulative_average_with_momentum_none():
    bn = nn.BatchNorm1d(2, momentum=None)
    batches = [numpy.array([[1.0, 2.0], [3.0, 6.0]]), numpy.array([[5.0, 0.0], [7.0, 2.0]])]
    for b in batches:
        bn(torch.tensor(b))
    means = numpy.mean([b.mean(axis=0) for b in batches], axis=0)
    numpy.testing.assert_allclose(values(bn.running_mean), means, rtol=1e-6)


# ----- default initialisation -----
@pytest.mark.parametrize("make, fan_in", [(lambda: nn.Linear(200, 300), 200),
                                          (lambda: nn.Conv2d(8, 64, 3), 72),
                                          (lambda: nn.Conv2d(8, 64, (3, 5), groups=4), 30)])
def test_default_init_is_uniform_with_bound_one_over_sqrt_fan_in(make, fan_in):
    torch.manual_seed(0)
    layer = make()
    bound = 1 / math.sqrt(fan_in)
    w, b = values(layer.weight), values(layer.bias)
    assert w.min() >= -bound and w.max() <= bound and b.min() >= -bound and b.max() <= bound
    assert abs(w.mean()) < 0.05 * bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.05 * bound
    assert layer.weight.dtype == torch.float32 and layer.weight._version >= 1
    torch.manual_seed(0)
    assert numpy.array_equal(values(make().weight), w)      # the seed makes it repeatable
    assert not numpy.array_equal(values(make().weight), w)


def test_batch_norm_init():
    bn = nn.BatchNorm2d(4)
    assert values(bn.weight).tolist() == [1.0] * 4 and values(bn.bias).tolist() == [0.0] * 4
    assert values(bn.running_mean).tolist() == [0.0] * 4
    assert values(bn.running_var).tolist() == [1.0] * 4
    assert bn.num_batches_tracked.dtype == torch.int64 and int(bn.num_batches_tracked) == 0


def test_zero_in_features_warns_and_zeroes_the_bias():
    with pytest.warns(UserWarning, match="zero-element"):
        layer = nn.Linear(0, 3)
    assert values(layer.bias).tolist() == [0.0] * 3


# ----- lazy layers -----
def test_lazy_linear_infers_in_features_and_keeps_its_parameters():
    torch.manual_seed(0)
    net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(2))
    params = list(net.parameters())
    assert all(isinstance(p, nn.UninitializedParameter) for p in params)
    with pytest.raises(RuntimeError, match="uninitialized parameter"):
        _ = net[0].weight.shape
    assert net(torch.ones(5, 6)).shape == (5, 2)
    assert [tuple(p.shape) for p in params] == [(8, 6), (8,), (2, 8), (2,)]
    assert all(type(p) is nn.Parameter for p in params)
    assert all(a is b for a, b in zip(net.parameters(), params))
    assert type(net[0]) is nn.Linear and net[0].in_features == 6
    bound = 1 / math.sqrt(6)
    assert numpy.abs(values(net[0].weight)).max() <= bound
    assert numpy.abs(values(net[0].weight)).max() > 0


def test_lazy_linear_loads_a_state_dict():
    source = nn.Linear(3, 2)
    lazy = nn.LazyLinear(2)
    lazy.load_state_dict(source.state_dict())
    x = torch.ones(4, 3)
    assert numpy.array_equal(values(lazy(x)), values(source(x)))
    assert type(lazy) is nn.Linear and lazy.in_features == 3


# ----- state_dict -----
def test_state_dict_round_trip():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
    net(torch.randn(16, 4))                  # moves the running statistics
    clone = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
    weight = clone[0].weight
    result = clone.load_state_dict(net.state_dict())
    assert repr(result) == "<All keys matched successfully>"
    assert clone[0].weight is weight                 # loaded in place
    net.eval(), clone.eval()
    x = torch.randn(3, 4)
    assert numpy.array_equal(values(clone(x)), values(net(x)))
    assert int(clone[1].num_batches_tracked) == 1
    sd = net.state_dict()
    assert all(not t.requires_grad for t in sd.values())
    with torch.no_grad():
        sd["0.bias"][0] = 42.0                        # state_dict tensors share storage
    assert values(net[0].bias)[0] == 42.0


def test_load_state_dict_reports_problems():
    net = small_net()
    sd = net.state_dict()
    del sd["0.bias"]
    sd["extra"] = torch.zeros(1)
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(sd)
    assert str(info.value) == ('Error(s) in loading state_dict for Sequential:\n\tMissing key(s) '
                               'in state_dict: "0.bias". \n\tUnexpected key(s) in state_dict: '
                               '"extra". ')
    result = net.load_state_dict(sd, strict=False)
    assert result.missing_keys == ["0.bias"] and result.unexpected_keys == ["extra"]


# ----- layer values and gradients -----
def test_linear_matches_numpy_and_its_gradients():
    lin = nn.Linear(3, 2)
    x = numpy.random.default_rng(0).normal(size=(2, 4, 3))
    w, b = values(lin.weight), values(lin.bias)
    numpy.testing.assert_allclose(values(lin(torch.tensor(x, dtype=torch.float32))),
                                  x @ w.T + b, rtol=1e-5, atol=1e-6)
    lin.double()
    xt = torch.tensor(x, requires_grad=True)
    y = lin(xt)
    assert y.grad_fn.name() == "ViewBackward0"
    (y * torch.tensor([1.0, -2.0], dtype=torch.float64)).sum().backward()
    u = numpy.array([1.0, -2.0])
    numpy.testing.assert_allclose(values(xt.grad), numpy.broadcast_to(u @ w, x.shape),
                                  rtol=1e-6)
    numpy.testing.assert_allclose(values(lin.bias.grad), 8 * u)
    numpy.testing.assert_allclose(values(lin.weight.grad),
                                  numpy.outer(u, x.reshape(-1, 3).sum(axis=0)), rtol=1e-12)


def adaptive_reference(x, out_h, out_w):
    """torch's window rule, one output cell at a time."""
    h, w = x.shape[-2:]
    out = numpy.empty(x.shape[:-2] + (out_h, out_w))
    for i in range(out_h):
        r0, r1 = (i * h) // out_h, -((-(i + 1) * h) // out_h)
        for j in range(out_w):
            c0, c1 = (j * w) // out_w, -((-(j + 1) * w) // out_w)
            out[..., i, j] = x[..., r0:r1, c0:c1].mean(axis=(-2, -1))
    return out


@pytest.mark.parametrize("shape, size", [((2, 3, 5, 7), (3, 2)), ((2, 3, 6, 4), (3, 2)),
                                         ((3, 7, 9), (4, 4)), ((1, 2, 5, 7), (1, 1)),
                                         ((1, 2, 5, 7), (None, 3)), ((1, 1, 3, 3), (5, 4))])
def test_adaptive_avg_pool_matches_the_window_rule(shape, size):
    x = numpy.random.default_rng(0).normal(size=shape)
    oh, ow = (shape[-2] if size[0] is None else size[0]), size[1]
    got = values(nn.AdaptiveAvgPool2d(size)(torch.tensor(x)))
    numpy.testing.assert_allclose(got, adaptive_reference(x, oh, ow), rtol=1e-12)


@pytest.mark.parametrize("size", [(3, 2), (2, 2), (1, 1)])
def test_adaptive_avg_pool_gradients(size):
    x = numpy.random.default_rng(1).normal(size=(2, 2, 5, 4))
    xt = torch.tensor(x, requires_grad=True)
    u = numpy.random.default_rng(2).normal(size=(2, 2) + size)
    (nn.AdaptiveAvgPool2d(size)(xt) * torch.tensor(u)).sum().backward()
    eps = 1e-6
    v = numpy.random.default_rng(3).normal(size=x.shape)
    plus = adaptive_reference(x + eps * v, *size)
    minus = adaptive_reference(x - eps * v, *size)
    numeric = float(numpy.sum(u * (plus - minus) / (2 * eps)))
    assert math.isclose(float(numpy.sum(values(xt.grad) * v)), numeric, rel_tol=1e-6)


def test_losses_match_numpy():
    logits = numpy.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    labels = numpy.array([0, 1])
    logp = logits - numpy.log(numpy.exp(logits).sum(axis=1, keepdims=True))
    ce = nn.CrossEntropyLoss()(torch.tensor(logits), torch.tensor(labels))
    assert math.isclose(float(ce), -logp[[0, 1], labels].mean(), rel_tol=1e-12)
    mse = nn.MSELoss(reduction="sum")(torch.tensor(logits), torch.zeros(2, 3,
                                                                        dtype=torch.float64))
    assert math.isclose(float(mse), float((logits ** 2).sum()), rel_tol=1e-12)


def test_mlp_trains():
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = (x.sum(1) > 0).long()
    net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
    loss_fn = nn.CrossEntropyLoss()
    first = loss_fn(net(x), y).item()
    for _ in range(100):
        net.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        with torch.no_grad():
            for p in net.parameters():
                p -= 0.5 * p.grad
    assert loss_fn(net(x), y).item() < 0.5 * first
