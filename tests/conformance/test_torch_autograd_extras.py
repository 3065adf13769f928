"""torch autograd extras against real torch: retain_grad, hooks, jvp, copy_, type/to/cuda."""
import pytest

from xint.testing import check_conformance

CELLS = [
    ("x = torch.arange(3.0, requires_grad=True)\ny = x * 2\ny.retain_grad()\nz = (y * y).sum()\n"
     "z.backward()\ny.grad, y.retains_grad, x.grad, x.retains_grad", {}),
    ("x.grad = None\nh = x.register_hook(lambda g: g * 10)\n(x * x).sum().backward()\nx.grad", {}),
    ("h.remove()\nx.grad = None\n(x * x).sum().backward()\nx.grad", {}),
    ("x.grad = None\ny = x * 2\ny.register_hook(lambda g: print('hook', g))\ny.sum().backward()\n"
     "x.grad", {}),
    ("x.grad = None\ny = x * 3\ny.register_hook(lambda g: g + 1)\n(y * y).sum().backward()\nx.grad",
     {}),
    ("torch.tensor([1.0]).register_hook(lambda g: g)", {}),
    ("torch.ones(2).type(), torch.arange(2).type(), torch.ones(2).type(torch.float64)", {}),
    ("torch.cuda.is_available(), torch.cuda.device_count()", {}),
    ("torch.ones(2).cuda()", {}),
    ("a = torch.zeros(2, 3)\na.copy_(torch.tensor([1.0, 2.0, 3.0]))\na", {}),
    ("w = torch.zeros(3, requires_grad=True)\nwith torch.no_grad():\n"
     "    w.copy_(torch.tensor([1, 2, 3]))\nw", {}),
    ("torch.autograd.functional.jvp(lambda v: v ** 2, torch.arange(3.0), torch.ones(3))", {}),
    ("x.to('cpu') is x, x.cpu() is x, x.to(torch.float64).dtype, x.to(torch.ones(1, dtype=torch.int32))",
     {}),
    ("x.detach().retain_grad()", {}),
    ("torch.FloatTensor([1, 2]), torch.FloatTensor(2).shape, torch.LongTensor([1.5]), "
     "isinstance(torch.ones(2), torch.FloatTensor), "
     "isinstance(torch.ones(2, dtype=torch.float64), torch.FloatTensor)", {}),
    ("x.grad = torch.ones(3, dtype=torch.float64)", {}),
    ("x.grad = torch.ones(2)", {}),
    ("m = torch.tensor([True, False, True])\nm & torch.tensor([True, True, False]), m | False, ~m, "
     "torch.tensor([6, 3]) & 5, 1 ^ torch.tensor([1, 2])", {}),
]


@pytest.mark.conformance
def test_autograd_extras_match_torch():
    check_conformance(CELLS, "torch")


INPLACE = [
    ("a = torch.tensor([-1.5, 0.5, 2.5])\na.clamp_(-1, 1)\na, a._version", {}),
    ("a.abs_(), a.relu_(), a.square_(), torch.tensor([0.4, 1.6]).round_(), "
     "torch.tensor([0.4, 1.6]).floor_()", {}),
    ("x = torch.tensor([-1.0, 2.0], requires_grad=True)\ny = x * 1\ny.clamp_(0, 1)\n"
     "y.sum().backward()\ny, x.grad", {}),
    ("x.clamp_(0, 1)", {}),
]


# the fused cross-entropy keeps its log-probabilities (as torch's LogSoftmax keeps its result):
# the loss itself may change in place, a second backward is refused, the mean is inside NllLoss
XENT = [
    ("F = torch.nn.functional\nx = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]], "
     "requires_grad=True)\ny = torch.tensor([2, 0])\nl = F.cross_entropy(x, y, reduction='none')\n"
     "l.add_(1)\nl.sum().backward()\nl, x.grad", {}),
    ("x.grad = None\nm = F.cross_entropy(x * 2, y)\nm.backward()\nm, m.grad_fn.name(), x.grad", {}),
    ("m.backward()", {}),
    ("x.grad = None\ns = F.cross_entropy(x, y, reduction='sum')\ns.backward()\ns, x.grad", {}),
]


@pytest.mark.conformance
def test_fused_cross_entropy_graph_matches_torch():
    check_conformance(XENT, "torch")


@pytest.mark.conformance
def test_inplace_methods_match_torch():
    check_conformance(INPLACE, "torch")


GRAD_MODES = [
    ("x = torch.ones(2, requires_grad=True)\n@torch.no_grad()\ndef f(v):\n    return v * 2\n"
     "f(x).requires_grad, torch.is_grad_enabled()", {}),
    ("@torch.enable_grad()\ndef g(v):\n    return v * 2\nwith torch.no_grad():\n    r = g(x)\n"
     "r.requires_grad", {}),
    ("with torch.set_grad_enabled(False):\n    r = x * 2\nr.requires_grad, torch.is_grad_enabled()",
     {}),
    ("torch.set_grad_enabled(False)\nr = x * 2\nstate = torch.is_grad_enabled()\n"
     "torch.set_grad_enabled(True)\nr.requires_grad, state, torch.is_grad_enabled()", {}),
    ("with torch.inference_mode():\n    r = x * 2\nr.requires_grad", {}),
    ("with torch.no_grad():\n    with torch.enable_grad():\n        r = x * 2\nr.requires_grad", {}),
]


@pytest.mark.conformance
def test_grad_modes_match_torch():
    check_conformance(GRAD_MODES, "torch")
