"""torch.nn.init, torch.optim, torch.utils.data and torch.save/load against real torch, cell by
cell; and a training-parity run: D2L's linear regression trained in xint and in real torch from
the same initial weights gives the same per-epoch losses."""
import numpy
import pytest

import xint.torch.nn.init  # noqa: F401 - makes torch.nn.init reachable however nn is wired
import xint.torch.optim  # noqa: F401
import xint.torch.utils.data  # noqa: F401
from xint.testing import check_conformance, require_framework

APPROX = {"approx": True}
WARNS = {"warns": True}

INIT = [
    ("init = torch.nn.init\nw = torch.zeros(3, 4, requires_grad=True)\n"
     "r = init.uniform_(w, -2, 2)\n"
     "r is w, w._version, w.requires_grad, w.grad_fn, w.shape, w.dtype, "
     "bool((w >= -2).all()), bool((w < 2).all())", {}),
    ("init.normal_(w, mean=1.0, std=0.01) is w, w._version, bool(((w - 1).abs() < 0.1).all())", {}),
    ("init.constant_(w, 0.5), init.zeros_(torch.ones(2)), init.ones_(torch.zeros(2, 2))", {}),
    ("init.constant_(torch.zeros(2, 3, dtype=torch.int64), 1.7), "
     "init.ones_(torch.zeros(2, dtype=torch.bool)), init.constant_(torch.zeros(2), True)", {}),
    ("x = torch.ones(2, 3)\ninit.constant_(x[0], 5.0)\nx", {}),
    ("y = torch.ones(2, 2) * w[0, 0]\ninit.zeros_(y)\ny", {}),
    ("[init.calculate_gain(n) for n in ('linear', 'conv2d', 'sigmoid', 'tanh', 'relu', "
     "'leaky_relu', 'selu')], init.calculate_gain('leaky_relu', 0.2), "
     "init.calculate_gain('leaky_relu', 1)", {}),
    ("init.calculate_gain('softmax')", {}),
    ("init.calculate_gain('leaky_relu', True)", {}),
    ("init._calculate_fan_in_and_fan_out(torch.zeros(6, 3, 5, 5)), "
     "init._calculate_fan_in_and_fan_out(torch.zeros(8, 4))", {}),
    ("init.xavier_uniform_(torch.zeros(3))", {}),
    ("init.kaiming_uniform_(torch.zeros(3, 2), mode='fan_avg')", {}),
    ("init.uniform_(torch.zeros(2, 3, dtype=torch.int64))", {}),
    ("init.normal_(torch.zeros(2, dtype=torch.int32))", {}),
    ("init.xavier_normal_(torch.zeros(2, 2, dtype=torch.int64))", {}),
    ("init.kaiming_uniform_(torch.zeros(0, 3))", WARNS),
    ("init.kaiming_normal_(torch.zeros(3, 0), mode='fan_out')", WARNS),
    # bounds that follow from the fans, checked on whole tensors
    ("W = torch.zeros(200, 300)\nb = (6 / 500) ** 0.5\ninit.xavier_uniform_(W)\n"
     "bool((W.abs() <= b).all()), W.dtype, W.shape", {}),
    ("K = torch.zeros(16, 8, 3, 3, dtype=torch.float64)\nb = (6 / 72) ** 0.5\n"
     "init.kaiming_uniform_(K, nonlinearity='relu')\nbool((K.abs() <= b).all()), K.dtype", {}),
    ("b = (6 / 144) ** 0.5\ninit.kaiming_uniform_(K, mode='fan_out', nonlinearity='relu')\n"
     "bool((K.abs() <= b).all()), K._version", {}),
]

OPTIM = [
    ("p = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\nopt = torch.optim.SGD([p], lr=0.5)\n"
     "opt", {}),
    ("p.grad = torch.tensor([0.5, 0.25, -1.0])\nopt.step()\np, p._version, p.grad", {}),
    ("opt.zero_grad()\np.grad, opt.step(), p", {}),
    ("(p * p).sum().backward()\nopt.zero_grad(set_to_none=False)\np.grad", {}),
    ("opt.state_dict()", {}),
    ("opt.param_groups[0]['lr'] = 0.25\n(p ** 3).sum().backward()\nopt.step()\np", APPROX),
    ("opt.step(closure=lambda: 7.5)", {}),
    # momentum, dampening, weight decay, nesterov, maximize over several steps
    ("grads = [[0.5, -1.0, 2.0], [0.25, 0.0, -1.5], [1.0, 1.0, 1.0], [-0.5, 2.0, 0.125]]\n"
     "def run(opt, p):\n"
     "    for g in grads:\n"
     "        p.grad = torch.tensor(g, dtype=p.dtype)\n"
     "        opt.step()\n"
     "    return p\n"
     "q = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\n"
     "run(torch.optim.SGD([q], lr=0.1, momentum=0.9), q)", APPROX),
    ("q = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\n"
     "run(torch.optim.SGD([q], lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.01), q)",
     APPROX),
    ("q = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64, requires_grad=True)\n"
     "o = torch.optim.SGD([q], lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.1, "
     "maximize=True)\nrun(o, q)", APPROX),
    ("sorted(o.state_dict()['state'][0]), o.state_dict()['param_groups']", {}),
    ("o.state[q]['momentum_buffer']", APPROX),
    ("q = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\n"
     "run(torch.optim.SGD([q], lr=0.1, weight_decay=0.5), q)", APPROX),
    # Adam
    ("a = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\n"
     "adam = torch.optim.Adam([a], lr=0.1)\n"
     "adam", {}),
    ("run(adam, a)", APPROX),
    ("sd = adam.state_dict()\nlist(sd['state'][0]), sd['state'][0]['step'], sd['param_groups']",
     {}),
    ("sd['state'][0]['exp_avg'], sd['state'][0]['exp_avg_sq']", APPROX),
    ("a = torch.tensor([[1.0, -2.0, 3.0]], dtype=torch.float64, requires_grad=True)\n"
     "grads = [[g] for g in grads]\n"
     "run(torch.optim.Adam([a], lr=0.05, betas=(0.5, 0.9), weight_decay=0.1, amsgrad=True), a)",
     APPROX),
    ("a = torch.tensor([[1.0, -2.0, 3.0]], requires_grad=True)\n"
     "run(torch.optim.Adam([a], lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, "
     "maximize=True), a), a._version", APPROX),
    ("a = torch.tensor([[1.0, -2.0, 3.0]], requires_grad=True)\n"
     "run(torch.optim.Adam([a], betas=(0.2, 0.5), eps=0.1), a)", APPROX),
    # restore a checkpointed optimizer and continue: same result as never stopping
    ("u = torch.tensor([1.0, 2.0], requires_grad=True)\n"
     "o1 = torch.optim.Adam([u], lr=0.1)\nu.grad = torch.tensor([1.0, -1.0])\no1.step()\n"
     "v = u.detach().clone().requires_grad_(True)\no2 = torch.optim.Adam([v], lr=0.5)\n"
     "o2.load_state_dict(o1.state_dict())\nu.grad = v.grad = torch.tensor([0.5, 0.5])\n"
     "o1.step()\no2.step()\nu, v, o2.param_groups[0]['lr']", APPROX),
    ("o2.state_dict()['state'][0]['step'], len(o2.state)", {}),
    ("o2.load_state_dict({'state': {}, 'param_groups': []})", {}),
    ("o2.load_state_dict({'state': {}, 'param_groups': [{'params': [0, 1]}]})", {}),
    # groups
    ("p1 = torch.ones(2, requires_grad=True)\np2 = torch.ones(1, requires_grad=True)\n"
     "og = torch.optim.SGD([{'params': [p1]}, {'params': p2, 'lr': 1.0}], lr=0.1, momentum=0.5)\n"
     "p1.grad, p2.grad = torch.ones(2), torch.ones(1)\nog.step()\np1, p2, og", {}),
    ("p3 = torch.zeros(3, requires_grad=True)\nog.add_param_group({'params': [p3], 'lr': 0.01})\n"
     "len(og.param_groups), og.param_groups[2]['momentum'], og.state_dict()['param_groups'][2]",
     {}),
    ("og.add_param_group({'params': [p1]})", {}),
    ("og.add_param_group([p1])", {}),
    ("og.add_param_group({'params': {p1}})", {}),
    ("isinstance(og, torch.optim.Optimizer), isinstance(adam, torch.optim.Optimizer)", {}),
    # argument errors
    ("torch.optim.SGD([], lr=0.1)", {}),
    ("torch.optim.SGD(torch.ones(2, requires_grad=True), lr=0.1)", {}),
    ("torch.optim.SGD([torch.ones(2, dtype=torch.float64)], lr=0.1)", {}),
    ("torch.optim.SGD([1.0], lr=0.1)", {}),
    ("torch.optim.SGD([p * 2], lr=0.1)", {}),
    ("torch.optim.SGD([p], lr=-0.1)", {}),
    ("torch.optim.SGD([p], lr=0.1, momentum=-1)", {}),
    ("torch.optim.SGD([p], lr=0.1, weight_decay=-1)", {}),
    ("torch.optim.SGD([p], lr=0.1, nesterov=True)", {}),
    ("torch.optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)", {}),
    ("torch.optim.SGD([p, p], lr=0.1).param_groups[0]['lr']", WARNS),
    ("torch.optim.Adam([p], lr=-1.0)", {}),
    ("torch.optim.Adam([p], eps=-1.0)", {}),
    ("torch.optim.Adam([p], betas=(1.0, 0.999))", {}),
    ("torch.optim.Adam([p], betas=(0.9, -0.1))", {}),
    ("torch.optim.Adam([p], betas=(0, 0.9))", {}),
    ("torch.optim.Adam([p], weight_decay=-0.5)", {}),
    ("torch.optim.SGD([p]).defaults['lr'], torch.optim.Adam([p]).defaults", {}),
    ("torch.optim.Optimizer([p], {'lr': 0.1}).step()", {}),
]

DATA = [
    ("data = torch.utils.data\nX = torch.arange(20.0).reshape(10, 2)\ny = torch.arange(10)\n"
     "ds = data.TensorDataset(X, y)\nds[0], len(ds), ds[torch.tensor([1, 2])], ds[1:3]", {}),
    ("data.TensorDataset(X, torch.arange(3))", {}),
    ("len(data.TensorDataset()), len(data.TensorDataset(y).tensors)", {}),
    ("dl = data.DataLoader(ds, batch_size=4)\nlen(dl), list(dl)", {}),
    ("dl.dataset is ds, dl.batch_size, dl.drop_last, dl.num_workers", {}),
    ("dl = data.DataLoader(ds, 4, drop_last=True)\nlen(dl), [b[1] for b in dl]", {}),
    ("dl = data.DataLoader(ds, batch_size=3, shuffle=False, num_workers=4)\nlen(dl), list(dl)[-1]",
     {}),
    ("dl = data.DataLoader(ds)\nlen(dl), next(iter(dl))", {}),
    ("dl = data.DataLoader(ds, batch_size=None)\nlen(dl), next(iter(dl)), dl.batch_size", {}),
    # shuffling: every sample once per pass, X and y rows kept together
    ("dl = data.DataLoader(ds, batch_size=4, shuffle=True)\nbatches = list(dl)\n"
     "seen = torch.cat([b[1] for b in batches])\n"
     "len(dl), [b[0].shape for b in batches], sorted(seen.tolist()), "
     "bool((torch.cat([b[0] for b in batches])[:, 0] == 2 * seen).all())", {}),
    ("dl = data.DataLoader(ds, batch_size=4, shuffle=True, drop_last=True)\n"
     "len(dl), [b[0].shape for b in dl]", {}),
    # default collation of other datasets
    ("list(data.DataLoader(list(range(5)), batch_size=2))", {}),
    ("list(data.DataLoader([(1, 2.5, 'a', torch.ones(2))] * 3, batch_size=2))", {}),
    ("list(data.DataLoader([{'a': 1, 'b': torch.zeros(1)}] * 3, batch_size=2))", {}),
    ("list(data.DataLoader([[True, 1.5], [False, 0.5]], batch_size=2))", {}),
    ("import numpy as onp\n"
     "list(data.DataLoader([onp.ones(2, dtype=onp.float32), onp.zeros(2, dtype=onp.float32)], "
     "batch_size=2)), list(data.DataLoader([onp.float64(1.5), onp.float64(2.5)], batch_size=2))",
     {}),
    ("list(data.DataLoader([onp.arange(2), (1, 2)], batch_size=None))", {}),
    ("list(data.DataLoader([[1, 2], [3]], batch_size=2))", {}),
    ("list(data.DataLoader([object()], batch_size=1))[0].__class__", {}),
    ("list(data.DataLoader([(1, 2), (3, 4), (5, 6)], batch_size=2, collate_fn=lambda b: b))", {}),
    ("list(data.DataLoader(ds, sampler=[3, 1, 2], batch_size=2))", {}),
    ("dl = data.DataLoader(ds, batch_sampler=[[0, 9], [5]])\nlen(dl), list(dl)", {}),
    ("class Squares(data.Dataset):\n"
     "    def __getitem__(self, i):\n"
     "        return torch.tensor([i, i * i])\n"
     "    def __len__(self):\n"
     "        return 5\n"
     "dl = data.DataLoader(Squares(), batch_size=2)\nlen(dl), list(dl)", {}),
    ("data.Dataset()[0]", {}),
    ("len(data.Dataset())", {}),
    ("data.DataLoader(ds, batch_size=0)", {}),
    ("data.DataLoader(ds, batch_size=2.5)", {}),
    ("data.DataLoader(ds, drop_last=1)", {}),
    ("data.DataLoader(ds, num_workers=-1)", {}),
    ("data.DataLoader(ds, prefetch_factor=2)", {}),
    ("data.DataLoader(ds, sampler=[0, 1], shuffle=True)", {}),
    ("data.DataLoader(ds, batch_sampler=[[0]], batch_size=2)", {}),
    ("data.DataLoader(ds, batch_size=None, drop_last=True)", {}),
]

SAVE_LOAD = [
    ("import os, tempfile, collections, io\nroot = tempfile.mkdtemp()\n"
     "path = lambda name: os.path.join(root, name)\n"
     "x = torch.arange(4)\ntorch.save(x, path('x-file'))\ntorch.load(path('x-file'))", {}),
    ("y = torch.zeros(4)\ntorch.save([x, y], path('x-files'))\n"
     "x2, y2 = torch.load(path('x-files'))\n"
     "(x2, y2)", {}),
    ("mydict = {'x': x, 'y': y}\ntorch.save(mydict, path('mydict'))\ntorch.load(path('mydict'))",
     {}),
    ("w = torch.ones(2, 3, requires_grad=True)\n"
     "sd = collections.OrderedDict([('weight', w.detach()), ('bias', torch.zeros(2))])\n"
     "torch.save(sd, path('mlp.params'))\ntorch.load(path('mlp.params'))", {}),
    ("torch.save([w, w * 2], path('grad'))\ntorch.load(path('grad'))", {}),
    ("l = torch.load(path('grad'))\nl[0].is_leaf, l[1].is_leaf, l[1].grad_fn", {}),
    ("ts = [torch.tensor([1, 2], dtype=d) for d in (torch.float16, torch.float32, torch.float64, "
     "torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool)]\n"
     "buf = io.BytesIO()\ntorch.save(ts, buf)\nbuf.seek(0)\n"
     "torch.load(buf)", {}),
    ("obj = [torch.tensor(3.5), (1, 2.5, 'a', None, True), {1: 'one', (2, 3): [b'xy']}, "
     "torch.Size([2, 3]), torch.float64, {4, 5}, 1 + 2j, float('inf')]\n"
     "buf = io.BytesIO()\ntorch.save(obj, buf)\nbuf.seek(0)\n"
     "torch.load(buf, map_location='cpu', weights_only=True)", {}),
    ("m = torch.arange(6.0).reshape(2, 3)\nbuf = io.BytesIO()\ntorch.save([m, m, m.t()], buf)\n"
     "buf.seek(0)\nl = torch.load(buf)\nl[0] is l[1], l[2]", {}),
    ("o = torch.optim.SGD([w], lr=0.1, momentum=0.9)\nw.grad = torch.ones(2, 3)\no.step()\n"
     "torch.save(o.state_dict(), path('opt'))\ntorch.load(path('opt'))", {}),
]


@pytest.mark.conformance
def test_nn_init_matches_torch():
    check_conformance(INIT, "torch")


@pytest.mark.conformance
def test_optimizers_match_torch():
    check_conformance(OPTIM, "torch")


@pytest.mark.conformance
def test_data_loading_matches_torch():
    check_conformance(DATA, "torch")


@pytest.mark.conformance
def test_save_load_matches_torch():
    check_conformance(SAVE_LOAD, "torch")


# ----- training parity: D2L's linear regression, from scratch and with torch.optim.SGD -----
def _synthetic_data(n=1000):
    rng = numpy.random.default_rng(42)
    X = rng.normal(0, 1, (n, 2)).astype(numpy.float32)
    y = X @ numpy.array([2, -3.4], dtype=numpy.float32) + numpy.float32(4.2)
    y = (y + rng.normal(0, 0.01, n)).astype(numpy.float32).reshape(-1, 1)
    w0 = rng.normal(0, 0.01, (2, 1)).astype(numpy.float32)
    return X, y, w0


def _train_from_scratch(torch, X, y, w0, epochs=3, batch_size=10, lr=0.03):
    """D2L's from-scratch loop: X @ w + b, squared loss summed, hand-written SGD."""
    features, labels = torch.tensor(X), torch.tensor(y)
    w = torch.tensor(w0, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    def net(X):
        return torch.matmul(X, w) + b

    def squared_loss(y_hat, y):
        return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2

    losses = []
    for _ in range(epochs):
        for i in range(0, len(features), batch_size):
            Xb, yb = features[i:i + batch_size], labels[i:i + batch_size]
            squared_loss(net(Xb), yb).sum().backward()
            with torch.no_grad():
                for param in (w, b):
                    param -= lr * param.grad / batch_size
                    param.grad.zero_()
        with torch.no_grad():
            losses.append(float(squared_loss(net(features), labels).mean()))
    return losses


def _train_with_optim(torch, X, y, w0, epochs=3, batch_size=10, lr=0.03):
    """The same model trained through DataLoader (no shuffle) and torch.optim.SGD."""
    features, labels = torch.tensor(X), torch.tensor(y)
    w = torch.tensor(w0, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(features, labels),
                                         batch_size, shuffle=False)
    trainer = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(epochs):
        for Xb, yb in loader:
            loss = ((torch.matmul(Xb, w) + b - yb) ** 2 / 2).mean()
            trainer.zero_grad()
            loss.backward()
            trainer.step()
        with torch.no_grad():
            losses.append(float(((torch.matmul(features, w) + b - labels) ** 2 / 2).mean()))
    return losses


@pytest.mark.conformance
@pytest.mark.parametrize("train", [_train_from_scratch, _train_with_optim])
def test_linear_regression_trains_like_torch(train):
    require_framework("torch")
    import torch as real_torch
    from xint import torch as xt
    X, y, w0 = _synthetic_data()
    mine = train(xt.torch, X, y, w0)
    real = train(real_torch, X, y, w0)
    numpy.testing.assert_allclose(mine, real, rtol=1e-4)
    assert mine[-1] < 1e-3          # it did learn
