"""Round-2 MXNet fixes, cell by cell on xint and on real MXNet 1.9.1: np.sinh/cosh, np.meshgrid,
float32 label indexing, comparisons of arrays of different dtypes, np.random without seed, and
autograd.grad with respect to arrays that do not require gradient."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}
YH = ("yh = np.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])\ny = np.array([0., 2.])\n")
GRID = "a = np.array([1., 2.])\nb = np.array([3., 4., 5.])\n"

CELLS = [
    # ----- sinh / cosh -----
    ("x = np.array([-1.5, 0., 0.5, 2.])\nnp.sinh(x), np.cosh(x)", APPROX),
    ("np.sinh(np.array([1, 2], dtype='int32')), np.cosh(np.array([1, 2], dtype='int64'))", {}),
    ("x = np.array([0.3, -1.2])\nx.attach_grad()\nwith autograd.record():\n"
     "    y = (np.sinh(x) + 2 * np.cosh(x)).sum()\ny.backward()\nx.grad", APPROX),
    # ----- meshgrid -----
    (GRID + "np.meshgrid(a, b), np.meshgrid(a, b, indexing='ij')", {}),
    (GRID + "np.meshgrid(a), np.meshgrid()", {}),
    (GRID + "np.meshgrid(np.ones((2, 2)), b)", {}),
    (GRID + "np.meshgrid(a, np.array([1, 2], dtype='int32'))", {}),
    (GRID + "[t.shape for t in np.meshgrid(a, b, a)], [t.shape for t in np.meshgrid(a, b, a, "
     "indexing='ij')]", {}),
    (GRID + "np.meshgrid(a, b, indexing='foo')", {}),
    (GRID + "np.meshgrid(a, b, sparse=True)", {}),
    (GRID + "a.attach_grad()\nwith autograd.record():\n    X, Y = np.meshgrid(a, b)\n"
     "    s = (X * Y).sum()\ns.backward()\na.grad", {}),
    # ----- float32 labels as indices -----
    (YH + "yh[range(2), y], yh[np.arange(2), y], yh[[0, 1], y]", {}),
    (YH + "yh[np.array([0.5, 1.7])], yh[np.array([0, 1.7]), np.array([0.2, 2.9])], "
     "yh[np.array([-1.])]", {}),
    (YH + "yh.attach_grad()\nwith autograd.record():\n    l = -np.log(yh[range(2), y])\n"
     "l.backward()\nyh.grad", APPROX),
    # ----- comparisons do not promote -----
    (YH + "yh.argmax(axis=1) == y", {}),
    (YH + "yh.argmax(axis=1).astype(y.dtype) == y, yh.argmax(axis=1)", {}),
    ("np.array([1, 2], dtype='int64') == np.array([1., 2.])", {}),
    ("np.array([1., 2.]) != np.array([1, 2], dtype='int32')", {}),
    ("np.array([1, 2], dtype='int64') < np.array([1, 2], dtype='int32')", {}),
    ("np.array([1., 2.], dtype='float64') >= np.array([1., 2.])", {}),
    ("np.array([1., 2., 3.]) > 1 == np.array([1., 2., 3.])", {}),
    ("(np.array([1., 2., 3.]) > 1) == np.array([1., 2., 3.])", {}),
    ("np.array([1., 2., 3.]) <= (np.array([1., 2., 3.]) > 1)", {}),
    ("(np.array([1., 2.]) > 1) == (np.array([1., 2.]) > 1)", {}),
    ("np.array([1, 2], dtype='int64') == np.array([1., 2., 3.])", {}),
    ("np.array([1, 2], dtype='int64') == 1.5, np.array([1, 2], dtype='int64') == np.array([[1], "
     "[2]], dtype='int64')", {}),
    ("np.equal(np.array([1, 2], dtype='int64'), np.array([1., 2.]))", {}),
    ("np.equal(np.array([1., 2.]), np.array([1., 3.])), np.equal(1., np.array([1., 3.]))", {}),
    # d2l's accuracy: argmax, astype(y.dtype), ==
    (YH + "cmp = yh.argmax(axis=1).astype(y.dtype) == y\nfloat(cmp.astype(y.dtype).sum())", {}),
    # ----- gluon loss with integer labels -----
    (YH + "loss = gluon.loss.SoftmaxCrossEntropyLoss()\nloss(yh, np.array([0, 2], dtype='int64')), "
     "loss(yh, np.array([0, 2], dtype='int32')), loss(yh, y)", APPROX),
    # ----- np.random has no seed -----
    ("np.random.seed(0)", {}),
    ("npx.random.seed(0)\nhasattr(np.random, 'seed')", {}),
    # ----- grad w.r.t. arrays that do not require gradient -----
    ("x = np.arange(4.)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "    u = y.detach()\n    z = u * x\nautograd.grad(z, [u])", {}),
    ("x = np.arange(4.)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "    u = y.detach()\n    z = u * x\nautograd.grad(z, [x, u])", {}),
    ("x = np.arange(4.)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "    z = (y * 2).sum()\nautograd.grad(z, [y])", {}),
    ("x = np.arange(4.)\nx.attach_grad()\nw = np.ones(4)\nw.attach_grad()\nv = np.ones(4)\n"
     "with autograd.record():\n    z = (x * x).sum()\nautograd.grad(z, [w, v])", {}),
    ("x = np.arange(4.)\nx.attach_grad()\nn = np.ones(4)\nn.attach_grad(grad_req='null')\n"
     "with autograd.record():\n    z = (x * n).sum()\nautograd.grad(z, [n])", {}),
    ("x = np.arange(4.)\nx.attach_grad()\nw = np.ones(4)\nw.attach_grad()\n"
     "with autograd.record():\n    z = (x * x).sum()\nautograd.grad(z, [x, w])", {}),
    ("x = np.arange(4.)\nx.attach_grad()\nwith autograd.record():\n    z = (x * x).sum()\n"
     "autograd.grad(z, [x])", {}),
]


@pytest.mark.conformance
def test_mxnet_fixes_r2_match_framework():
    check_conformance(CELLS, "mxnet")
