"""Reductions and linear algebra in the torch dialect, cell by cell against real torch: values,
dtypes, reprs with grad_fn names, gradients (ties, zeros, the norm at 0), torch.return_types,
and the errors torch raises for bad dims, dtypes and shapes."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}
WARNS = {"warns": True}

PROD_CUMSUM = [
    ("X = torch.tensor([[1., 3., 2.], [3., 0., 1.]], requires_grad=True)\n"
     "X.prod(), X.prod(1), torch.prod(X, 0, keepdim=True), X.prod(-1, True)", {}),
    ("X.prod().backward()\nX.grad", {}),
    ("X.grad = None\nX.prod(1).sum().backward()\nX.grad", {}),
    ("x = torch.tensor([1., 0., 3., 0.], requires_grad=True)\nx.prod().backward()\nx.grad", {}),
    ("x = torch.tensor([2., 0., 3., 5.], requires_grad=True)\n(x * x).prod().backward()\nx.grad",
     {}),
    ("x = torch.arange(6.).reshape(2, 3).requires_grad_()\n(x - 2).prod(dtype=torch.float64)", {}),
    ("n = torch.arange(1, 7).reshape(2, 3)\nn.prod(), n.prod(1), n.prod(0, dtype=torch.int32), "
     "torch.prod(n > 2), n.prod(dtype=torch.float32)", {}),
    ("torch.tensor([1, 2, 3], dtype=torch.int32).prod(), torch.empty(0).prod()", {}),
    ("t = torch.tensor(3., requires_grad=True)\nt.prod(0), t.cumsum(0), t.cumsum(-1)", {}),
    ("X.prod((0, 1))", {}),
    ("torch.prod(X, (0, 1))", {}),
    ("torch.prod(X, dim=None)", {}),
    ("X.prod(2)", {}),
    ("c = X.cumsum(1)\nc", {}),
    ("X.grad = None\nc.backward(torch.tensor([[1., 10., 100.], [1., 1., 1.]]))\nX.grad", {}),
    ("torch.cumsum(X, dim=0, dtype=torch.float64), X.cumsum(-2)", {}),
    ("n.cumsum(1), (n > 2).cumsum(0), n.cumsum(0, dtype=torch.int32), "
     "torch.tensor([1, 2], dtype=torch.int32).cumsum(0)", {}),
    ("torch.empty(0).cumsum(0), torch.empty(2, 0).cumsum(1).shape", {}),
    ("X.cumsum()", {}),
    ("torch.cumsum(X)", {}),
    ("X.cumsum(2)", {}),
    ("X.cumsum(1.0)", {}),
    ("torch.cumsum(X, (0, 1))", {}),
]

EXTREMA = [
    ("X = torch.tensor([[1., 3., 3., 2.], [0., 5., 1., 5.]], requires_grad=True)\n"
     "X.max(), X.min(), torch.max(X), torch.amax(X, 1), X.amin((0, 1)), X.amax(dim=-1, keepdim=True)",
     {}),
    ("X.max(1)", {}),
    ("torch.min(X, dim=0, keepdim=True)", {}),
    ("X.max(1, True)", {}),
    ("v, i = X.max(-1)\nv, i, X.max(1).values, X.max(1)[1], len(X.max(1)), X.max(1).indices.dtype",
     {}),
    ("X.max().backward()\nX.grad", {}),
    ("X.grad = None\nX[0].max().backward()\nX.grad", {}),
    ("X.grad = None\nX.max(1).values.sum().backward()\nX.grad", {}),
    ("X.grad = None\nX.min(1)[0].sum().backward()\nX.grad", {}),
    ("X.grad = None\nX.amax(1).sum().backward()\nX.grad", APPROX),
    ("X.grad = None\ntorch.amin(X, (0, 1)).backward()\nX.grad", {}),
    ("X.grad = None\ntorch.max(X, 0, keepdim=True).values.sum().backward()\nX.grad", {}),
    ("X.argmax(), X.argmax(1), torch.argmin(X, 0, keepdim=True), torch.argmax(X, dim=None, "
     "keepdim=True), X.argmin(-1)", {}),
    ("torch.max(X, torch.full((4,), 2.)), X.min(torch.full((4,), 2.))", {}),
    ("n = torch.tensor([[4, 2, 7], [1, 9, 0]])\nn.max(), n.max(1), n.min(0), (n > 3).max(), "
     "n.amax(1), n.argmax()", {}),
    ("u = torch.tensor([[1., float('nan'), 2.]])\nu.max(), u.max(1), u.argmax(), u.min(1)", {}),
    ("t = torch.tensor(5., requires_grad=True)\nt.max(0), t.min(-1, keepdim=True), t.argmax(0), "
     "t.amax(0)", {}),
    ("t.max(0).values.backward()\nt.grad", {}),
    ("e = torch.empty(0, 3)\ne.max(1), e.argmin(1), e.amax(1)", {}),
    ("e.max()", {}),
    ("e.min(0)", {}),
    ("e.argmax()", {}),
    ("e.argmax(0)", {}),
    ("e.amax()", {}),
    ("X.max(2)", {}),
    ("X.max(-3)", {}),
    ("X.max((0, 1))", {}),
    ("X.max(keepdim=True)", {}),
    ("torch.max(X, keepdim=True)", {}),
    ("torch.max(X, (0, 1))", {}),
    ("torch.max(X, 'x')", {}),
    ("X.argmax((0, 1))", {}),
    ("torch.argmax(X, (0, 1))", {}),
    ("X.argmax(5)", {}),
    ("with torch.no_grad():\n    r = X.max(1)\nr", {}),
]

LOGIC = [
    ("X = torch.tensor([[1., 0., 2.], [3., 4., 5.]])\nX.all(), X.any(), X.all(1), torch.any(X, 0), "
     "X.all(dim=(0, 1)), X.any(1, keepdim=True), torch.all(X, dim=())", {}),
    ("b = torch.tensor([[True, False], [True, True]])\nb.all(0), b.any(), torch.all(b, -1)", {}),
    ("u = torch.tensor([[1, 0], [2, 3]], dtype=torch.uint8)\nu.all(), u.any(1)", {}),
    ("torch.empty(0).all(), torch.empty(0).any()", {}),
    ("X.all(2)", {}),
    ("torch.all(X, (0, 0))", {}),
]

MOMENTS = [
    ("X = torch.tensor([[1., 2., 4.], [3., 5., 9.]], requires_grad=True)\n"
     "X.var(), X.std(), X.var(1), X.std(0, keepdim=True)", APPROX),
    ("torch.var(X, 1, False), torch.std(X, False), X.var(1, True, True), X.var(unbiased=False), "
     "X.std(dim=[0, 1], correction=0), torch.var(X, dim=(0,), correction=2)", APPROX),
    ("X.var(1), X.std(), X.var(correction=0, dim=0)", {}),
    ("X.var().backward()\nX.grad", APPROX),
    ("X.grad = None\nX.std(1).sum().backward()\nX.grad", APPROX),
    ("X.grad = None\ntorch.std(X, dim=0, correction=0).sum().backward()\nX.grad", APPROX),
    ("c = torch.ones(3, requires_grad=True)\nc.std().backward()\nc.grad", {}),
    ("x = torch.tensor([1.5, 2.5], dtype=torch.float64)\nx.var(), x.std(), torch.var(x, 0)", {}),
    ("o = torch.ones(1, requires_grad=True)\no.var()", WARNS),
    ("o.std()", WARNS),
    ("o.var(correction=0)", {}),
    ("torch.var(X, dim=1, correction=3)", WARNS),
    ("torch.empty(0).var()", WARNS),
    ("torch.tensor(2.).std(0)", WARNS),
    ("torch.tensor([1, 2, 3]).var()", {}),
    ("torch.tensor([1, 2, 3]).std(0)", {}),
    ("X.var((0, 0))", {}),
    ("X.std(2)", {}),
    ("X.var(dim=1, unbiased=True, correction=1)", {}),
    ("torch.var(X, 1, True, correction=0)", {}),
]

NORMS = [
    ("X = torch.tensor([[1., -2., 0.], [3., 4., -1.]], requires_grad=True)\n"
     "X.norm(), X.norm(p=1), X.norm(dim=1), X.norm(1, dim=0, keepdim=True), torch.norm(X, p='fro', "
     "dim=(0, 1)), torch.norm(X, float('inf')), X.norm(p=3)", APPROX),
    ("X.norm(), X.norm(dim=1), torch.norm(X, 'fro', 1, True), X.norm(p=-1), X.norm(0)", {}),
    ("X.norm().backward()\nX.grad", APPROX),
    ("X.grad = None\nX.norm(p=1, dim=1).sum().backward()\nX.grad", {}),
    ("X.grad = None\nX.norm(float('inf')).backward()\nX.grad", {}),
    ("X.grad = None\nX.norm(-float('inf')).backward()\nX.grad", {}),
    ("X.grad = None\nX.norm(3, dim=0).sum().backward()\nX.grad", APPROX),
    ("X.grad = None\nX.norm(0.5).backward()\nX.grad", APPROX),
    ("X.grad = None\nX.norm(-1).backward()\nX.grad", {}),
    ("z = torch.zeros(2, 3, requires_grad=True)\nz.norm().backward()\nz.grad", {}),
    ("z.grad = None\nz.norm(dim=1).sum().backward()\nz.grad", {}),
    ("z.grad = None\nz.norm(p=1).backward()\nz.grad", {}),
    ("z.grad = None\nz.norm(p=3).backward()\nz.grad", {}),
    ("torch.linalg.norm(X), torch.linalg.norm(X, dim=1), torch.linalg.norm(X, 'fro'), "
     "torch.linalg.norm(X, float('inf')), torch.linalg.norm(X, -1), torch.linalg.norm(X, 1, "
     "keepdim=True), torch.linalg.norm(X[0], 3), torch.linalg.norm(X, 1, dim=1)", APPROX),
    ("torch.linalg.norm(X), torch.linalg.norm(X, 1), torch.linalg.norm(X, -float('inf'), dim=(1, 0)),"
     " torch.linalg.vector_norm(X, 1, dtype=torch.float64), torch.linalg.matrix_norm(X)", {}),
    ("X.grad = None\ntorch.linalg.norm(torch.tensor([[1., 3.], [3., 1.]], requires_grad=True) * X[:, :2],"
     " 1).backward()\nX.grad", {}),
    ("torch.linalg.norm(torch.ones(2, 2, 2)), torch.linalg.norm(torch.ones(2, 2, 2), dim=(0, 2))",
     APPROX),
    ("torch.norm(X, dtype=torch.float64), torch.norm(X, p=None)", APPROX),
    ("torch.tensor(-3.).norm(), torch.empty(0).norm(), torch.empty(0, 2).norm(dim=0)", {}),
    ("torch.tensor([1, 2]).norm()", {}),
    ("torch.linalg.norm(torch.tensor([1, 2]))", {}),
    ("torch.linalg.norm(torch.tensor([[1, 2]]), 1)", {}),
    ("torch.linalg.matrix_norm(torch.tensor([[1, 2]]))", {}),
    ("torch.linalg.norm(X, 3)", {}),
    ("torch.norm(X, p='abc')", {}),
    ("torch.norm(X, p='fro', dim=(0, 1, 1))", {}),
    ("torch.norm(X, 'nuc', dim=1)", {}),
    ("torch.linalg.norm(X, 'fro', dim=1)", {}),
    ("torch.linalg.norm(X[0], 'fro')", {}),
    ("torch.linalg.norm(torch.ones(2, 2, 2), 1)", {}),
    ("torch.linalg.norm(X, dim=(0, 1, 1))", {}),
    ("torch.norm(X, dim=3)", {}),
    ("torch.linalg.vector_norm(X, dim=(0, 0))", {}),
    ("torch.empty(0).norm(float('inf'))", {}),
]

LOGSUMEXP = [
    ("X = torch.tensor([[1., 2., 3.], [1000., 1000., -1000.]], requires_grad=True)\n"
     "X.logsumexp(1), torch.logsumexp(X, (0, 1), keepdim=True), torch.logsumexp(X, -2)", APPROX),
    ("X.logsumexp(1)", {}),
    ("X.logsumexp(1).sum().backward()\nX.grad", APPROX),
    ("torch.tensor([[float('-inf'), float('-inf')], [float('inf'), 1.]]).logsumexp(1)", {}),
    ("torch.logsumexp(torch.tensor([1, 2, 3]), 0)", APPROX),
    ("torch.empty(0).logsumexp(0), torch.tensor(2.).logsumexp(0)", {}),
    ("X.logsumexp()", {}),
    ("torch.logsumexp(X)", {}),
    ("X.logsumexp(2)", {}),
]

PRODUCTS = [
    ("x = torch.arange(3.).requires_grad_()\ny = torch.outer(x, x + 1)\ny", {}),
    ("y.sum().backward()\nx.grad", {}),
    ("n = torch.tensor([1, 2, 3])\ntorch.outer(n, n), torch.outer(n, n.double()), "
     "torch.outer(x.detach(), n)", {}),
    ("torch.outer(torch.ones(2, 3), n)", {}),
    ("torch.outer(n, torch.ones(2, 2))", {}),
    ("A = torch.arange(6.).reshape(2, 3).requires_grad_()\nt = torch.tensordot(A, A, dims=([0], [0]))"
     "\nt", {}),
    ("t.sum().backward()\nA.grad", {}),
    ("torch.tensordot(A, A.T, 1), torch.tensordot(A, A, 2), torch.tensordot(A, A, [[1], [1]]), "
     "torch.tensordot(A, A, dims=([1, 0], [1, 0])), torch.tensordot(A, A, 0).shape", {}),
    ("torch.tensordot(n, n, 1)", {}),
    ("torch.tensordot(A, A, dims=([1], [1, 0]))", {}),
    ("torch.tensordot(A, A, dims=([1], [0]))", {}),
    ("torch.tensordot(A, A, dims=3)", {}),
    ("torch.tensordot(A, A, -1)", {}),
    ("torch.tensordot(A, A, (1, 1))", {}),
    ("torch.tensordot(A, A.double(), dims=1)", {}),
    ("torch.tensordot(A, A, dims=([2], [2]))", {}),
]

EINSUM = [
    ("a = torch.ones(2, 3, requires_grad=True)\nb = torch.ones(3, 4, requires_grad=True)\n"
     "v = torch.ones(3, requires_grad=True)\nw = torch.ones(4, requires_grad=True)\n"
     "c = torch.ones(2, 3, 4, requires_grad=True)\nd = torch.ones(2, 4, 5, requires_grad=True)\n"
     "s = torch.ones(3, 3, requires_grad=True)\n"
     "cases = [('ij,jk->ik', a, b), ('ij,jk', a, b), ('ij,jk->ki', a, b), ('i,i->', v, v), "
     "('i,i', v, v), ('i,j->ij', v, w), ('i,j->ji', v, w), ('ij,j->i', a, v), "
     "('bij,bjk->bik', c, d), ('bij,bjk->bki', c, d), ('ij->ji', a), ('ij', a), ('ij->i', a), "
     "('ij->j', a), ('ii->i', s), ('ii->', s), ('ii', s), ('ij,ij->', a, a), ('ij,ij->ij', a, a), "
     "('ij,ij->ji', a, a), ('i,i,i->', v, v, v), ('i,i,i->i', v, v, v), "
     "('...j,jk->...k', c, b.T), ('bij->b', c), ('ij,kl->ikjl', a, a), ('ij,kj->ik', a, a), "
     "('ij,j', a, v), ('ij,jk->ikj', a, b), ('bi,bi->b', a, a), ('...', a), ('i...->...', a), "
     "('...i,...i->...', a, a)]\n"
     "[(e, tuple(torch.einsum(e, *o).shape), torch.einsum(e, *o).grad_fn.name()) "
     "for e, *o in cases]", {}),
    ("x = torch.arange(6.).reshape(2, 3).requires_grad_()\ny = torch.einsum('ij,kj->ik', x, x)\n"
     "y.sum().backward()\ny, x.grad", {}),
    ("x.grad = None\ntorch.einsum('ij->j', x).backward(torch.tensor([1., 2., 3.]))\nx.grad", {}),
    ("x.grad = None\ny = torch.einsum('ij,j->i', x, torch.ones(1))\ny.sum().backward()\ny, x.grad",
     {}),
    ("x.grad = None\ny = torch.einsum('...,...->...', x, torch.ones(3, 1, 1))\ny.sum().backward()\n"
     "y.shape, x.grad", {}),
    ("q = torch.arange(9.).reshape(3, 3).requires_grad_()\ntorch.einsum('ii', q).backward()\nq.grad",
     {}),
    ("q.grad = None\ntorch.einsum('ii->i', q).backward(torch.tensor([1., 2., 3.]))\nq.grad", {}),
    ("q.grad = None\ntorch.einsum('ij,jk,kl->il', q, q, q).sum().backward()\nq.grad", {}),
    ("torch.einsum('ij,jk->ik', [x, x.T]), torch.einsum('i j , j k', x, x.T)", {}),
    ("n = torch.tensor([1, 2, 3])\ntorch.einsum('i,i->', n, n), torch.einsum('i,j', n, n)", {}),
    ("torch.einsum('i,i->', n, n.float())", {}),
    ("torch.einsum('ij,jk->ik', x, x)", {}),
    ("torch.einsum('ij,jk->ik', x)", {}),
    ("torch.einsum('ij', x, x)", {}),
    ("torch.einsum('i1', x)", {}),
    ("torch.einsum('ijk', x)", {}),
    ("torch.einsum('ij->ii', x)", {}),
    ("torch.einsum('ij->k', x)", {}),
]

GROUPS = {"prod_cumsum": PROD_CUMSUM, "extrema": EXTREMA, "logic": LOGIC, "moments": MOMENTS,
          "norms": NORMS, "logsumexp": LOGSUMEXP, "products": PRODUCTS, "einsum": EINSUM}


@pytest.mark.conformance
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_reductions_and_linalg_match_torch(group):
    check_conformance(GROUPS[group], "torch")
