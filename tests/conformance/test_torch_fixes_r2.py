"""Round-2 torch fixes, cell by cell on xint and on real PyTorch: chunk of an empty dim, permute()
without dims, sinh/cosh (functions, methods, gradients to second order) and meshgrid."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}

CELLS = [
    # ----- chunk / permute -----
    ("torch.zeros(0).chunk(3), torch.chunk(torch.zeros(0, 2), 1), torch.zeros(3, 0).chunk(2, 1)",
     {}),
    ("x = torch.zeros(0, 2, requires_grad=True)\nx.chunk(2), x.chunk(2, 1)", {}),
    ("torch.ones(3).chunk(0)", {}),
    ("torch.ones(5, requires_grad=True).chunk(2)", {}),
    ("torch.tensor(1.).permute()", {}),
    ("torch.ones(2, 3).permute()", {}),
    ("torch.permute(torch.ones(2))", {}),
    ("torch.ones(2, 3).permute(1, 0).shape, torch.ones(2, 3).permute((1, 0)).shape, "
     "torch.permute(torch.ones(2, 3), (1, 0)).shape, torch.tensor(2.).permute(()).shape", {}),
    # ----- sinh / cosh -----
    ("x = torch.tensor([-1.5, 0., 0.5, 2.])\ntorch.sinh(x), torch.cosh(x), x.sinh(), x.cosh()",
     APPROX),
    ("torch.sinh(torch.tensor([1, 2])), torch.cosh(torch.tensor([True]))", APPROX),
    ("torch.sinh(1.0)", {}),
    ("x = torch.tensor([0.3, -1.2], requires_grad=True)\ny = torch.sinh(x) * torch.cosh(x)\ny",
     APPROX),
    ("x = torch.tensor([0.3, -1.2], requires_grad=True)\n"
     "g, = torch.autograd.grad(torch.sinh(x).sum(), x, create_graph=True)\n"
     "h, = torch.autograd.grad(g.sum(), x)\ng, h", APPROX),
    ("x = torch.tensor([0.3, -1.2], requires_grad=True)\n"
     "g, = torch.autograd.grad(torch.cosh(x).sum(), x, create_graph=True)\n"
     "h, = torch.autograd.grad(g.sum(), x)\ng, h", APPROX),
    ("x = torch.tensor([0.3, -1.2])\nx.sinh_(), x", APPROX),
    # ----- meshgrid -----
    ("a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([3., 4., 5.])\n"
     "torch.meshgrid(a, b, indexing='ij')", {}),
    ("a = torch.tensor([1., 2.])\nb = torch.tensor([3., 4., 5.])\n"
     "torch.meshgrid(a, b, indexing='xy'), torch.meshgrid([a, b], indexing='xy')", {}),
    ("a = torch.tensor([1., 2.])\nb = torch.tensor([3., 4., 5.])\n"
     "[t.shape for t in torch.meshgrid(a, b, a, indexing='xy')], "
     "[t.shape for t in torch.meshgrid(torch.tensor(1.), b, indexing='ij')]", {}),
    ("a = torch.tensor([1., 2.])\nb = torch.tensor([3., 4., 5.])\ntorch.meshgrid(a, b)", {}),
    ("torch.meshgrid((torch.tensor([1., 2.]),), indexing='ij')", {}),
    ("a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([3., 4., 5.], "
     "requires_grad=True)\nX, Y = torch.meshgrid(a, b, indexing='xy')\n(X * Y * Y).sum().backward()\n"
     "a.grad, b.grad", {}),
    ("torch.meshgrid(torch.tensor([1., 2.]), torch.tensor([1, 2]), indexing='ij')", {}),
    ("torch.meshgrid(torch.tensor([1., 2.]), indexing='foo')", {}),
    ("torch.meshgrid([], indexing='ij')", {}),
    ("torch.meshgrid(torch.tensor([1., 2.]), [1, 2], indexing='ij')", {}),
]


@pytest.mark.conformance
def test_torch_fixes_r2_match_framework():
    check_conformance(CELLS, "torch")


def test_d2l_names_bind():
    """d2l 0.17.6 binds these at import (d2l.sinh = torch.sinh, …)."""
    from xint import torch
    for name in ("sinh", "cosh", "meshgrid"):
        assert callable(getattr(torch.torch, name))
