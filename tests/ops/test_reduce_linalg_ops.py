"""Reductions (prod, max/min, cumsum, norms, var/std, argmax, all/any) and linear algebra (einsum,
outer, tensordot, dot, norm): gradients against finite differences, values against NumPy, and
the gradients that finite differences cannot see (zeros in prod, ties in max, the norm at 0)."""
import numpy
import pytest

import xint
from xint.ops import NumpyTensor as Tensor
from xint.ops import elementwise as ew
from xint.ops import linalg, reduce, shape
from optable import RNG, check_row

_M34 = numpy.arange(12.0).reshape(3, 4) / 10 - 0.5           # constant operands
_M43 = _M34.T.copy()
_ZEROS = numpy.array([[1.0, 1, 1, 1], [1, 0, 1, 1], [0, 1, 0, 1]])   # rows: no, one, two zeros
_INF = numpy.inf

# name, function of one float64 array, input shape, domain
OPS = [
    ("prod", lambda x: reduce.prod(x), (2, 3), (0.5, 1.5)),
    ("prod_axis_keepdims", lambda x: reduce.prod(x, axis=-1, keepdims=True), (3, 4), (-2, 2)),
    ("prod_axes", lambda x: reduce.prod(x, axis=(0, 2)), (2, 3, 4), (0.5, 1.5)),
    ("prod_zeros", lambda x: reduce.prod(ew.mul(x, _ZEROS), axis=1), (3, 4), (-2, 2)),
    ("prod_0d", lambda x: reduce.prod(ew.mul(x, x)), (), (-2, 2)),
    ("prod_empty", lambda x: reduce.prod(x, axis=0), (0, 3), (-1, 1)),
    ("prod_long", lambda x: reduce.prod(x, axis=0), (37, 2), (0.8, 1.2)),
    ("max", lambda x: reduce.max(x), (3, 4), (-2, 2)),
    ("max_axis_keepdims", lambda x: reduce.max(ew.mul(x, x), axis=-1, keepdims=True), (3, 4), (-2, 2)),
    ("min_axes", lambda x: reduce.min(x, axis=(0, -1)), (2, 3, 4), (-2, 2)),
    ("max_with_index", lambda x: reduce.max_with_index(x, -1)[0], (3, 4), (-2, 2)),
    ("min_with_index", lambda x: reduce.min_with_index(x, 0, keepdims=True)[0], (3, 4), (-2, 2)),
    ("cumsum", lambda x: reduce.cumsum(ew.mul(x, x), axis=-1), (3, 4), (-2, 2)),
    ("cumsum_reverse", lambda x: reduce.cumsum(x, axis=0, reverse=True), (3, 4), (-2, 2)),
    ("norm2", lambda x: reduce.vector_norm(x), (3, 4), (-2, 2)),
    ("norm2_axis_keepdims", lambda x: reduce.vector_norm(x, 2, axis=-1, keepdims=True), (3, 4), (-2, 2)),
    ("norm1", lambda x: reduce.vector_norm(x, 1, axis=0), (3, 4), (-2, 2)),
    ("norm_inf", lambda x: reduce.vector_norm(x, _INF, axis=1), (3, 4), (-2, 2)),
    ("norm_neg_inf", lambda x: reduce.vector_norm(x, -_INF), (3, 4), (-2, 2)),
    ("norm3", lambda x: reduce.vector_norm(x, 3, axis=(0, 1)), (3, 4), (-2, 2)),
    ("norm_half", lambda x: reduce.vector_norm(x, 0.5, axis=1), (3, 4), (0.5, 2)),
    ("norm_1_5", lambda x: reduce.vector_norm(x, 1.5), (5,), (0.5, 2)),
    ("norm_negative", lambda x: reduce.vector_norm(x, -1, axis=0), (3, 4), (0.5, 2)),
    ("norm0", lambda x: ew.add(reduce.vector_norm(x, 0), reduce.sum(x)), (3, 4), (-2, 2)),
    ("var", lambda x: reduce.var(x, axis=1), (3, 4), (-2, 2)),
    ("var_ddof_keepdims", lambda x: reduce.var(x, axis=(0, -1), ddof=1, keepdims=True), (2, 3, 4), (-2, 2)),
    ("std", lambda x: reduce.std(x, ddof=1), (3, 4), (-2, 2)),
    ("std_axis", lambda x: reduce.std(x, axis=0), (3, 4), (-2, 2)),
    ("einsum_matmul", lambda x: linalg.einsum("ij,jk->ik", x, _M43), (3, 4), (-1, 1)),
    ("einsum_implicit", lambda x: linalg.einsum("ij,kj", x, x), (3, 4), (-1, 1)),
    ("einsum_trace", lambda x: linalg.einsum("ii->", x), (3, 3), (-1, 1)),
    ("einsum_diagonal", lambda x: linalg.einsum("ii->i", ew.mul(x, x)), (3, 3), (-1, 1)),
    ("einsum_sum", lambda x: linalg.einsum("ij->j", x), (3, 4), (-1, 1)),
    ("einsum_outer", lambda x: linalg.einsum("i,j->ji", x, ew.exp(x)), (3,), (-1, 1)),
    ("einsum_batched", lambda x: linalg.einsum("bij,bkj->bik", x, ew.exp(x)), (2, 3, 4), (-1, 1)),
    ("einsum_three", lambda x: linalg.einsum("ij,jk,kl->il", x, _M43, x), (3, 4), (-1, 1)),
    ("einsum_ellipsis", lambda x: linalg.einsum("...j,jk->...k", x, _M43), (2, 3, 4), (-1, 1)),
    ("einsum_broadcast", lambda x: linalg.einsum("ij,ij->i", x, _M34), (3, 1), (-1, 1)),
    ("einsum_only_here", lambda x: linalg.einsum("ij,k->k", x, numpy.arange(3.0)), (2, 3), (-1, 1)),
    ("outer", lambda x: linalg.outer(x, ew.mul(x, x)), (4,), (-1, 1)),
    ("tensordot", lambda x: linalg.tensordot(x, _M43, axes=1), (3, 4), (-1, 1)),
    ("tensordot_pairs", lambda x: linalg.tensordot(x, ew.exp(x), axes=([0, -1], [0, 2])), (2, 3, 4), (-1, 1)),
    ("tensordot_outer", lambda x: linalg.tensordot(x, x, axes=0), (2, 3), (-1, 1)),
    ("dot", lambda x: linalg.dot(x, x), (4,), (-1, 1)),
    ("dot_nd", lambda x: linalg.dot(x, numpy.ones((2, 4, 5))), (2, 3, 4), (-1, 1)),
    ("norm_matrix_1", lambda x: linalg.norm(x, 1), (3, 4), (-2, 2)),
    ("norm_matrix_inf", lambda x: linalg.norm(x, -_INF, axis=(-1, 0), keepdims=True), (3, 4), (-2, 2)),
    ("norm_fro", lambda x: linalg.norm(x, "fro", axis=(0, 2)), (2, 3, 4), (-2, 2)),
]
NOT_DIFFERENTIABLE = {"argmax", "argmin", "all", "any"}


@pytest.mark.parametrize("name,f,shp,domain", OPS, ids=[o[0] for o in OPS])
def test_gradient_against_finite_differences(name, f, shp, domain):
    check_row(f, shp, domain)


X = RNG.uniform(-2, 2, size=(3, 4))
X3 = RNG.uniform(-2, 2, size=(2, 3, 4))


@pytest.mark.parametrize("got,want", [
    (lambda: reduce.prod(X, axis=(0, -1)), lambda: X.prod(axis=(0, 1))),
    (lambda: reduce.prod(numpy.ones((0, 2)), axis=0), lambda: numpy.ones(2)),
    (lambda: reduce.max(X3, axis=(0, 2), keepdims=True), lambda: X3.max(axis=(0, 2), keepdims=True)),
    (lambda: reduce.min(X), lambda: X.min()),
    (lambda: reduce.argmax(X3, axis=-1), lambda: X3.argmax(axis=-1)),
    (lambda: reduce.argmin(X, axis=0, keepdims=True), lambda: X.argmin(axis=0)[None]),
    (lambda: reduce.argmax(X), lambda: X.argmax()),
    (lambda: reduce.max_with_index(X, 1)[1], lambda: X.argmax(axis=1)),
    (lambda: reduce.min_with_index(X3, -2, keepdims=True)[0], lambda: X3.min(axis=-2, keepdims=True)),
    (lambda: reduce.all(X > -1, axis=1), lambda: (X > -1).all(axis=1)),
    (lambda: reduce.any(X3 > 1.5, axis=(0, 1), keepdims=True), lambda: (X3 > 1.5).any(axis=(0, 1), keepdims=True)),
    (lambda: reduce.cumsum(X3, axis=-2), lambda: X3.cumsum(axis=1)),
    (lambda: reduce.cumsum(X, axis=1, reverse=True), lambda: X[:, ::-1].cumsum(axis=1)[:, ::-1]),
    (lambda: reduce.vector_norm(X3, 2, axis=(1, 2)), lambda: numpy.linalg.norm(X3, axis=(1, 2))),
    (lambda: reduce.vector_norm(X, 1), lambda: numpy.abs(X).sum()),
    (lambda: reduce.vector_norm(X, 3, axis=0), lambda: numpy.linalg.norm(X, 3, axis=0)),
    (lambda: reduce.vector_norm(X, -_INF, axis=1, keepdims=True), lambda: numpy.abs(X).min(axis=1, keepdims=True)),
    (lambda: reduce.vector_norm(numpy.array([0.0, 2, 0]), 0), lambda: 1.0),
    (lambda: reduce.var(X3, axis=(0, 2), ddof=1), lambda: X3.var(axis=(0, 2), ddof=1)),
    (lambda: reduce.std(X, axis=-1, keepdims=True), lambda: X.std(axis=-1, keepdims=True)),
    (lambda: linalg.einsum("ij,jk", X, X.T), lambda: X @ X.T),
    (lambda: linalg.einsum("bij,bkj->bki", X3, X3), lambda: numpy.einsum("bij,bkj->bki", X3, X3)),
    (lambda: linalg.einsum("b...,...", X3, X), lambda: numpy.einsum("b...,...", X3, X)),
    (lambda: linalg.einsum("ji", X), lambda: X.T),
    (lambda: linalg.einsum("ij,ik->", X, X), lambda: numpy.einsum("ij,ik->", X, X)),
    (lambda: linalg.einsum("i,i->", X[0], X[1]), lambda: X[0] @ X[1]),
    (lambda: linalg.einsum("ij,ij->ij", X[:1], X), lambda: X[:1] * X),
    (lambda: linalg.outer(X, X[0]), lambda: numpy.outer(X, X[0])),
    (lambda: linalg.tensordot(X3, X3, axes=([1, 0], [1, 0])), lambda: numpy.tensordot(X3, X3, axes=([1, 0], [1, 0]))),
    (lambda: linalg.tensordot(X3, X3, axes=3), lambda: numpy.tensordot(X3, X3, axes=3)),
    (lambda: linalg.dot(X3, X.T), lambda: numpy.dot(X3, X.T)),
    (lambda: linalg.dot(2.0, X), lambda: 2.0 * X),
    (lambda: linalg.norm(X), lambda: numpy.linalg.norm(X)),
    (lambda: linalg.norm(X, keepdims=True), lambda: numpy.linalg.norm(X, keepdims=True)),
    (lambda: linalg.norm(X[0], _INF), lambda: numpy.linalg.norm(X[0], _INF)),
    (lambda: linalg.norm(X, 1), lambda: numpy.linalg.norm(X, 1)),
    (lambda: linalg.norm(X, -1), lambda: numpy.linalg.norm(X, -1)),
    (lambda: linalg.norm(X, _INF), lambda: numpy.linalg.norm(X, _INF)),
    (lambda: linalg.norm(X3, -_INF, axis=(2, 0)), lambda: numpy.linalg.norm(X3, -_INF, axis=(2, 0))),
    (lambda: linalg.norm(X3, "fro", axis=(0, 1)), lambda: numpy.linalg.norm(X3, "fro", axis=(0, 1))),
])
def test_values_match_numpy(got, want):
    g, w = got(), want()
    numpy.testing.assert_allclose(g, w, rtol=1e-12)
    assert numpy.shape(g) == numpy.shape(w)
    if isinstance(w, numpy.ndarray) and w.dtype.kind in "ib":
        assert g.dtype == w.dtype


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64, numpy.longdouble])
@pytest.mark.parametrize("size", [1, 7, 256, 100_003])
@pytest.mark.parametrize("scale", [1e-30, 1e3, 1e35])
def test_full_mean_is_numpys_mean_bit_for_bit(dtype, size, scale):
    # the loss-mean fast path redoes ndarray.mean's arithmetic; it must give the very same bits
    x = (RNG.standard_normal(size) * scale + scale / 1e3).astype(dtype)
    got, want = reduce.mean(x), x.mean()
    assert type(got) is type(want)
    if dtype is numpy.longdouble:     # 80 bits in 16 bytes: the padding bytes are not the value's
        assert got == want
    else:
        assert got.tobytes() == want.tobytes()


def test_result_dtypes():
    f32 = X.astype(numpy.float32)
    assert reduce.argmax(f32, axis=1).dtype == numpy.int64
    assert reduce.all(f32).dtype == numpy.bool_
    for y in (reduce.prod(f32, axis=0), reduce.max(f32), reduce.vector_norm(f32, 3),
              reduce.var(f32, ddof=1), reduce.std(f32, axis=0), linalg.einsum("ij,kj", f32, f32)):
        assert y.dtype == numpy.float32


def _grad(f, x):
    return xint.grad(lambda t: reduce.sum(f(t)))(numpy.asarray(x, dtype=float))


def test_prod_gradient_is_exact_at_zeros():
    x = numpy.array([[2.0, 0.0, 3.0, 5.0], [0.0, 4.0, 0.0, 1.0], [1.0, 2.0, 3.0, 4.0]])
    others = numpy.array([[[numpy.prod(numpy.delete(r, i)) for i in range(4)] for r in x]])[0]
    numpy.testing.assert_array_equal(_grad(lambda t: reduce.prod(t, axis=1), x), others)
    assert not numpy.isnan(_grad(reduce.prod, numpy.zeros(5))).any()


def test_max_splits_ties_and_max_with_index_picks_one():
    x = numpy.array([[1.0, 3.0, 3.0, 2.0], [3.0, 3.0, 3.0, 0.0]])
    numpy.testing.assert_array_equal(_grad(reduce.max, x[0]), [0, 0.5, 0.5, 0])
    numpy.testing.assert_array_equal(_grad(lambda t: reduce.max(t, axis=1), x),
                                     [[0, 0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3, 0]])
    numpy.testing.assert_array_equal(_grad(lambda t: reduce.max_with_index(t, 1)[0], x),
                                     [[0, 1, 0, 0], [1, 0, 0, 0]])
    numpy.testing.assert_array_equal(_grad(lambda t: reduce.min_with_index(t, 0)[0], x),
                                     [[1, 1, 1, 0], [0, 0, 0, 1]])     # ties: the first


def test_norm_and_std_gradients_are_zero_where_undefined():
    z = numpy.zeros((2, 3))
    for ord_ in (2, 1, 3, 1.5, _INF):
        numpy.testing.assert_array_equal(_grad(lambda t: reduce.vector_norm(t, ord_, axis=1), z), z)
    numpy.testing.assert_array_equal(_grad(lambda t: reduce.std(t, axis=0, ddof=1), z + 2.0), z)
    # a zero element of a p < 1 norm: 0 there (torch's rule), finite elsewhere
    g = _grad(lambda t: reduce.vector_norm(t, 0.5), [0.0, 1.0, 4.0])
    assert g[0] == 0 and numpy.isfinite(g).all()
    # -inf norm: the zero element is the minimum and its sign is 0
    numpy.testing.assert_array_equal(_grad(lambda t: reduce.vector_norm(t, -_INF), [3.0, 0.0]), [0, 0])


def test_var_without_degrees_of_freedom():
    with numpy.errstate(divide="ignore", invalid="ignore"):
        assert numpy.isnan(reduce.var(numpy.ones(1), ddof=1))
        assert numpy.isinf(reduce.var(numpy.array([1.0, 2.0]), ddof=2))


def test_cumsum_gradient_is_reversed_cumsum():
    x = Tensor(numpy.array([1.0, 2.0, 3.0]), requires_grad=True)
    y = reduce.cumsum(x, axis=0)
    (g,) = xint.core.backprop([y], [numpy.array([1.0, 10.0, 100.0])], [x])
    numpy.testing.assert_array_equal(g, [111, 110, 100])


def test_einsum_higher_order_through_its_own_vjp():
    a = numpy.arange(6.0).reshape(2, 3)
    hess = xint.hessian(lambda t: linalg.einsum("i,ij,j->", t[:2], a, t))(numpy.ones(3))
    assert hess.shape == (3, 3)
    check_row(lambda t: linalg.einsum("ij,jk->ik", t, ew.exp(shape.transpose(t))), (3, 3), (-1, 1),
              order=3)
    check_row(lambda t: reduce.prod(t, axis=0), (5, 2), (-2, 2), order=3)
