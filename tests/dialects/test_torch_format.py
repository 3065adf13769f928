"""format_torch must print exactly what real torch prints for the same data.

Expected strings come from torch itself at test time; every test is skipped
when torch is not installed.
"""

import numpy as np
import pytest

from xint.torch._format import format_torch


def _torch():
    torch = pytest.importorskip("torch")
    torch.set_printoptions(profile="default")  # also resets sci_mode to None
    return torch


def _default_suffixes(torch, t):
    """The suffixes the caller is expected to pass for a plain CPU tensor."""
    plain = (torch.float32, torch.int64, torch.bool)
    if t.numel() == 0:
        plain = (torch.float32,)  # torch names an empty tensor's dtype unless float32
    suffixes = [] if t.dtype in plain else [f"dtype={t.dtype}"]
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return suffixes


rng = np.random.default_rng(0)
F, D = np.float32, np.float64

CASES = {
    "matrix_f64": np.array([[1.0, 2.0], [3.0, 4.0]]),
    "scalar": np.array(3.5, F),
    "scalar_int": np.array(-7),
    "scalar_bool": np.array(True),
    "scalar_nan": np.array(np.nan, F),
    "scalar_tiny": np.array(1e-7, F),
    "thirds": np.array([1 / 3, 2 / 3], F),
    "sci_small": np.array([1.5, 2.25, 1e-5], F),
    "bools": np.array([True, False]),
    "bools_true": np.array([True, True]),
    "nonfinite": np.array([np.nan, np.inf, -0.0], F),
    "all_nonfinite": np.array([np.nan, -np.inf, np.inf], F),
    "zeros": np.zeros((2, 3), F),
    "neg_zero_mixed": np.array([-0.0, 1.5, -2.25], F),
    "empty_2x0": np.zeros((2, 0), F),
    "empty_1d": np.zeros((0,), F),
    "empty_3d_int": np.zeros((0, 2, 3), np.int64),
    "empty_bool": np.zeros((1, 0), bool),
    "empty_f64": np.zeros((0,), D),
    "arange_2000": np.arange(2000, dtype=F),
    "arange_int_2000": np.arange(-1000, 1000),
    "big_2d": rng.standard_normal((50, 40)).astype(F),
    "big_3d": rng.standard_normal((10, 11, 12)).astype(F),
    "big_4d_f64": rng.standard_normal((7, 3, 8, 9)),
    "big_narrow": rng.standard_normal((1001, 1)).astype(F),
    "big_bool": rng.random((40, 30)) > 0.5,
    "big_sci": (rng.standard_normal(1500) * 1e6).astype(F),
    "wide_row": rng.standard_normal(37).astype(F),
    "wide_ints": rng.integers(-10**6, 10**6, size=(3, 41)),
    "wide_sci": (rng.standard_normal(30) * 1e9).astype(F),
    "int_valued_floats": np.array([1.0, -2.0, 300.0], F),
    "int_valued_big": np.array([1.0, 2e9], F),
    "int_valued_range": np.array([1.0, 5000.0], D),
    "ratio_just_1000": np.array([1.0, 1000.0, 0.5], F),
    "ratio_over_1000": np.array([0.5, 1000.0], F),
    "huge": np.array([1e8, 2e8], D),
    "exp3": np.array([1e-120, 3e150, -2.5], D),
    "round_up": np.array([9.99996, 0.5], F),
    "negatives": -rng.random((3, 4)).astype(F) * 100,
    "mixed_sign": rng.standard_normal((4, 5)).astype(F),
    "tiny": (rng.random(6) * 1e-6).astype(F),
    "f16": rng.standard_normal((3, 3)).astype(np.float16),
    "f16_int": np.array([1, 2, 2048], np.float16),
    "f64_precise": rng.standard_normal((2, 3)) * 10,
    "int8": np.array([-128, 0, 127], np.int8),
    "int16": np.array([[-300, 2], [7, 32767]], np.int16),
    "int32": rng.integers(-50, 50, size=(2, 3, 4)).astype(np.int32),
    "uint8": np.array([0, 255, 7], np.uint8),
    "int64_neg": np.array([-5, 12, -100000]),
    "nd3": rng.standard_normal((2, 3, 4)).astype(F),
    "nd4": rng.standard_normal((2, 2, 2, 3)).astype(F),
    "nd5_int": rng.integers(0, 9, size=(2, 1, 2, 1, 3)),
    "singleton_dims": np.ones((1, 1, 1), F),
    "col": rng.standard_normal((5, 1)).astype(F),
    "transposed": rng.standard_normal((4, 6)).astype(F).T,
    "nan_in_sci": np.array([np.nan, 1e-6, 2.0, -np.inf], F),
}


def _torch_repr(torch, a):
    t = torch.from_numpy(a.copy(order="C"))  # keeps 0-d arrays 0-d
    return repr(t), _default_suffixes(torch, t)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    torch = _torch()
    a = CASES[name]
    expected, suffixes = _torch_repr(torch, a)
    assert format_torch(a, suffixes) == expected


@pytest.mark.parametrize("seed", range(40))
def test_random_matches_torch(seed):
    torch = _torch()
    r = np.random.default_rng(seed)
    shape = tuple(int(n) for n in r.integers(1, 6, size=r.integers(0, 4)))
    dtype = [np.float32, np.float64, np.float16, np.int64, np.int32, bool][seed % 6]
    scale = 10.0 ** r.integers(-9, 4 if dtype is np.float16 else 10)
    a = r.standard_normal(shape) * scale
    if r.random() < 0.3:
        a = np.round(a)
    a = np.asarray(a).astype(dtype) if dtype is not bool else np.asarray(a > 0)
    expected, suffixes = _torch_repr(torch, a)
    assert format_torch(a, suffixes) == expected


def _grad_cases(torch):
    class AVeryLongCustomFunctionNameForWrappingTests(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    def leaf(x):
        return torch.from_numpy(x).requires_grad_()

    yield leaf(np.array([1.0, 2.0], F))
    yield leaf(np.array([[1.0, 2.0]], D))
    yield leaf(np.array(2.5, D)) * 3
    yield leaf(np.array([1.5, 2.0], F)) + 1
    yield leaf(rng.standard_normal(9)) * 2  # row nearly fills the line
    yield leaf(rng.standard_normal(12)) * 2
    yield leaf(rng.standard_normal((3, 5)).astype(F)).sum(0)
    yield AVeryLongCustomFunctionNameForWrappingTests.apply(leaf(np.array([1.0], F)))
    yield AVeryLongCustomFunctionNameForWrappingTests.apply(leaf(rng.standard_normal(7)))
    yield AVeryLongCustomFunctionNameForWrappingTests.apply(
        leaf(rng.standard_normal((2, 6)))
    )
    yield leaf(np.zeros((2, 0), D)) * 2


def test_grad_suffixes_match_torch():
    torch = _torch()
    for t in _grad_cases(torch):
        a = t.detach().numpy()
        assert format_torch(a, _default_suffixes(torch, t)) == repr(t)


@pytest.mark.parametrize(
    "suffixes",
    [
        ["dtype=torch.float64"],
        ["dtype=torch.float64", "grad_fn=<MulBackward0>"],
        ["x" * 60],
        ["x" * 70, "y" * 5, "z" * 75],
        ["dtype=torch.float16", "requires_grad=True", "w" * 40],
    ],
)
@pytest.mark.parametrize("name", ["thirds", "scalar", "wide_row", "nd3", "arange_2000"])
def test_arbitrary_suffixes_match_torch(name, suffixes):
    # torch's own suffix placement applied to torch's own tensor text
    torch = _torch()
    from torch import _tensor_str

    a = CASES[name]
    body = _tensor_str._tensor_str(torch.from_numpy(a), 7)
    expected = _tensor_str._add_suffixes("tensor(" + body, suffixes, 7, False)
    assert format_torch(a, suffixes) == expected


# literal strings printed by real torch (from the spec of this module)
LITERALS = [
    (np.array([[1.0, 2.0], [3.0, 4.0]]), ["dtype=torch.float64"],
     "tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)"),
    (np.array(3.5, F), [], "tensor(3.5000)"),
    (np.array([1 / 3, 2 / 3], F), [], "tensor([0.3333, 0.6667])"),
    (np.array([1.5, 2.25, 1e-5], F), [], "tensor([1.5000e+00, 2.2500e+00, 1.0000e-05])"),
    (np.array([True, False]), [], "tensor([ True, False])"),
    (np.array([True, True]), [], "tensor([True, True])"),
    (np.array([np.nan, np.inf, -0.0], F), [], "tensor([nan, inf, -0.])"),
    (np.zeros((2, 0), F), [], "tensor([], size=(2, 0))"),
    (np.zeros(0, F), [], "tensor([])"),
    (np.arange(2000, dtype=F), [],
     "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
     "        1.9990e+03])"),
]


@pytest.mark.parametrize("a, suffixes, text", LITERALS)
def test_literals(a, suffixes, text):
    torch = _torch()
    assert repr(torch.from_numpy(a)) == text  # torch still prints this
    assert format_torch(a, suffixes) == text
