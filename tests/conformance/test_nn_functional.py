"""torch.nn.functional, cell by cell against real torch: values, dtypes, reprs (grad_fn names),
gradients (second order for conv2d), and the error types and messages for bad arguments."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}
WARNS = {"warns": True}

SOFTMAX = [
    ("F = torch.nn.functional\nx = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, -1.0]], "
     "requires_grad=True)\nF.softmax(x, dim=1)", {}),
    ("F.log_softmax(x, dim=0)", {}),
    ("F.softmax(x, -1).grad_fn.name(), F.log_softmax(x, 0).grad_fn.name()", {}),
    ("(F.softmax(x, 1) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()\nx.grad", APPROX),
    ("x.grad = None\nF.log_softmax(x, 1)[:, 0].sum().backward()\nx.grad", APPROX),
    ("F.softmax(torch.tensor([1000.0, 0.0, -1000.0]), 0), "
     "F.log_softmax(torch.tensor([1000.0, 0.0]), 0)", {}),
    ("F.softmax(torch.tensor(2.0, requires_grad=True), 0)", {}),
    ("F.log_softmax(torch.ones(2, 3), dim=1, dtype=torch.float64)", {}),
    ("F.softmax(torch.tensor([[1.0, 2.0], [3.0, 5.0]]))", WARNS),
    ("F.softmax(torch.tensor([1, 2]), 0)", {}),
    ("F.log_softmax(torch.ones(2, 3).long(), 0)", {}),
    ("F.softmax(x, 2)", {}),
    ("F.softmax(torch.tensor(2.0), 1)", {}),
]

LOSSES = [
    ("F = torch.nn.functional\nz = (torch.arange(15.0).reshape(3, 5).sin() * 3).requires_grad_()\n"
     "t = torch.tensor([2, 0, 4])\nloss = F.cross_entropy(z, t)\nloss.grad_fn.name(), loss.dtype",
     {}),
    ("loss", APPROX),
    ("loss.backward()\nz.grad", APPROX),
    ("F.cross_entropy(z, t, reduction='sum'), F.cross_entropy(z, t, reduction='none')", APPROX),
    ("[F.cross_entropy(z, t, reduction=r).grad_fn.name() for r in ('none', 'sum')]", {}),
    ("F.cross_entropy(z, torch.tensor([2, -100, 4]))", APPROX),
    ("z.grad = None\nF.cross_entropy(z, torch.tensor([2, -100, 4]), label_smoothing=0.1)"
     ".backward()\nz.grad", APPROX),
    ("p = F.softmax(torch.arange(15.0).reshape(3, 5).cos(), 1)\nl = F.cross_entropy(z, p)\n"
     "[F.cross_entropy(z, p, reduction=r).grad_fn.name() for r in ('mean', 'sum', 'none')]", {}),
    ("[F.cross_entropy(z, t, reduction=r, label_smoothing=0.1).grad_fn.name() "
     "for r in ('mean', 'sum', 'none')]", {}),
    ("F.cross_entropy(z, t, reduction='sum', label_smoothing=0.1), "
     "F.cross_entropy(z, t, reduction='none', label_smoothing=0.1)", APPROX),
    ("l, F.cross_entropy(z, p, label_smoothing=0.2)", APPROX),
    ("F.cross_entropy(torch.tensor([[1e4, 0.0], [0.0, -1e4]]), torch.tensor([1, 0]))", {}),
    ("F.cross_entropy(z[0].detach(), torch.tensor(1))", APPROX),
    ("z4 = torch.arange(24.0).reshape(2, 3, 2, 2).cos().requires_grad_()\n"
     "F.cross_entropy(z4, torch.tensor([[[0, 2], [1, 1]], [[2, 2], [0, 1]]]))", APPROX),
    ("F.nll_loss(F.log_softmax(z, 1), t)", APPROX),
    ("F.cross_entropy(z.double(), t).dtype", {}),
    ("F.cross_entropy(z, torch.tensor([0, 1, 5]))", {}),
    ("F.cross_entropy(z, torch.tensor([0, 1, -1]))", {}),
    ("F.cross_entropy(z, torch.tensor([2, 0, 4], dtype=torch.int32))", {}),
    ("F.cross_entropy(z, t[:2])", {}),
    ("F.cross_entropy(z, p.long())", {}),
    ("F.cross_entropy(z, t, reduction='avg')", {}),
    ("y = torch.arange(6.0).reshape(2, 3).requires_grad_()\nm = F.mse_loss(y, torch.ones(2, 3))\n"
     "m", {}),
    ("m.backward()\ny.grad", APPROX),
    ("F.mse_loss(y, torch.ones(2, 3), reduction='sum'), "
     "F.mse_loss(y, torch.ones(2, 3), reduction='none')", {}),
    ("F.mse_loss(y, torch.ones(3))", WARNS),
    ("F.mse_loss(y, torch.ones(2))", {}),
    ("F.mse_loss(y.double(), torch.ones(2, 3))", {}),
]

ONE_HOT_DROPOUT = [
    ("F = torch.nn.functional\nF.one_hot(torch.tensor([0, 2, 1]))", {}),
    ("F.one_hot(torch.tensor([[0], [3]]), 5)", {}),
    ("F.one_hot(torch.tensor(2), 3), F.one_hot(torch.tensor([], dtype=torch.long), 3)", {}),
    ("F.one_hot(torch.tensor([0, 1], dtype=torch.int32))", {}),
    ("F.one_hot(torch.tensor([-1, 1]))", {}),
    ("F.one_hot(torch.tensor([0, 3]), 3)", {}),
    ("F.one_hot(torch.tensor([], dtype=torch.long))", {}),
    ("x = torch.tensor([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], requires_grad=True)\n"
     "F.dropout(x, 0.0) is x, F.dropout(x, 0.5, training=False) is x", {}),
    ("F.dropout(x, 1.0)", {}),
    ("F.dropout(x, 1.0).sum().backward()\nx.grad", {}),
    ("y = F.dropout(x, 0.5)\n"
     "y.grad_fn.name(), y.dtype, ((y == 0).sum() + (y == 2 * x).sum()).item()", {}),
    ("x.grad = None\ny.sum().backward()\n((x.grad == 0).sum() + (x.grad == 2).sum()).item(), "
     "((x.grad == 0) == (y == 0)).sum().item()", {}),
    ("torch.manual_seed(0)\na = F.dropout(x, 0.3)\ntorch.manual_seed(0)\n"
     "bool((a == F.dropout(x, 0.3)).all())", {}),
    ("F.dropout(x, 1.5)", {}),
]

ACTIVATIONS = [
    ("F = torch.nn.functional\nx = torch.tensor([-1.0, 0.0, 2.0, float('nan')], "
     "requires_grad=True)\nF.relu(x)", {}),
    ("F.relu(x[:3]).sum().backward()\nx.grad", {}),
    ("x.grad = None\nF.relu(x).sum().backward()\nx.grad", {}),
    ("F.relu(torch.tensor([-1, 3])), F.sigmoid(torch.tensor([0, 1]))", {}),
    ("F.sigmoid(x), F.tanh(x)", {}),
    ("x.grad = None\n(F.sigmoid(x[:3]) + F.tanh(x[:3])).sum().backward()\nx.grad", APPROX),
    ("z = torch.tensor([-1.0, 2.0])\nr = F.relu(z, inplace=True)\nr is z, z", {}),
    ("m = torch.nn.ReLU(inplace=True)\nz = torch.tensor([-3.0, 4.0])\nm(z) is z, z, m", {}),
    ("F.relu(x, inplace=True)", {}),
    ("x.grad = None\nv = x[:3] * 2\nF.relu(v, inplace=True).sum().backward()\n"
     "x.grad, v, v.grad_fn.name()", {}),
]

CONV = [
    ("F = torch.nn.functional\ny32 = F.conv2d(torch.ones(1, 3, 4, 4), torch.ones(2, 3, 3, 3))\n"
     "y32", {}),
    # float64 from here on: gradients summed in float32 differ in their last bits
    ("f64 = torch.float64\n"
     "x = torch.arange(96.0, dtype=f64).reshape(2, 3, 4, 4).sin().requires_grad_()\n"
     "w = (torch.arange(54.0, dtype=f64).reshape(2, 3, 3, 3).cos() / 3).requires_grad_()\n"
     "b = torch.tensor([0.5, -1.0], dtype=f64, requires_grad=True)\ny = F.conv2d(x, w, b)\n"
     "y.shape, y.dtype, y.grad_fn.name()", {}),
    ("y", APPROX),
    ("(y * y).sum().backward()\nx.grad, w.grad, b.grad", APPROX),
    ("F.conv2d(x, w, padding=1, stride=2)", APPROX),
    ("F.conv2d(x, w, padding=(2, 1), dilation=(2, 1))", APPROX),
    ("F.conv2d(x, w, padding='same').shape, F.conv2d(x, w, padding='valid').shape", {}),
    ("F.conv2d(x, torch.ones(2, 3, 2, 2, dtype=f64), padding='same')", APPROX),
    ("wg = (torch.arange(12.0, dtype=f64).reshape(6, 1, 2, 1) / 7).requires_grad_()\n"
     "F.conv2d(x, wg, groups=3, stride=(1, 2))", APPROX),
    ("x.grad = None\nF.conv2d(x, wg, groups=3).pow(2).sum().backward()\nx.grad, wg.grad",
     APPROX),
    ("u = F.conv2d(x[0], w, b)\nu.shape, u.grad_fn.name()", {}),

    ("(g,) = torch.autograd.grad((F.conv2d(x, w, padding=1) ** 2).sum(), w, create_graph=True)\n"
     "torch.autograd.grad((g * g).sum(), [x, w])", APPROX),
    ("gx, gw = torch.autograd.grad(F.conv2d(x, w, stride=2, padding=1).sin().sum(), [x, w], "
     "create_graph=True)\ntorch.autograd.grad(gx.sum() + (gw ** 2).sum(), [x, w])", APPROX),
    ("F.conv2d(x, torch.ones(2, 2, 3, 3, dtype=f64))", {}),
    ("F.conv2d(x, w.float())", {}),
    ("F.conv2d(x.float(), w)", {}),
    ("F.conv2d(x, w, torch.ones(2))", {}),
    ("F.conv2d(x, w, torch.ones(3, dtype=f64))", {}),
    ("F.conv2d(x, torch.ones(2, 3, 7, 7, dtype=f64))", {}),
    ("F.conv2d(x, w, padding='same', stride=2)", {}),
    ("F.conv2d(x, torch.ones(4, 1, 3, 3, dtype=f64), groups=3)", {}),
    ("F.conv2d(x[0, 0], w)", {}),
]

POOL = [
    ("F = torch.nn.functional\nx = torch.tensor([[[[1.0, 3.0, 3.0, 0.0], [3.0, 0.0, 3.0, 2.0], "
     "[2.0, 3.0, 1.0, 5.0], [0.0, 1.0, 5.0, 5.0]]]], requires_grad=True)\n"
     "m = F.max_pool2d(x, 2)\nm", {}),
    ("m.sum().backward()\nx.grad", {}),
    ("x.grad = None\nF.max_pool2d(x, 2, stride=1).sum().backward()\nx.grad", {}),
    ("x.grad = None\nF.max_pool2d(x, 3, stride=1, padding=1).sum().backward()\nx.grad", {}),
    ("F.max_pool2d(x, (2, 3), stride=(1, 2), padding=(1, 1))", {}),
    ("F.max_pool2d(x, 2, stride=1, padding=1, dilation=2)", {}),
    ("F.max_pool2d(x[0], 2), F.max_pool2d(x.detach().long(), 2)", {}),
    ("a = F.avg_pool2d(x, 2)\na", {}),
    ("x.grad = None\nF.avg_pool2d(x, 3, stride=1, padding=1).sum().backward()\nx.grad", APPROX),
    ("F.avg_pool2d(x, 3, stride=2, padding=1)", APPROX),
    ("F.avg_pool2d(x.detach().long(), 2)", {}),
    ("s = torch.arange(32.0).reshape(2, 1, 4, 4).sin().requires_grad_()\n"
     "(g,) = torch.autograd.grad((F.max_pool2d(s, 2) ** 2).sum(), s, create_graph=True)\n"
     "torch.autograd.grad((g ** 3).sum(), s)", APPROX),
    ("(g,) = torch.autograd.grad((F.avg_pool2d(s, 2, padding=1) ** 2).sum(), s, "
     "create_graph=True)\ntorch.autograd.grad((g ** 2).sum(), s)", APPROX),
    ("F.max_pool2d(x, 2, padding=2)", {}),
    ("F.avg_pool2d(x, 2, padding=2)", {}),
    ("F.max_pool2d(x, 5)", {}),
    ("F.max_pool2d(x[0, 0], 2)", {}),
]

BATCH_NORM = [
    ("F = torch.nn.functional\nn32 = F.batch_norm(torch.arange(6.0).reshape(3, 2), torch.zeros(2), "
     "torch.ones(2), training=True)\nn32.dtype, n32.shape", {}),
    # float64 from here on: gradients summed in float32 differ in their last bits
    ("f64 = torch.float64\nx = (torch.arange(48.0, dtype=f64).reshape(4, 3, 2, 2).sin() * 2 + 1)"
     ".requires_grad_()\nrm, rv = torch.zeros(3, dtype=f64), torch.ones(3, dtype=f64)\n"
     "gamma = torch.tensor([1.0, 2.0, 0.5], dtype=f64, requires_grad=True)\n"
     "beta = torch.tensor([0.0, -1.0, 1.0], dtype=f64, requires_grad=True)\n"
     "y = F.batch_norm(x, rm, rv, gamma, beta, training=True)\ny.grad_fn.name(), y.shape", {}),
    ("y", APPROX),
    ("rm, rv", APPROX),
    ("(y * y.detach().cos()).sum().backward()\nx.grad, gamma.grad, beta.grad", APPROX),
    ("F.batch_norm(x, rm, rv, gamma, beta)", APPROX),
    ("z = F.batch_norm(x[:, :, 0, 0], rm, rv, training=True, momentum=0.5)\nz, rm, rv", APPROX),
    ("F.batch_norm(x, None, None, training=True).grad_fn.name()", {}),
    ("F.batch_norm(x[:1, :, 0, 0], None, None, training=True)", {}),
    ("F.batch_norm(x, None, None)", {}),
    ("F.batch_norm(x, torch.zeros(4, dtype=f64), torch.ones(4, dtype=f64))", {}),
]

LENET = [
    ("F = torch.nn.functional\nimg = torch.arange(2 * 144.0).reshape(2, 1, 12, 12).sin()\n"
     "k1 = (torch.arange(4 * 25.0).reshape(4, 1, 5, 5).cos() / 5).requires_grad_()\n"
     "k2 = (torch.arange(6 * 4 * 9.0).reshape(6, 4, 3, 3).sin() / 6).requires_grad_()\n"
     "w = (torch.arange(24.0 * 3).reshape(24, 3).cos() / 10).requires_grad_()\n"
     "h = F.avg_pool2d(F.sigmoid(F.conv2d(img, k1, padding=2)), 2)\n"
     "h = F.max_pool2d(F.relu(F.conv2d(h, k2)), 2)\n"
     "loss = F.cross_entropy(h.reshape(2, -1) @ w, torch.tensor([0, 2]))\nloss", APPROX),
    ("loss.backward()\nk1.grad, k2.grad, w.grad", APPROX),
]

CELLS = {"softmax": SOFTMAX, "losses": LOSSES, "one_hot_dropout": ONE_HOT_DROPOUT,
         "activations": ACTIVATIONS, "conv": CONV, "pool": POOL, "batch_norm": BATCH_NORM,
         "lenet": LENET}


@pytest.mark.conformance
@pytest.mark.parametrize("group", sorted(CELLS))
def test_nn_functional_matches_torch(group):
    check_conformance(CELLS[group], "torch")
