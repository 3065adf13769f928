"""conv2d's backward paths: the widened-row col2im (stride 1), the strided one, and the im2col
columns that the forward keeps for the weight gradient. Expected values come from the adjoint
identity <conv(x, w), g> = <x, conv_input_grad(g, w)> = <w, conv_weight_grad(x, g)> and from a
direct loop over the convolution's terms."""
import gc

import numpy
import pytest

from xint.ops import nn

RNG = numpy.random.default_rng(7)

GEOMETRIES = [   # x shape, w shape, params: stride 1 (widened rows) and strided, all options
    ((2, 3, 5, 6), (4, 3, 3, 2), {}),
    ((2, 4, 7, 6), (6, 2, 2, 3), dict(padding=((1, 0), (2, 1)), dilation=(1, 2), groups=2)),
    ((1, 2, 6, 9), (3, 2, 3, 3), dict(padding=((2, 0), (0, 3)), dilation=(2, 3))),
    ((3, 1, 8, 8), (2, 1, 5, 5), dict(padding=2)),
    ((2, 2, 7, 6), (3, 2, 2, 3), dict(stride=(2, 1), padding=1)),
    ((1, 3, 9, 9), (3, 1, 3, 3), dict(stride=(1, 3), padding=((1, 1), (0, 2)), groups=3)),
]


def direct_input_grad(g, w, x_shape, stride=1, padding=0, dilation=1, groups=1):
    """Each term w[o, c, i, j] * g[n, o, r, q] added where it belongs (loops: a reference)."""
    geo = nn._conv_geometry(x_shape, w.shape, stride, padding, dilation)
    (pt, pb), (pl, pr) = geo.pads
    n, c = x_shape[:2]
    dx = numpy.zeros((n, c, geo.H + pt + pb, geo.W + pl + pr))
    og, cg = w.shape[0] // groups, w.shape[1]
    for o in range(w.shape[0]):
        for ci in range(cg):
            ch = (o // og) * cg + ci
            for i in range(geo.kh):
                for j in range(geo.kw):
                    for r in range(geo.Ho):
                        for q in range(geo.Wo):
                            dx[:, ch, r * geo.sh + i * geo.dh, q * geo.sw + j * geo.dw] += \
                                w[o, ci, i, j] * g[:, o, r, q]
    return dx[:, :, pt:pt + geo.H, pl:pl + geo.W]


@pytest.mark.parametrize("xs,ws,params", GEOMETRIES)
def test_gradients_are_the_adjoints_of_the_convolution(xs, ws, params):
    x, w = RNG.standard_normal(xs), RNG.standard_normal(ws)
    y = nn._conv2d(x, w, **params)
    g = RNG.standard_normal(y.shape)
    dx = nn._conv2d_input_grad(g, w, x.shape, **params)
    dw = nn._conv2d_weight_grad(x, g, w.shape, **params)
    assert dx.shape == x.shape and dx.flags.c_contiguous and dw.shape == w.shape
    assert numpy.isclose((y * g).sum(), (x * dx).sum(), rtol=1e-12)
    assert numpy.isclose((y * g).sum(), (w * dw).sum(), rtol=1e-12)
    numpy.testing.assert_allclose(dx, direct_input_grad(g, w, x.shape, **params), atol=1e-12)


@pytest.mark.parametrize("xs,ws,params", GEOMETRIES[:4])
def test_non_finite_weights_reach_only_the_inputs_they_touch(xs, ws, params):
    # the widened rows multiply weights by zeros; inf * 0 would put NaN where no term goes
    w = RNG.standard_normal(ws)
    w[0, 0, -1, -1] = numpy.inf
    w[-1, -1, 0, 0] = numpy.nan
    out_shape = nn._conv2d(numpy.zeros(xs), numpy.zeros(ws), **params).shape
    g = RNG.standard_normal(out_shape)
    with numpy.errstate(invalid="ignore"):
        got = nn._conv2d_input_grad(g, w, xs, **params)
        want = direct_input_grad(g, w, xs, **params)
    numpy.testing.assert_array_equal(numpy.isnan(got), numpy.isnan(want))
    numpy.testing.assert_allclose(got, want, atol=1e-12)      # equal_nan: inf and NaN in place


# the copy of the input that the kept columns are checked against: the padded copy, the
# channel-major copy, or (one channel: the input is read in place) a copy of its own
@pytest.mark.parametrize("channels,padding", [(3, 1), (3, 0), (1, 0)])
def test_weight_gradient_uses_the_input_as_it_is_at_backward(channels, padding):
    # MXNet lets a recorded input change before backward and uses the new values (spec §12):
    # kept columns must not stand in for an input that changed
    x = RNG.standard_normal((2, channels, 6, 6))
    w = RNG.standard_normal((4, channels, 3, 3))
    y = nn._conv2d(x, w, padding=padding)
    g = RNG.standard_normal(y.shape)
    x[0, channels - 1, 2, 3] += 1.0
    fresh = x.copy()
    numpy.testing.assert_array_equal(nn._conv2d_weight_grad(x, g, w.shape, padding=padding),
                                     nn._conv2d_weight_grad(fresh, g, w.shape, padding=padding))


def test_kept_columns_give_the_same_weight_gradient_and_are_bounded():
    cache = nn._columns
    x, w = RNG.standard_normal((2, 3, 6, 6)), RNG.standard_normal((4, 3, 3, 3))
    y = nn._conv2d(x, w, padding=1)
    assert id(x) in cache.entries
    g = RNG.standard_normal(y.shape)
    kept = nn._conv2d_weight_grad(x, g, w.shape, padding=1)       # taken once ...
    assert id(x) not in cache.entries
    rebuilt = nn._conv2d_weight_grad(x, g, w.shape, padding=1)    # ... then built again
    numpy.testing.assert_array_equal(kept, rebuilt)
    other = nn._conv2d_weight_grad(x, g[:, :2], (2, 3, 3, 3), padding=1)  # another weight shape
    numpy.testing.assert_array_equal(other, kept[:2])

    nn._conv2d(x, w, padding=1)
    assert id(x) in cache.entries
    del x
    gc.collect()
    assert all(ref() is not None for ref, *_ in cache.entries.values())
    big = RNG.standard_normal((4, 8, 64, 64))       # 3x3 columns of 1 MiB inputs: 9 MiB each
    keep = []
    for _ in range(12):
        keep.append(big.copy())
        nn._conv2d(keep[-1], numpy.ones((1, 8, 3, 3)), padding=1)
        assert cache.nbytes <= cache.BUDGET
        assert cache.nbytes == sum(e[3].nbytes for e in cache.entries.values())
    assert id(keep[-1]) in cache.entries and id(keep[0]) not in cache.entries
    keep.clear()
    gc.collect()
    assert cache.nbytes == 0 and not cache.entries


def test_threads_share_the_kept_columns_consistently():
    import threading
    cache = nn._columns
    w = RNG.standard_normal((3, 2, 3, 3))
    xs = [RNG.standard_normal((2, 2, 9, 9)) for _ in range(8)]
    gs = [RNG.standard_normal((2, 3, 9, 9)) for _ in range(8)]
    want = [nn._conv2d_weight_grad(x.copy(), g, w.shape, padding=1) for x, g in zip(xs, gs)]
    got, errors = [None] * 8, []

    def work(i):
        try:
            for _ in range(50):
                nn._conv2d(xs[i], w, padding=1)
                got[i] = nn._conv2d_weight_grad(xs[i], gs[i], w.shape, padding=1)
        except Exception as exc:          # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for g, w_ in zip(got, want):
        numpy.testing.assert_array_equal(g, w_)
    assert cache.nbytes == sum(e[3].nbytes for e in cache.entries.values()) <= cache.BUDGET


@pytest.mark.parametrize("xs,ws,params", GEOMETRIES)
def test_channel_major_results_equal_the_nchw_ones(xs, ws, params):
    # TF's path keeps (C, N, H, W) memory behind its views; the values must not change
    x, w, b = RNG.standard_normal(xs), RNG.standard_normal(ws), RNG.standard_normal(ws[0])
    y = nn._conv2d(x, w, b, **params)
    ycm = nn._conv2d(x, w, b, **params, channel_major=True)
    assert ycm.transpose(1, 0, 2, 3).flags.c_contiguous
    numpy.testing.assert_array_equal(ycm, y)
    g = RNG.standard_normal(y.shape)
    dx = nn._conv2d_input_grad(g, w, x.shape, **params, channel_major=True)
    numpy.testing.assert_array_equal(dx, nn._conv2d_input_grad(g, w, x.shape, **params))
    numpy.testing.assert_array_equal(nn._conv2d_weight_grad(x, g, w.shape, **params,
                                                            channel_major=True),
                                     nn._conv2d_weight_grad(x, g, w.shape, **params))


@pytest.mark.parametrize("xs,params", [
    ((2, 8, 6, 3), dict(kernel_size=2)),                                  # tiled windows
    ((3, 7, 5, 2), dict(kernel_size=2, padding=((0, 1), (1, 0)))),        # not tiled
    ((2, 6, 7, 2), dict(kernel_size=3, stride=1, padding=1)),             # overlapping
])
def test_nhwc_average_pooling_equals_the_nchw_one(xs, params):
    # NHWC x; in channel-major memory, as TF's convolutions leave it, and in its own
    x = RNG.standard_normal(xs)
    xcm = numpy.ascontiguousarray(x.transpose(3, 0, 1, 2)).transpose(1, 2, 3, 0)
    nchw = x.transpose(0, 3, 1, 2)
    y = nn._avg_pool2d(nchw, **params).transpose(0, 2, 3, 1)
    for xin in (x, xcm):
        numpy.testing.assert_array_equal(nn.avg_pool2d_nhwc(xin, **params), y)
    g = RNG.standard_normal(y.shape)
    dx = nn._avg_pool2d_backward(g.transpose(0, 3, 1, 2), nchw.shape, **params)
    got = nn.avg_pool2d_nhwc_backward(g, x_shape=x.shape, **params)
    numpy.testing.assert_array_equal(got, dx.transpose(0, 2, 3, 1))
    assert numpy.isclose((y * g).sum(), (x * got).sum(), rtol=1e-12)     # the adjoint


def test_geometries_are_kept_for_plain_arguments_only():
    # kept: a network asks for the same few at every step
    a = nn._conv_geometry((2, 3, 8, 8), (4, 3, 3, 3), 1, ((1, 1), (1, 1)), 1)
    assert nn._conv_geometry((2, 3, 8, 8), (4, 3, 3, 3), 1, ((1, 1), (1, 1)), 1) is a
    assert (a.Ho, a.Wo) == (8, 8)
    # a float equal to a kept int key must still meet the geometry's own refusal
    nn._conv_geometry((2, 3, 8, 8), (4, 3, 3, 3), 1, 1, 1)
    for bad in (1.0, (1.0, 1)):
        with pytest.raises(TypeError):
            nn._conv_geometry((2, 3, 8, 8), (4, 3, 3, 3), 1, bad, 1)
    # equal keys with a float or a bool inside a pair are made afresh, not taken from a's entry
    for equal in (((1, 1.0), (1, 1)), ((1, 1), (True, 1))):
        assert nn._conv_geometry((2, 3, 8, 8), (4, 3, 3, 3), 1, equal, 1) is not a
    # lists are read as they are, unkept
    b = nn._conv_geometry((2, 3, 8, 8), (4, 3, 3, 3), [2, 1], [1, 0], 1)
    assert (b.Ho, b.Wo) == (4, 6)



@pytest.mark.parametrize("dtype,count", [(numpy.float32, 4), (numpy.float32, 2 ** 20),
                                         (numpy.float16, 2 ** 10), (numpy.float64, 2 ** 40),
                                         (numpy.float32, 9)])
def test_window_means_divide_with_the_same_bits(dtype, count):
    # a power-of-two window multiplies by its exact reciprocal: the bits of the division, which
    # any other window size still does
    g = (RNG.standard_normal(1000) * 1000).astype(dtype)
    got = nn._divide(g, count, numpy.empty_like(g))
    numpy.testing.assert_array_equal(got, numpy.divide(g, dtype(count)))
