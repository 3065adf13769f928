"""Shape and indexing ops and in-place assignment in the torch dialect, against real torch:
values, grad_fn names, gradients (repeated indices accumulate) and the in-place rules."""
import pytest

from xint.testing import check_conformance

TORCH = [
    ("X = torch.arange(6.0).reshape(2, 3).requires_grad_(True)", {}),
    ("X = torch.arange(6.0).reshape(2, 3)\nX.requires_grad_(True)\n"
     "X.flip(0), torch.flip(X, [0, 1]), X.permute(1, 0), X.swapaxes(0, 1)", {}),
    ("Y = torch.ones(1, 3, 1, requires_grad=True)\nY.squeeze(), Y.squeeze(0), torch.squeeze(Y, -1)",
     {}),
    ("X.unsqueeze(0).shape, torch.unsqueeze(X, -1).shape, X.flatten(), torch.flatten(X), "
     "X[None].shape", {}),
    ("x = torch.arange(6.0, requires_grad=True)\ntorch.split(x, 4), x.split([1, 5]), "
     "torch.chunk(x, 3)", {}),
    ("X.repeat(2, 2), torch.tile(X, (2,)), X.expand(4, 2, 3).shape, torch.broadcast_to(X, (2, 2, 3))"
     ".shape", {}),
    ("idx = torch.tensor([[0, 0], [2, 1]])\ng = torch.gather(X, 1, idx)\ng", {}),
    ("g.sum().backward()\nX.grad", {}),
    ("X.grad = None\nX[..., 1], X[X > 2], X[:, [0, 2]], X[1], X[0, 1:]", {}),
    ("X[:, [0, 0, 2]].sum().backward()\nX.grad", {}),
    ("X.grad = None\nX[X > 2].sum().backward()\nX.grad", {}),
    ("X.grad = None\nparts = X.unbind(1)\n(parts[0] * 2 + parts[2]).sum().backward()\nX.grad", {}),
    ("torch.where(X > 2, X, torch.zeros(1))", {}),
    ("F = torch.nn.functional\np = F.pad(X, (1, 2))\np, F.pad(X, (1, 0, 0, 1), value=9.0)", {}),
    ("X.grad = None\np.sum().backward()\nX.grad", {}),
    ("F.pad(X, (1,))", {}),
    # in-place assignment and version counting
    ("y = X * 2\ny[0] = 5.0\ny", {}),
    ("y.sum().backward()\nX.grad", {}),
    ("X.grad = None\ny = X * 2\ny[0, 1:] = torch.tensor([7.0, 8.0])\ny", {}),
    ("z = X.exp()\nz[0] = 1.0\nz.sum().backward()", {}),
    ("z = X.exp()\nz.add_(1)\nz.sum().backward()", {}),
    ("q = X * 2\nr = q.exp()\nq.add_(1)\nr.sum().backward()\nX.grad", {}),
    ("X.grad = None\nq = X * 2\nr = q * q\nq.mul_(3)\nr.sum().backward()", {}),
    ("z = X * 1\nz += 1\nz", {}),
    ("X.grad = None\ny = X * 1\ns = y.sum()\ny.mul_(2)\ns.backward()\nX.grad, y", {}),
    ("z = X * 1\nz.mul_(2)\nz, z._version", {}),
    ("L = torch.ones(2, 3, requires_grad=True)\nL[0] = 1", {}),
    ("L += 1", {}),
    ("L.add_(1)", {}),
    ("X[0] = 1", {}),
    ("with torch.no_grad():\n    X -= 0.5 * torch.ones(2, 3)\nX, X.is_leaf, X.requires_grad", {}),
    ("with torch.no_grad():\n    X[0, 0] = 9.0\nX", {}),
    ("w = torch.zeros(3)\nw[1] = 4\nw += 1\nw.fill_(2.5)\nw, w._version", {}),
    ("v = torch.arange(3)\nv += 1.5", {}),
    ("import numpy as onp\nA = torch.arange(4.0).reshape(2, 2)\nonp.asarray(A), [r for r in A], "
     "list(torch.ones(2, requires_grad=True)), len(A)", {}),
    ("iter(torch.tensor(1.0))", {}),
    ("onp.asarray(torch.ones(2, requires_grad=True))", {}),
    ("u = torch.arange(4.0)\nv = u.detach()\nv[0] = 100.0\nu", {}),
    # one element is a 0-d view: a write to either side shows in the other
    ("u = torch.arange(24.0).reshape(2, 3, 4)\ns, t = u[1, 2, 3], u[0][1]\nu[1, 2, 3] = 7.0\n"
     "t[2] = -1.0\ns[()] = s * 2\ns, t, u[0, 1], u[1, 2, 3]", {}),
    # views share their base's version: a saved value changed through either is refused
    ("X.grad = None\ny = X * 2\ns = y[0, 1]\nz = s * s\ny[0, 1] = 5.0\nz.backward()", {}),
    ("y = X * 2\nr = y[1]\nz = (r * r).sum()\ny.mul_(2)\nz.backward()", {}),
    ("y = X * 2\nr = y.reshape(6)\nz = (r * r).sum()\ny.add_(1)\nz.backward()", {}),
    ("y = X * 2\nr = y[1]\nz = (r * r).sum()\nr.mul_(2)\nz.backward()", {}),
    ("y = X * 2\nr = y[1][1:]\nz = (r * r).sum()\nwith torch.no_grad():\n    y.add_(1)\n"
     "z.backward()", {}),
    ("y = X * 2\nr = y[1]\nz = (y * y).sum()\nwith torch.no_grad():\n    r.mul_(2)\n"
     "z.backward()", {}),
    ("y = X * 2\nr = y.t()\nz = (r * r).sum()\ny[0, 0] = 1.0\nz.backward()", {}),
    ("w = torch.zeros(2, 3)\nv, e = w[0], w[1, 2]\nw += 1\nv._version, e._version, w._version", {}),
    ("w = torch.arange(4.0)\nf, g = torch.flip(w, [0]), w.flip(0)\nw[0] = 9.0\nf, g", {}),
]


@pytest.mark.conformance
def test_shape_and_indexing_match_torch():
    check_conformance(TORCH, "torch")
