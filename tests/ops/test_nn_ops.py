"""The nn family (xint.ops.nn): gradients against finite differences (second order included:
each row's variable feeds several arguments, so the gradients' own VJPs run), and forward values
against direct NumPy formulas written independently here (loops are fine in a reference)."""
import numpy
import pytest

from xint.ops import NumpyTensor
from xint.ops import elementwise as ew
from xint.ops import nn, reduce, shape
from optable import RNG, check_row

LABELS = numpy.array([2, 0, 4])                       # for logits shaped (3, 5)
LABELS_4D = numpy.array([[[0, 2], [1, 1]], [[2, 2], [0, 1]]])   # for logits (2, 3, 2, 2)
IGNORED = numpy.array([2, -100, 4])
PROBS = numpy.abs(RNG.standard_normal((3, 5)))
PROBS /= PROBS.sum(axis=1, keepdims=True)
KEEP = RNG.random((3, 4)) > 0.3


def pieces(v, *shapes):
    """Consecutive slices of the flat variable v, reshaped: several arguments from one input."""
    out, start = [], 0
    for s in shapes:
        n = int(numpy.prod(s))
        out.append(shape.reshape(shape.getitem(v, slice(start, start + n)), s))
        start += n
    return out


def size(*shapes):
    return (sum(int(numpy.prod(s)) for s in shapes),)


def several(f, *shapes, first=False, **params):
    """A row's (function, input shape): f applied to arguments cut from one flat variable (so the
    second-order check differentiates every gradient with respect to every argument)."""
    def g(v):
        out = f(*pieces(v, *shapes), **params)
        return out[0] if first else out
    return g, size(*shapes)


def conv_out_shape(xs, ws, **p):
    return nn._conv2d(numpy.zeros(xs), numpy.zeros(ws), **p).shape


def input_grad_row(xs, ws, **p):
    return several(nn.conv2d_input_grad, conv_out_shape(xs, ws, **p), ws, x_shape=xs, **p)


def weight_grad_row(xs, ws, **p):
    return several(nn.conv2d_weight_grad, xs, conv_out_shape(xs, ws, **p), w_shape=ws, **p)


def squared(f, **params):
    """x -> f(x)²: second order then runs through f's gradient's own VJP."""
    return lambda x: ew.mul(f(x, **params), f(x, **params))


def conv_nonlinear(x):
    w = ew.mul(shape.getitem(x, (slice(0, 2), slice(None), slice(0, 2))), 2.0)
    return nn.conv2d(ew.tanh(x), w, padding=1)


POOL_X = RNG.uniform(-1, 1, (2, 2, 5, 6))             # a fixed input whose maxima the rows route by


def row(name, f_shape, domain=(-1, 1)):
    f, shp = f_shape
    return (name, f, shp, domain)


# name, function of one float64 array, input shape, domain
OPS = [
    ("logsumexp", lambda x: nn.logsumexp(x, axis=1), (3, 4), (-2, 2)),
    ("logsumexp_keepdims_neg", lambda x: nn.logsumexp(x, axis=(0, -1), keepdims=True),
     (2, 3, 4), (-2, 2)),
    ("logsumexp_all", lambda x: nn.logsumexp(ew.mul(x, x)), (3, 4), (-2, 2)),
    ("logsumexp_0d", lambda x: nn.logsumexp(x), (), (-2, 2)),
    ("logsumexp_broadcast", lambda x: nn.logsumexp(ew.add(x, numpy.arange(4.0)), axis=-1),
     (3, 1), (-2, 2)),
    ("softmax", lambda x: nn.softmax(x, axis=-1), (3, 4), (-3, 3)),
    ("softmax_axis0", lambda x: nn.softmax(ew.mul(x, x), axis=0), (3, 4), (-2, 2)),
    ("log_softmax", lambda x: nn.log_softmax(x, axis=1), (2, 3, 4), (-3, 3)),
    ("log_softmax_neg", lambda x: nn.log_softmax(ew.mul(x, x), axis=-2), (3, 4), (-2, 2)),
    ("cross_entropy", lambda x: nn.cross_entropy(x, LABELS), (3, 5), (-3, 3)),
    ("cross_entropy_sum", lambda x: nn.cross_entropy(x, LABELS, reduction="sum"), (3, 5), (-3, 3)),
    ("cross_entropy_none", lambda x: nn.cross_entropy(x, LABELS, reduction="none"),
     (3, 5), (-3, 3)),
    ("cross_entropy_4d", lambda x: nn.cross_entropy(x, LABELS_4D, axis=1), (2, 3, 2, 2), (-3, 3)),
    ("cross_entropy_ignore", lambda x: nn.cross_entropy(x, IGNORED, ignore_index=-100),
     (3, 5), (-3, 3)),
    ("cross_entropy_smooth", lambda x: nn.cross_entropy(x, IGNORED, ignore_index=-100,
                                                        label_smoothing=0.1), (3, 5), (-3, 3)),
    ("cross_entropy_probs", lambda x: nn.cross_entropy(x, PROBS, label_smoothing=0.2),
     (3, 5), (-3, 3)),
    ("nll_unbatched", lambda x: nn.nll(nn.log_softmax(x, axis=0), numpy.array(1), axis=0),
     (4,), (-2, 2)),
    ("label_xent", lambda x: nn.label_xent(x, LABELS, axis=1), (3, 5), (-3, 3)),
    ("label_xent_4d_axis1", lambda x: nn.label_xent(x, LABELS_4D, axis=1), (2, 3, 2, 2),
     (-3, 3)),
    ("label_xent_mean", lambda x: nn.label_xent(x, LABELS, axis=1, reduction="mean"), (3, 5),
     (-3, 3)),
    ("label_xent_4d_sum", lambda x: nn.label_xent(x, LABELS_4D, axis=1, reduction="sum"),
     (2, 3, 2, 2), (-3, 3)),
    ("mse", lambda x: nn.mse(x, numpy.linspace(0, 1, 4)), (3, 4), (-2, 2)),
    ("mse_sum_none", lambda x: ew.add(nn.mse(x, ew.exp(x), reduction="sum"),
                                      reduce.sum(nn.mse(x, 1.0, reduction="none"))),
     (3, 4), (-2, 2)),
    ("dropout", lambda x: ew.mul(nn.dropout(x, KEEP, 0.3), x), (3, 4), (-2, 2)),
    ("dropout_all", lambda x: ew.add(nn.dropout(x, None, 1.0), x), (3, 4), (-2, 2)),
    row("conv2d", several(nn.conv2d, (2, 3, 5, 6), (4, 3, 3, 2), (4,))),
    row("conv2d_geometry", several(nn.conv2d, (2, 2, 7, 6), (3, 2, 2, 3), (3,), stride=(2, 1),
                                   padding=((1, 0), (2, 1)), dilation=(1, 2))),
    row("conv2d_groups_same", several(nn.conv2d, (1, 4, 5, 5), (6, 2, 3, 2), groups=2,
                                      padding="same")),
    row("conv2d_stride_pad", several(nn.conv2d, (2, 2, 6, 5), (2, 2, 3, 3), (2,), stride=2,
                                     padding=1)),
    row("conv2d_input_grad", input_grad_row((2, 2, 6, 5), (3, 2, 3, 2), stride=2, padding=1)),
    row("conv2d_input_grad_groups", input_grad_row((1, 4, 5, 4), (2, 2, 2, 2), groups=2,
                                                   dilation=2)),
    row("conv2d_weight_grad", weight_grad_row((2, 2, 6, 5), (3, 2, 3, 2), stride=(1, 2),
                                              padding=1)),
    row("conv2d_nhwc", several(nn.conv2d_nhwc, (2, 5, 4, 3), (2, 3, 3, 2), (2,), padding=1)),
    row("conv2d_nhwc_geometry", several(nn.conv2d_nhwc, (1, 5, 6, 4), (3, 2, 2, 2), (2,),
                                        stride=(2, 1), padding=((1, 0), (0, 1)), dilation=(1, 2),
                                        groups=2)),
    ("conv2d_nonlinear", conv_nonlinear, (2, 2, 4, 4), (-1, 1)),
    ("max_pool2d", lambda x: nn.max_pool2d(x, kernel_size=2), (2, 3, 4, 6), (-1, 1)),
    ("max_pool2d_overlap_squared", squared(nn.max_pool2d, kernel_size=3, stride=1, padding=1),
     (2, 2, 5, 5), (-1, 1)),
    ("max_pool2d_geometry_3d", lambda x: nn.max_pool2d(x, kernel_size=(2, 3), stride=(1, 2),
                                                       padding=(1, 1), dilation=(2, 1)),
     (3, 5, 6), (-1, 1)),
    ("max_pool2d_backward", lambda x: nn.max_pool2d_backward(x, POOL_X, kernel_size=2, stride=1),
     (2, 2, 4, 5), (-1, 1)),
    ("max_pool2d_select", lambda x: nn.max_pool2d_select(x, POOL_X, kernel_size=3, stride=2,
                                                         padding=1), (2, 2, 5, 6), (-1, 1)),
    ("max_pool2d_nhwc", lambda x: nn.max_pool2d_nhwc(x, kernel_size=2), (2, 4, 4, 3), (-1, 1)),
    ("avg_pool2d", lambda x: nn.avg_pool2d(x, kernel_size=2), (2, 3, 4, 6), (-1, 1)),
    ("avg_pool2d_squared_pad", squared(nn.avg_pool2d, kernel_size=3, stride=2, padding=1),
     (2, 2, 5, 6), (-1, 1)),
    ("avg_pool2d_backward", lambda x: nn.avg_pool2d_backward(
        x, x_shape=(2, 5, 6), kernel_size=(2, 3), stride=(1, 2), padding=(1, 1)),
     (2, 6, 3), (-1, 1)),
    # windows apart (stride 3 > 2) and not reaching the last column: zeros where none reads
    ("avg_pool2d_untiled", lambda x: nn.avg_pool2d(x, kernel_size=2, stride=(3, 2)),
     (2, 2, 6, 7), (-1, 1)),
    ("avg_pool2d_nhwc", lambda x: nn.avg_pool2d_nhwc(x, kernel_size=2), (2, 4, 4, 3), (-1, 1)),
    ("avg_pool2d_nhwc_pad", squared(nn.avg_pool2d_nhwc, kernel_size=3, stride=2, padding=1),
     (2, 5, 6, 2), (-1, 1)),
    ("avg_pool2d_nhwc_backward", lambda x: nn.avg_pool2d_nhwc_backward(
        x, x_shape=(2, 5, 6, 3), kernel_size=(2, 3), stride=(1, 2), padding=(1, 1)),
     (2, 6, 3, 3), (-1, 1)),
    row("batch_norm_train_4d", several(nn.batch_norm_train, (3, 2, 2, 3), (2,), (2,), first=True)),
    ("batch_norm_train_2d", lambda x: nn.batch_norm_train(x, eps=1e-3)[0], (5, 3), (-1, 1)),
    row("batch_norm_eval", several(nn.batch_norm_eval, (3, 2, 2, 3), (2,), (2,), (2,), (2,)),
        domain=(0.2, 1)),
]
NOT_DIFFERENTIABLE = {"one_hot"}


@pytest.mark.parametrize("name,f,shp,domain", OPS, ids=[o[0] for o in OPS])
def test_gradient_against_finite_differences(name, f, shp, domain):
    check_row(f, shp, domain)


# ----- forward values against independent NumPy references -----
def conv_reference(x, w, b, stride, pads, dilation, groups):
    (pt, pb), (pl, pr) = pads
    x = numpy.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    ho = (h - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    wo = (wd - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = numpy.zeros((n, o, ho, wo))
    og = o // groups
    for oc in range(o):
        grp = oc // og
        for r in range(ho):
            for s in range(wo):
                rows = slice(r * stride[0], r * stride[0] + dilation[0] * (kh - 1) + 1, dilation[0])
                cols = slice(s * stride[1], s * stride[1] + dilation[1] * (kw - 1) + 1, dilation[1])
                patch = x[:, grp * cg:(grp + 1) * cg, rows, cols]
                out[:, oc, r, s] = (patch * w[oc]).sum(axis=(1, 2, 3))
    return out + (0 if b is None else b[:, None, None])


@pytest.mark.parametrize("xs,ws,stride,pads,dilation,groups", [
    ((2, 3, 5, 6), (4, 3, 3, 2), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),
    ((2, 4, 7, 6), (6, 2, 2, 3), (2, 1), ((1, 0), (2, 1)), (1, 2), 2),
    ((1, 3, 6, 6), (3, 1, 3, 3), (3, 2), ((1, 1), (1, 1)), (2, 1), 3),
    ((3, 4, 7, 7), (4, 2, 2, 3), (2, 1), ((0, 0), (0, 0)), (2, 1), 2),
])
def test_conv2d_values(xs, ws, stride, pads, dilation, groups):
    x, w, b = RNG.standard_normal(xs), RNG.standard_normal(ws), RNG.standard_normal(ws[0])
    want = conv_reference(x, w, b, stride, pads, dilation, groups)
    # the input's memory order must not matter: NCHW, channel-major and NHWC memory
    for view in (x, numpy.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3),
                 numpy.ascontiguousarray(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)):
        got = nn.conv2d(view, w, b, stride=stride, padding=pads, dilation=dilation,
                        groups=groups)
        numpy.testing.assert_allclose(got, want, atol=1e-12)


def test_conv2d_padding_forms_dtype_nhwc_and_empty_batch():
    x, w = RNG.standard_normal((2, 3, 5, 6)), RNG.standard_normal((4, 3, 3, 2))
    same = nn.conv2d(x, w, padding="same")
    numpy.testing.assert_allclose(same, conv_reference(x, w, None, (1, 1), ((1, 1), (0, 1)),
                                                       (1, 1), 1), atol=1e-12)
    numpy.testing.assert_array_equal(nn.conv2d(x, w, padding="valid"), nn.conv2d(x, w))
    numpy.testing.assert_array_equal(nn.conv2d(x, w, padding=(1, 2)),
                                     nn.conv2d(x, w, padding=((1, 1), (2, 2))))
    y32 = nn.conv2d(x.astype(numpy.float32), w.astype(numpy.float32), stride=2)
    assert y32.dtype == numpy.float32 and y32.flags.c_contiguous
    nhwc = nn.conv2d_nhwc(x.transpose(0, 2, 3, 1), w.transpose(2, 3, 1, 0), padding=1)
    numpy.testing.assert_allclose(nhwc, nn.conv2d(x, w, padding=1).transpose(0, 2, 3, 1))
    assert nn.conv2d(numpy.zeros((0, 3, 5, 6)), w).shape == (0, 4, 3, 5)


def pool_reference(x, k, stride, pad, reduce_fn, fill):
    x = numpy.pad(x, ((0, 0),) * (x.ndim - 2) + ((pad[0],) * 2, (pad[1],) * 2),
                  constant_values=fill)
    ho = (x.shape[-2] - k[0]) // stride[0] + 1
    wo = (x.shape[-1] - k[1]) // stride[1] + 1
    out = numpy.empty(x.shape[:-2] + (ho, wo))
    for r in range(ho):
        for s in range(wo):
            win = x[..., r * stride[0]:r * stride[0] + k[0], s * stride[1]:s * stride[1] + k[1]]
            out[..., r, s] = reduce_fn(win, axis=(-2, -1))
    return out


@pytest.mark.parametrize("k,stride,pad,shp", [
    ((2, 2), (2, 2), (0, 0), (2, 3, 4, 6)),
    ((3, 3), (1, 1), (1, 1), (2, 2, 5, 5)),
    ((2, 3), (1, 2), (1, 1), (3, 5, 7)),
])
def test_pool_values(k, stride, pad, shp):
    x = RNG.standard_normal(shp)
    numpy.testing.assert_allclose(
        nn.max_pool2d(x, kernel_size=k, stride=stride, padding=pad),
        pool_reference(x, k, stride, pad, numpy.max, -numpy.inf))
    numpy.testing.assert_allclose(
        nn.avg_pool2d(x, kernel_size=k, stride=stride, padding=pad),
        pool_reference(x, k, stride, pad, numpy.mean, 0.0))     # padding counts in the mean


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = NumpyTensor(numpy.array([[[[1.0, 3.0, 3.0], [3.0, 0.0, 3.0], [2.0, 3.0, 1.0]]]]),
                    requires_grad=True)
    y = nn.max_pool2d(x, kernel_size=2, stride=1)           # every window's maximum is a tie
    from xint.core.autodiff import backprop
    (g,) = backprop([reduce.sum(y)], [numpy.array(1.0)], [x])
    numpy.testing.assert_array_equal(g[0, 0], [[0, 2, 0], [1, 0, 1], [0, 0, 0]])


def test_softmax_family_values_and_stability():
    x = RNG.standard_normal((3, 4))
    e = numpy.exp(x)
    numpy.testing.assert_allclose(nn.softmax(x, axis=1), e / e.sum(1, keepdims=True))
    numpy.testing.assert_allclose(nn.log_softmax(x, axis=0), x - numpy.log(e.sum(0)))
    numpy.testing.assert_allclose(nn.logsumexp(x, axis=(0, 1), keepdims=True),
                                  numpy.log(e.sum()).reshape(1, 1))
    big = numpy.array([[1000.0, 0.0, -1000.0], [-numpy.inf, 5.0, 5.0]])
    numpy.testing.assert_allclose(nn.softmax(big, axis=1), [[1, 0, 0], [0, 0.5, 0.5]])
    numpy.testing.assert_allclose(nn.log_softmax(big, axis=1)[0], [0, -1000, -2000])
    numpy.testing.assert_allclose(nn.logsumexp(big, axis=1), [1000, 5 + numpy.log(2)])
    assert nn.logsumexp(numpy.array(3.0)) == 3.0
    assert nn.softmax(numpy.zeros((3, 0)), axis=1).shape == (3, 0)
    with numpy.errstate(divide="ignore"):
        assert nn.logsumexp(numpy.zeros((2, 0)), axis=1).tolist() == [-numpy.inf, -numpy.inf]


def test_losses_one_hot_and_dropout_values():
    x = RNG.standard_normal((3, 5))
    logp = x - numpy.log(numpy.exp(x).sum(1, keepdims=True))
    numpy.testing.assert_allclose(nn.cross_entropy(x, LABELS), -logp[[0, 1, 2], LABELS].mean())
    numpy.testing.assert_allclose(nn.cross_entropy(x, IGNORED, ignore_index=-100),
                                  -(logp[0, 2] + logp[2, 4]) / 2)
    numpy.testing.assert_allclose(nn.cross_entropy(x, PROBS, reduction="sum"),
                                  -(PROBS * logp).sum())
    huge = numpy.array([[1e4, 0.0]])                         # stable: no exp overflow
    numpy.testing.assert_allclose(nn.cross_entropy(huge, numpy.array([1])), 1e4)
    numpy.testing.assert_allclose(nn.mse(x, 1.0, reduction="none"), (x - 1) ** 2)
    with pytest.raises(ValueError, match="not a valid value for reduction"):
        nn.mse(x, x, reduction="avg")
    hot = nn.one_hot(numpy.array([[0, 2], [1, 1]]), 3)
    assert hot.dtype == numpy.float32
    numpy.testing.assert_array_equal(hot, numpy.eye(3)[[[0, 2], [1, 1]]])
    assert nn.one_hot(numpy.array(1), 2, dtype=numpy.int64).tolist() == [0, 1]
    x32 = x.astype(numpy.float32)
    keep = RNG.random(x.shape) > 0.5
    kept = nn.dropout(x32, keep, 0.25)
    assert kept.dtype == numpy.float32
    scale = numpy.float32(1) / numpy.float32(0.75)              # torch's float32 1 / (1 - p)
    numpy.testing.assert_array_equal(kept, numpy.where(keep, x32 * scale, 0))
    numpy.testing.assert_array_equal(numpy.signbit(nn.dropout(x, None, 1.0)), numpy.signbit(x))


def test_batch_norm_values():
    x = RNG.standard_normal((4, 3, 2, 2)) * 3 + 1
    y, mean, var = nn.batch_norm_train(x, numpy.full(3, 2.0), numpy.ones(3))
    numpy.testing.assert_allclose(mean.ravel(), x.mean(axis=(0, 2, 3)))
    numpy.testing.assert_allclose(var.ravel(), x.var(axis=(0, 2, 3)))
    numpy.testing.assert_allclose(y.mean(axis=(0, 2, 3)), [1, 1, 1], atol=1e-12)
    numpy.testing.assert_allclose(y.var(axis=(0, 2, 3)), 4 * x.var(axis=(0, 2, 3)) /
                                  (x.var(axis=(0, 2, 3)) + 1e-5))
    z = nn.batch_norm_eval(x, numpy.ones(3), numpy.full(3, 4.0), eps=0.0)
    numpy.testing.assert_allclose(z, (x - 1) / 2)


@pytest.mark.parametrize("shape,labels,axis", [((64, 10), None, 1), ((2, 3, 2, 2), LABELS_4D, 1),
                                               ((5, 7), None, -1)])
def test_fused_label_cross_entropy_matches_the_composite_bit_for_bit(shape, labels, axis):
    # the fused primitive promises the composite's arithmetic (what the framework tests checked)
    from xint.core.autodiff import backprop
    x = RNG.standard_normal(shape).astype(numpy.float32) * 4
    if labels is None:
        labels = RNG.integers(0, shape[axis], shape[0])
    for reduction in ("mean", "sum", "none"):
        results = []
        for fused in (True, False):
            t = NumpyTensor(x, requires_grad=True)
            if fused:
                loss = nn.label_xent(t, labels, axis=axis % len(shape), reduction=reduction)
            else:
                loss = nn.nll(nn.log_softmax(t, axis=axis), labels, axis, reduction)
            seed = numpy.ones_like(loss._data)
            (_, grad), = backprop([loss], [seed])
            results.append((loss._data, grad))
        numpy.testing.assert_array_equal(results[0][0], results[1][0])
        numpy.testing.assert_array_equal(results[0][1], results[1][1])
        assert results[0][1].dtype == numpy.float32
