"""Elementwise primitives beyond the core: integer division and remainders, sign and magnitude,
log1p/expm1/tan/sigmoid/relu, extrema and clipping, rounding, logic. Gradients against finite
differences (the op table), forward values and dtypes against NumPy, and the gradient
conventions at kinks and ties that torch fixes (relu'(0) = 0, abs'(0) = 0, half of g to each
side of a tie in maximum, clip's bounds inclusive)."""
import warnings

import numpy
import pytest

from xint.ops import NumpyTensor as Tensor
from xint.ops import elementwise as ew
from xint.core.autodiff import backprop
from optable import RNG, check_row

C = numpy.linspace(-1.5, 1.5, 4)                 # a constant row that broadcasts against (3, 4)

# name, function of one float64 array, input shape, domain
OPS = [
    ("floordiv", lambda x: ew.mul(ew.floordiv(x, 0.7), x), (3, 4), (-2, 2)),
    ("floordiv_divisor", lambda x: ew.mul(ew.floordiv(C, x), x), (3, 4), (0.5, 2)),
    ("mod", lambda x: ew.mod(x, 0.7), (3, 4), (-2, 2)),
    ("mod_divisor", lambda x: ew.mod(C, x), (3, 4), (-2, -0.5)),
    ("mod_broadcast", lambda x: ew.mod(ew.mul(x, 3.3), x[:1]), (3, 4), (0.5, 2)),
    ("fmod", lambda x: ew.fmod(x, 0.7), (3, 4), (-2, 2)),
    ("fmod_divisor", lambda x: ew.fmod(C, x), (3, 4), (0.5, 2)),
    ("sign", lambda x: ew.mul(ew.sign(x), ew.mul(x, x)), (3, 4), (-2, 2)),
    ("abs", lambda x: ew.abs(x), (3, 4), (-2, 2)),
    ("abs_0d", lambda x: ew.mul(ew.abs(x), x), (), (-2, 2)),
    ("square", lambda x: ew.square(x), (2, 3), (-2, 2)),
    ("log1p", lambda x: ew.log1p(x), (2, 3), (-0.5, 2)),
    ("expm1", lambda x: ew.expm1(x), (2, 3), (-2, 2)),
    ("tan", lambda x: ew.tan(x), (2, 3), (-1.2, 1.2)),
    ("sigmoid", lambda x: ew.sigmoid(x), (2, 3), (-4, 4)),
    ("sigmoid_large", lambda x: ew.sigmoid(x), (5,), (-40, 40)),
    ("sigmoid_empty", lambda x: ew.sigmoid(x), (0, 3), (-1, 1)),
    ("relu", lambda x: ew.mul(ew.relu(x), x), (3, 4), (-2, 2)),
    ("relu_0d", lambda x: ew.relu(x), (), (0.5, 2)),
    ("maximum", lambda x: ew.maximum(x, C), (3, 4), (-2, 2)),
    ("maximum_both", lambda x: ew.maximum(ew.sin(x), ew.cos(x)), (3, 4), (-3, 3)),
    ("minimum", lambda x: ew.minimum(C, x), (3, 4), (-2, 2)),
    ("minimum_broadcast", lambda x: ew.minimum(x, ew.mul(x[:, :1], 0.5)), (3, 4), (-2, 2)),
    ("clip", lambda x: ew.clip(x, -0.5, 0.7), (3, 4), (-2, 2)),
    ("clip_lo_only", lambda x: ew.clip(ew.mul(x, x), 0.5, None), (3, 4), (-2, 2)),
    ("clip_hi_only", lambda x: ew.clip(ew.exp(x), None, 2.0), (3, 4), (-2, 2)),
    ("clip_tensor_lo", lambda x: ew.clip(C, x, None), (3, 4), (-2, 2)),
    ("clip_tensor_hi", lambda x: ew.clip(C, None, x), (3, 4), (-2, 2)),
    ("clip_tensor_both", lambda x: ew.clip(ew.sin(ew.mul(x, 3.0)), ew.sub(x, 1.0), ew.add(x, 0.2)),
     (3, 4), (-2, 2)),
    ("clip_crossed_bounds", lambda x: ew.clip(C, ew.add(x, 3.0), x), (3, 4), (-1, 1)),
    ("floor", lambda x: ew.mul(ew.floor(x), x), (3, 4), (-2, 2)),
    ("ceil", lambda x: ew.mul(ew.ceil(x), x), (3, 4), (-2, 2)),
    ("trunc", lambda x: ew.mul(ew.trunc(x), x), (3, 4), (-2, 2)),
    ("round", lambda x: ew.mul(ew.round(ew.mul(x, 3.0)), x), (3, 4), (-2, 2)),
    ("round_decimals", lambda x: ew.add(ew.round(x, decimals=2), ew.exp(x)), (3, 4), (-2, 2)),
]
NOT_DIFFERENTIABLE = {"zeros_like", "logical_and", "logical_or", "logical_xor", "logical_not",
                      "isnan", "isinf", "isfinite"}


@pytest.mark.parametrize("name,f,shp,domain", OPS, ids=[o[0] for o in OPS])
def test_gradient_against_finite_differences(name, f, shp, domain):
    check_row(f, shp, domain)


# ----- forward values and dtypes against NumPy -----
X = RNG.uniform(-3, 3, (3, 4))
Y = RNG.uniform(0.5, 2, (3, 4)) * numpy.where(RNG.uniform(size=(3, 4)) < 0.5, -1, 1)

FORWARD = [
    ("floordiv", lambda: ew.floordiv(X, Y), lambda: X // Y),
    ("mod", lambda: ew.mod(X, Y), lambda: X % Y),
    ("fmod", lambda: ew.fmod(X, Y), lambda: numpy.fmod(X, Y)),
    ("sign", lambda: ew.sign(X), lambda: numpy.sign(X)),
    ("abs", lambda: ew.abs(X), lambda: numpy.abs(X)),
    ("square", lambda: ew.square(X), lambda: X * X),
    ("log1p", lambda: ew.log1p(numpy.abs(X)), lambda: numpy.log(1 + numpy.abs(X))),
    ("expm1", lambda: ew.expm1(X), lambda: numpy.exp(X) - 1),
    ("tan", lambda: ew.tan(X), lambda: numpy.sin(X) / numpy.cos(X)),
    ("sigmoid", lambda: ew.sigmoid(X), lambda: 1 / (1 + numpy.exp(-X))),
    ("relu", lambda: ew.relu(X), lambda: numpy.where(X > 0, X, 0)),
    ("maximum", lambda: ew.maximum(X, Y), lambda: numpy.where(X > Y, X, Y)),
    ("minimum", lambda: ew.minimum(X, Y), lambda: numpy.where(X < Y, X, Y)),
    ("clip", lambda: ew.clip(X, -1, 1), lambda: numpy.clip(X, -1, 1)),
    ("clip_lo", lambda: ew.clip(X, Y, None), lambda: numpy.where(X < Y, Y, X)),
    ("floor", lambda: ew.floor(X), lambda: numpy.floor(X)),
    ("ceil", lambda: ew.ceil(X), lambda: numpy.ceil(X)),
    ("trunc", lambda: ew.trunc(X), lambda: numpy.fix(X)),
    ("round", lambda: ew.round(X), lambda: numpy.rint(X)),
    ("round_decimals", lambda: ew.round(X, decimals=1), lambda: numpy.rint(X * 10) / 10),
    ("logical_and", lambda: ew.logical_and(X > 0, Y > 0), lambda: (X > 0) & (Y > 0)),
    ("logical_or", lambda: ew.logical_or(X > 0, Y > 0), lambda: (X > 0) | (Y > 0)),
    ("logical_xor", lambda: ew.logical_xor(X > 0, Y > 0), lambda: (X > 0) ^ (Y > 0)),
    ("logical_not", lambda: ew.logical_not(X > 0), lambda: X <= 0),
    ("zeros_like", lambda: ew.zeros_like(X), lambda: 0 * X),
]


@pytest.mark.parametrize("name,got,expected", FORWARD, ids=[f[0] for f in FORWARD])
def test_forward_matches_numpy(name, got, expected):
    g, e = got(), expected()
    assert g.dtype == e.dtype
    numpy.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)


def test_float_classification():
    v = numpy.array([1.0, numpy.nan, numpy.inf, -numpy.inf])
    numpy.testing.assert_array_equal(ew.isnan(v), [False, True, False, False])
    numpy.testing.assert_array_equal(ew.isinf(v), [False, False, True, True])
    numpy.testing.assert_array_equal(ew.isfinite(v), [True, False, False, False])


def test_dtypes_are_kept():
    ints = numpy.array([-2, 0, 3], dtype=numpy.int32)
    for prim in (ew.floor, ew.ceil, ew.trunc, ew.round, ew.abs, ew.sign, ew.relu):
        out = prim(ints)
        assert out.dtype == numpy.int32, prim
        numpy.testing.assert_array_equal(out, numpy.sign(ints) if prim is ew.sign else
                                         numpy.maximum(ints, 0) if prim is ew.relu else
                                         numpy.abs(ints) if prim is ew.abs else ints)
    assert ew.floor(ints) is not ints                      # a new array, not an alias
    f32 = numpy.array([-0.5, 0.5], dtype=numpy.float32)
    for prim in (ew.sigmoid, ew.relu, ew.abs, ew.log1p, ew.expm1, ew.tan, ew.floor):
        assert prim(f32).dtype == numpy.float32, prim
    for prim in (ew.relu, ew.sigmoid):
        assert prim(numpy.array(-2.0, dtype=numpy.float32)).dtype == numpy.float32  # NumPy 1.x
    assert ew.sign(numpy.array([True, False])).dtype == numpy.bool_


def test_sigmoid_is_stable_for_large_magnitudes():
    x = numpy.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")                      # no overflow warning either
        for dtype in (numpy.float32, numpy.float64):
            s = ew.sigmoid(x.astype(dtype))
            assert s.dtype == dtype and numpy.all(numpy.isfinite(s))
            assert s[0] == 0 and s[2] == 0.5 and s[-1] == 1
    numpy.testing.assert_allclose(ew.sigmoid(numpy.array([-50.0])), [numpy.exp(-50.0)], rtol=1e-12)


def test_floor_semantics_of_division():
    a = numpy.array([5, -5, 5, -5])
    b = numpy.array([3, 3, -3, -3])
    numpy.testing.assert_array_equal(ew.floordiv(a, b), [1, -2, -2, 1])
    numpy.testing.assert_array_equal(ew.mod(a, b), [2, 1, -1, -2])      # the divisor's sign
    numpy.testing.assert_array_equal(ew.fmod(a, b), [2, -2, 2, -2])     # the dividend's sign
    zeros = ew.mod(numpy.array([-4.0, 4.0, 3.0]), numpy.array([2.0, 2.0, -1.0]))
    numpy.testing.assert_array_equal(numpy.signbit(zeros), [True, False, False])  # as torch, TF


def test_clip_with_crossed_bounds_gives_the_upper_one():
    numpy.testing.assert_array_equal(ew.clip(numpy.array([-1.0, 0.5, 2.0]), 1.0, 0.0), [0, 0, 0])


def _grads(f, *values):
    ts = [Tensor(numpy.array(v, dtype=float), requires_grad=True) for v in values]
    out = f(*ts)
    return backprop([out], [numpy.ones(out.shape)], ts)


def test_gradients_at_kinks_and_ties():
    (g,) = _grads(ew.relu, [-1.0, 0.0, 2.0])
    numpy.testing.assert_array_equal(g, [0, 0, 1])
    (g,) = _grads(ew.abs, [-1.0, 0.0, 2.0])
    numpy.testing.assert_array_equal(g, [-1, 0, 1])
    gx, gy = _grads(ew.maximum, [1.0, 2.0, 3.0], [1.0, 3.0, 2.0])
    numpy.testing.assert_array_equal(gx, [0.5, 0, 1])
    numpy.testing.assert_array_equal(gy, [0.5, 1, 0])
    gx, gy = _grads(ew.minimum, [1.0, 2.0, 3.0], [1.0, 3.0, 2.0])
    numpy.testing.assert_array_equal(gx, [0.5, 1, 0])
    numpy.testing.assert_array_equal(gy, [0.5, 0, 1])
    gx, gy = _grads(ew.maximum, [numpy.nan, 1.0], [1.0, numpy.nan])
    numpy.testing.assert_array_equal(gx, [1, 1])          # NaN wins neither way: g to both
    numpy.testing.assert_array_equal(gy, [1, 1])


def test_clip_gradients_include_both_bounds():
    x = [-1.0, 0.0, 0.5, 1.0, 2.0]
    (g,) = _grads(lambda t: ew.clip(t, 0.0, 1.0), x)
    numpy.testing.assert_array_equal(g, [0, 1, 1, 1, 0])
    gx, glo, ghi = _grads(ew.clip, x, [2.0, 2.0, 0.5, 0.0, 2.0], [0.0, 0.0, 1.0, 1.0, 3.0])
    numpy.testing.assert_array_equal(gx, [0, 0, 1, 1, 1])
    numpy.testing.assert_array_equal(glo, [0, 0, 0, 0, 0])   # lo > hi: the result is hi
    numpy.testing.assert_array_equal(ghi, [1, 1, 0, 0, 0])


def test_flat_ops_give_zero_gradients_not_none():
    for prim in (ew.floor, ew.ceil, ew.trunc, ew.round, ew.sign):
        (g,) = _grads(prim, [0.3, -1.7, numpy.inf])
        numpy.testing.assert_array_equal(g, [0, 0, 0])
    gx, gy = _grads(ew.floordiv, [5.0, -5.0], [3.0, 3.0])
    numpy.testing.assert_array_equal(gx, [0, 0])
    numpy.testing.assert_array_equal(gy, [0, 0])
    gx, gy = _grads(ew.mod, [5.0, -5.0, 5.5], [3.0, 3.0, -2.0])
    numpy.testing.assert_array_equal(gx, [1, 1, 1])
    numpy.testing.assert_array_equal(gy, [-1, 2, 3])      # -floor(x / y)


def test_logic_and_classification_are_not_recorded():
    x = Tensor(numpy.array([1.0, numpy.nan]), requires_grad=True)
    for out in (ew.isnan(x), ew.isinf(x), ew.isfinite(x), ew.logical_not(x),
                ew.logical_and(x, x), ew.logical_or(x, x), ew.logical_xor(x, x)):
        assert out.node is None and out.dtype == numpy.bool_
