"""The engine on its own: the core primitives' gradients against finite differences, graph
mechanics, long chains."""
import numpy
import pytest

import xint
from xint.core.autodiff import FreedGraphError, backprop
from xint.ops import NumpyTensor as Tensor
from xint.ops import elementwise as ew
from xint.ops import linalg, reduce, shape
from optable import RNG, check_row

# name, function of one float64 array, input shape, domain
OPS = [
    ("add", lambda x: ew.add(x, numpy.linspace(0, 1, 4)), (3, 4), (-2, 2)),
    ("sub", lambda x: ew.sub(numpy.ones((3, 1)), x), (3, 4), (-2, 2)),
    ("mul", lambda x: ew.mul(x, x[:1] * 2.0), (3, 4), (-2, 2)),
    ("div", lambda x: ew.div(x, ew.add(ew.mul(x, x), 1.0)), (3, 4), (-2, 2)),
    ("neg", lambda x: ew.neg(x), (5,), (-2, 2)),
    ("pow", lambda x: ew.power(x, 3), (5,), (0.5, 2)),
    ("pow_exponent", lambda x: ew.power(2.0, x), (5,), (-1, 1)),
    ("pow_both", lambda x: ew.power(x, x), (5,), (0.5, 2)),
    ("exp", lambda x: ew.exp(x), (2, 3), (-2, 2)),
    ("log", lambda x: ew.log(x), (2, 3), (0.2, 3)),
    ("sin", lambda x: ew.sin(x), (2, 3), (-3, 3)),
    ("cos", lambda x: ew.cos(x), (2, 3), (-3, 3)),
    ("tanh", lambda x: ew.tanh(x), (2, 3), (-2, 2)),
    ("sinh", lambda x: ew.sinh(x), (2, 3), (-2, 2)),
    ("cosh", lambda x: ew.cosh(x), (2, 3), (-2, 2)),
    ("sqrt", lambda x: ew.sqrt(x), (2, 3), (0.2, 3)),
    ("where", lambda x: ew.where(x > 0, x, ew.mul(x, x)), (6,), (-2, 2)),
    ("cast", lambda x: ew.cast(ew.mul(x, x), numpy.dtype("float64")), (3,), (-2, 2)),
    ("identity", lambda x: ew.mul(ew.identity(x), x), (3,), (-2, 2)),
    ("sum", lambda x: reduce.sum(ew.mul(x, x), axis=1), (3, 4), (-2, 2)),
    ("sum_keepdims", lambda x: reduce.sum(ew.exp(x), axis=(0, -1), keepdims=True), (2, 3, 4), (-1, 1)),
    ("mean", lambda x: reduce.mean(ew.mul(x, x), axis=0), (3, 4), (-2, 2)),
    ("mean_all", lambda x: reduce.mean(ew.exp(x)), (3, 4), (-2, 2)),
    ("reshape", lambda x: ew.mul(shape.reshape(x, (4, 3)), numpy.arange(3.0)), (3, 4), (-2, 2)),
    ("transpose", lambda x: ew.mul(shape.transpose(x), numpy.arange(3.0)), (3, 4), (-2, 2)),
    ("transpose_axes", lambda x: ew.exp(shape.transpose(x, (2, 0, 1))), (2, 3, 4), (-1, 1)),
    ("broadcast_to", lambda x: ew.mul(shape.broadcast_to(x, (2, 3, 4)), numpy.arange(4.0)), (3, 1), (-1, 1)),
    ("getitem", lambda x: ew.mul(shape.getitem(x, (slice(1, None), [0, 0, 2])), 3.0), (3, 4), (-1, 1)),
    ("index_add", lambda x: ew.exp(shape.index_add(x, (5,), ([0, 0, 3],))), (3,), (-1, 1)),
    ("stack", lambda x: ew.mul(shape.stack(x, ew.exp(x), axis=-1), 2.0), (2, 3), (-1, 1)),
    ("concat", lambda x: ew.exp(shape.concat(x, ew.mul(x, x), axis=-1)), (2, 3), (-1, 1)),
    ("flip", lambda x: ew.mul(shape.flip(x, axis=(0, -1)), numpy.arange(4.0)), (3, 4), (-1, 1)),
    ("pad", lambda x: ew.exp(shape.pad(x, ((1, 0), (2, 1)), value=0.5)), (2, 3), (-1, 1)),
    ("gather", lambda x: ew.mul(shape.gather(x, numpy.array([[0, 2, 2], [1, 1, 0]]), axis=1), 2.0),
     (2, 3), (-1, 1)),
    ("gather_axis0", lambda x: ew.exp(shape.gather(x, numpy.array([[1, 0, 1]]), axis=-2)), (2, 3),
     (-1, 1)),
    ("gather_grad", lambda x: ew.exp(shape.gather_grad(x, (2, 4), numpy.array([[0, 0], [3, 1]]), 1)),
     (2, 2), (-1, 1)),
    ("pick", lambda x: ew.exp(shape.pick(x, numpy.array([2, 0, 2]), 1)), (3, 4), (-1, 1)),
    ("pick_axis0_3d", lambda x: ew.sin(shape.pick(x, numpy.array([[1, 0, 1], [0, 0, 1]]), 0)),
     (2, 2, 3), (-1, 1)),
    ("pick_grad", lambda x: ew.exp(shape.pick_grad(x, (2, 4), numpy.array([3, 1]), 1)), (2,),
     (-1, 1)),
    ("setitem", lambda x: ew.mul(shape.setitem(x, ew.exp(x[0]), (slice(1, 3),)), x), (3, 2), (-1, 1)),
    ("setitem_mask", lambda x: ew.exp(shape.setitem(x, 2.0, numpy.array([True, False, True]))),
     (3,), (-1, 1)),
    ("tile", lambda x: ew.mul(shape.tile(x, (2, 1, 3)), numpy.arange(6.0)), (2, 2), (-1, 1)),
    ("squeeze_expand", lambda x: ew.exp(shape.expand_dims(shape.squeeze(x), -1)), (1, 3, 1), (-1, 1)),
    ("split", lambda x: ew.mul(shape.split(x, 2, axis=1)[1], shape.split(x, [1, 3], axis=1)[1][:, :2]),
     (2, 4), (-1, 1)),
    ("getitem_mask", lambda x: ew.exp(shape.getitem(x, x > 0)), (3, 4), (-1, 1)),
    ("getitem_none_ellipsis", lambda x: ew.exp(shape.getitem(x, (Ellipsis, None, 1))), (2, 3), (-1, 1)),
    ("matmul", lambda x: linalg.matmul(x, numpy.arange(12.0).reshape(4, 3) / 10), (3, 4), (-1, 1)),
    ("matmul_vec", lambda x: linalg.matmul(numpy.arange(12.0).reshape(3, 4) / 10, x), (4,), (-1, 1)),
    ("matmul_vecvec", lambda x: linalg.matmul(x, x), (4,), (-1, 1)),
    ("matmul_batched", lambda x: linalg.matmul(x, ew.exp(shape.transpose(x, (0, 2, 1)))), (2, 3, 4), (-1, 1)),
    ("matmul_vec_batch", lambda x: linalg.matmul(numpy.ones(3), x), (2, 3, 4), (-1, 1)),
]
NOT_DIFFERENTIABLE = {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal"}


@pytest.mark.parametrize("name,f,shp,domain", OPS, ids=[o[0] for o in OPS])
def test_gradient_against_finite_differences(name, f, shp, domain):
    check_row(f, shp, domain)


def test_matrix_calculus_rules():
    A = RNG.standard_normal((3, 3))
    x = RNG.standard_normal(3)
    X = RNG.standard_normal((2, 3))
    numpy.testing.assert_allclose(xint.jacobian(lambda v: linalg.matmul(A, v))(x), A)
    numpy.testing.assert_allclose(xint.grad(lambda v: linalg.matmul(v, linalg.matmul(A, v)))(x),
                                  (A + A.T) @ x)
    numpy.testing.assert_allclose(xint.grad(lambda v: reduce.sum(ew.mul(v, v)))(x), 2 * x)
    numpy.testing.assert_allclose(xint.grad(lambda M: reduce.sum(ew.mul(M, M)))(X), 2 * X)
    numpy.testing.assert_allclose(xint.hessian(lambda v: reduce.sum(ew.power(v, 3)))(x),
                                  numpy.diag(6 * x))
    y, pull = xint.vjp(lambda v: ew.exp(v), x)
    numpy.testing.assert_allclose(pull(numpy.ones(3)), numpy.exp(x))


def test_long_chain_backprops_without_recursion():
    x = Tensor(numpy.array([1.0, 2.0]), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = ew.mul(y, 1.0)
    (g,) = backprop([reduce.sum(y)], [numpy.array(1.0)], [x])
    numpy.testing.assert_array_equal(g, [1.0, 1.0])


def test_fan_out_and_broadcast_accumulate():
    x = Tensor(numpy.array([[1.0], [2.0]]), requires_grad=True)          # (2, 1)
    y = ew.add(ew.mul(x, numpy.ones((2, 3))), ew.mul(x, x))             # broadcast + fan-out
    (g,) = backprop([reduce.sum(y)], [numpy.array(1.0)], [x])
    numpy.testing.assert_array_equal(g, 3.0 + 6.0 * x._data)    # d sum(x*1 + x²)|bcast = 3 + 3·2x


def test_freed_graph_refuses_saved_values_but_not_shape_only_ops():
    x = Tensor(numpy.arange(3.0), requires_grad=True)
    s = reduce.sum(x)
    backprop([s], [numpy.array(1.0)], [x])
    backprop([s], [numpy.array(1.0)], [x])              # sum saved nothing: fine again
    m = reduce.sum(ew.mul(x, x))
    backprop([m], [numpy.array(1.0)], [x])
    with pytest.raises(FreedGraphError):
        backprop([m], [numpy.array(1.0)], [x])
    r = reduce.sum(ew.mul(x, x))
    backprop([r], [numpy.array(1.0)], [x], retain_graph=True)
    backprop([r], [numpy.array(1.0)], [x])


def test_unreached_source_gets_none_and_raw_fast_path():
    x = Tensor(numpy.ones(2), requires_grad=True)
    w = Tensor(numpy.ones(2), requires_grad=True)
    assert backprop([reduce.sum(x)], [numpy.array(1.0)], [x, w])[1] is None
    assert type(ew.mul(numpy.ones(2), 2.0)) is numpy.ndarray     # no Tensor in, no wrapper out
