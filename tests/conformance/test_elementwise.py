"""Elementwise math, random numbers and creation helpers, cell by cell on xint and on real torch:
values, dtypes, reprs, grad_fn names, gradients at kinks and ties, and torch's errors.

Random draws differ from torch's bit for bit (xint uses NumPy's PCG64), so the random cells
compare only what does not depend on the bits: shapes, dtypes, ranges, sums, errors.
"""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}

TORCH = [
    # ----- extrema: ties split the gradient half and half -----
    ("x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n"
     "y = torch.tensor([1.0, 3.0, 2.0], requires_grad=True)\n"
     "m = torch.maximum(x, y)\nm.sum().backward()\nm, x.grad, y.grad", {}),
    ("x.grad = None\ny.grad = None\nm = torch.minimum(x, y)\nm.sum().backward()\nm, x.grad, y.grad",
     {}),
    ("torch.maximum(torch.tensor([1, 5]), torch.tensor([2.5, 3.0])), "
     "torch.maximum(torch.tensor([1, 2]), torch.tensor(1.5)), "
     "torch.minimum(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([3, 0]))", {}),
    ("torch.maximum(torch.tensor([1.0, float('nan')]), torch.tensor([float('nan'), 2.0]))", {}),
    ("torch.maximum(torch.tensor([1, 2]), 1)", {}),
    ("torch.tensor([1, 2]).maximum(1)", {}),
    ("torch.minimum(torch.ones(2, 3), torch.ones(3, 2))", {}),
    # ----- clamp: bounds included in the gradient; number vs tensor bounds -----
    ("x = torch.tensor([-1.0, 0.0, 0.5, 1.0, 2.0], requires_grad=True)\n"
     "o = torch.clamp(x, 0, 1)\no.sum().backward()\no, x.grad", {}),
    ("x.grad = None\no = torch.clamp(x, min=0)\no.sum().backward()\no, x.grad", {}),
    ("x.grad = None\no = x.clip(max=1)\no.sum().backward()\no, x.grad", {}),
    ("x.grad = None\no = x.clamp(1.0, 0.0)\no.sum().backward()\no, x.grad", {}),
    ("lo = torch.tensor([2.0, 2.0, 0.5, 0.0, 2.0], requires_grad=True)\n"
     "hi = torch.tensor([0.0, 0.0, 1.0, 1.0, 3.0], requires_grad=True)\n"
     "x.grad = None\no = torch.clamp(x, lo, hi)\no.sum().backward()\no, x.grad, lo.grad, hi.grad",
     {}),
    ("lo.grad = None\nx.grad = None\no = torch.clamp(x, min=lo)\no.sum().backward()\n"
     "o, x.grad, lo.grad", {}),
    ("i = torch.tensor([-2, 0, 3])\ntorch.clamp(i, 0, 1), torch.clamp(i, 0.5), "
     "torch.clamp(i, min=0.5, max=2), torch.clamp(torch.tensor(5), max=3), "
     "torch.clip(i, max=torch.tensor([1, 1, 1]))", {}),
    ("torch.clamp(torch.tensor([float('nan'), 1.0]), 0, 0.5)", {}),
    ("torch.clamp(torch.tensor([1, 2]))", {}),
    ("torch.clamp(torch.ones(3), min=torch.zeros(3), max=1.0)", {}),
    ("torch.clamp(torch.ones(2, 3), torch.ones(3, 2))", {}),
    # ----- unary math: values, gradients, grad_fn names -----
    ("x = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)\n"
     "[(f.__name__, f(x), torch.autograd.grad(f(x).sum(), x)) for f in [torch.abs, torch.sign, "
     "torch.relu, torch.square, torch.round, torch.floor, torch.ceil, torch.trunc]]", {}),
    ("torch.sigmoid(x), torch.expm1(x), torch.tan(x), torch.log1p(x + 1)", APPROX),
    ("[torch.autograd.grad(f(x).sum(), x)[0] for f in "
     "[torch.sigmoid, torch.expm1, torch.tan, lambda v: torch.log1p(v + 2)]]", APPROX),
    ("[f(x).grad_fn.name() for f in [torch.sigmoid, torch.expm1, torch.tan, torch.log1p, torch.abs,"
     " torch.relu, torch.square, torch.sign, torch.floor, torch.ceil, torch.trunc, torch.round]]",
     {}),
    ("torch.round(x, decimals=1).grad_fn.name(), torch.clamp(x, 0).grad_fn.name(), "
     "torch.clamp(x, torch.zeros(3)).grad_fn.name(), torch.maximum(x, x).grad_fn.name(), "
     "torch.minimum(x, x).grad_fn.name(), torch.remainder(x, 2).grad_fn.name(), "
     "torch.remainder(x, x).grad_fn.name(), torch.fmod(x, 2).grad_fn.name(), "
     "torch.fmod(x, x).grad_fn.name()", {}),
    ("x // 2, 3 % x, torch.floor_divide(x, x)", {}),
    ("torch.relu(x), torch.abs(x), abs(x), torch.square(x), torch.sigmoid(torch.tensor(0.0))", {}),
    ("torch.sigmoid(torch.tensor([-1000.0, 1000.0, 0.0], dtype=torch.float64)), "
     "torch.sigmoid(torch.tensor([-100.0, 100.0]))", {}),
    ("w = torch.ones(2, requires_grad=True)\ny = torch.floor(w * 1.5)\n"
     "(g,) = torch.autograd.grad(y.sum(), w, create_graph=True)\ny, g, g.requires_grad", {}),
    ("x = torch.tensor([-1.0, 0.5], requires_grad=True)\n"
     "x.abs(), x.sign(), x.relu(), x.clamp(0, 1), x.clip(min=0), x.square(), x.floor(), x.ceil(), "
     "x.round(), x.trunc(), x.maximum(x * 2), x.minimum(x * 2)", {}),
    ("x.sigmoid(), x.log1p(), x.expm1(), x.tan()", APPROX),
    ("torch.sign(torch.tensor([-0.0, float('nan'), 3.0])), "
     "torch.relu(torch.tensor([float('nan'), -1.0])), torch.relu(torch.tensor(-1.0))", {}),
    ("torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, 1.2345])), "
     "torch.round(torch.tensor([1.2345, 12.5]), decimals=2)", {}),
    # ----- dtypes: integer inputs stay integer except for float functions; bool rules -----
    ("i = torch.tensor([-2, 0, 3])\ntorch.abs(i), torch.sign(i), torch.relu(i), torch.square(i), "
     "torch.round(i), torch.floor(i), torch.ceil(i), torch.trunc(i)", {}),
    ("torch.sigmoid(i), torch.log1p(i + 2), torch.expm1(i), torch.tan(i)", APPROX),
    ("b = torch.tensor([True, False])\ntorch.sign(b), torch.square(b), torch.sigmoid(b)", {}),
    ("torch.abs(torch.tensor([True]))", {}),
    ("torch.relu(torch.tensor([True]))", {}),
    ("torch.floor(torch.tensor([True]))", {}),
    ("torch.round(torch.tensor([True]))", {}),
    ("torch.round(torch.tensor([1, 25]), decimals=-1)", {}),
    ("torch.abs(3)", {}),
    ("torch.sigmoid([1.0])", {}),
    # ----- floor division and remainders -----
    ("a = torch.tensor([5.0, -5.0, 5.5, -7.0], requires_grad=True)\n"
     "b = torch.tensor([3.0, 3.0, -2.0, -2.0], requires_grad=True)\n"
     "torch.floor_divide(a, b), torch.remainder(a, b), torch.fmod(a, b), a // b, a % b, a % 3, "
     "7 % b, 7 // b, torch.fmod(a, 2)", {}),
    ("torch.remainder(a, b).sum().backward()\na.grad, b.grad", {}),
    ("a.grad = None\nb.grad = None\ntorch.fmod(a, b).sum().backward()\na.grad, b.grad", {}),
    ("(a // b).sum().backward()", {}),
    ("(a // b).grad_fn.name(), repr((a // b).grad_fn).split(' object at')[0]", {}),
    ("(7 % b).sum().backward()", {}),
    ("i = torch.tensor([-2, 0, 3])\ntorch.floor_divide(i, 2), torch.remainder(i, 2), "
     "torch.fmod(i, 2), i // 2, i % 2, i % 2.5, i // 2.5, i % -3, 5 % torch.tensor([3, -3])", {}),
    ("torch.arange(-4.0, 4.0) % 2, torch.arange(-4.0, 4.0) % -2, torch.tensor([3.0]) % -1.0, "
     "torch.fmod(torch.arange(-4.0, 4.0), -2)", {}),
    ("i // 0", {}),
    ("i % torch.tensor([1, 0, 1])", {}),
    ("torch.fmod(i, 0)", {}),
    ("torch.tensor([1.0, -1.0, 0.0]) // 0, torch.tensor([1.0, -1.0, 0.0]) % 0", {}),
    # ----- logic and classification -----
    ("i = torch.tensor([-2, 0, 3])\ntorch.logical_and(i, torch.tensor([1.0, 0.0, 2.0])), "
     "torch.logical_or(i, torch.tensor([0, 0, 0])), "
     "torch.logical_xor(i, torch.tensor([True, True, False])), i.logical_not(), "
     "torch.logical_not(torch.tensor([0.0, 1.5]))", {}),
    ("torch.logical_and(torch.tensor([1, 0]), 1)", {}),
    ("torch.isnan(torch.tensor([1.0, float('nan')])), "
     "torch.isinf(torch.tensor([float('inf'), -float('inf'), 1.0])), "
     "torch.isfinite(torch.tensor([float('inf'), float('nan'), 1.0])), "
     "torch.isnan(torch.tensor([1, 2])), torch.tensor([1.0, float('nan')]).isnan()", {}),
    # ----- creation -----
    ("torch.linspace(0, 1, 5), torch.linspace(0, 10, 3).dtype, "
     "torch.linspace(-1, 1, steps=4, dtype=torch.float64), torch.linspace(0, 1, 1), "
     "torch.linspace(0, 1, 0), torch.linspace(0, 10, 5, dtype=torch.int64), "
     "torch.linspace(0, 1, 3, requires_grad=True)", {}),
    ("torch.linspace(-5, 5, 101).tolist() == torch.linspace(-5, 5, 101).tolist(), "
     "torch.linspace(-3.3, 7.1, 1000).tolist()[::97], "
     "torch.linspace(0, 6.283185307179586, 100, dtype=torch.int64).tolist()", {}),
    ("torch.linspace(0, 1, -1)", {}),
    ("torch.full((2, 3), 7), torch.full((2,), 1.5), torch.full((2,), True), "
     "torch.full((2,), 3, dtype=torch.float32), torch.full([2], 2.0, requires_grad=True), "
     "torch.full((), 2), torch.full((2,), 1.5, dtype=torch.int64)", {}),
    ("torch.full(2, 1.5)", {}),
    ("torch.full_like(torch.arange(3), 2.7), torch.full_like(torch.ones(2), 3), "
     "torch.full_like(torch.ones(2), 3, dtype=torch.int32)", {}),
    ("torch.eye(3), torch.eye(2, 3), torch.eye(2, dtype=torch.int64), torch.eye(0)", {}),
    ("torch.eye(-1)", {}),
    ("torch.empty_like(torch.ones(2, 3)).shape, torch.empty_like(torch.arange(2)).dtype", {}),
    # ----- random numbers: shapes, dtypes, ranges, errors -----
    ("g = torch.manual_seed(0)\ntype(g).__name__, torch.initial_seed()", {}),
    ("torch.manual_seed(-1).initial_seed(), torch.Generator().initial_seed(), "
     "torch.Generator().manual_seed(3).initial_seed()", {}),
    ("torch.manual_seed(5)\na = torch.randn(3)\ntorch.manual_seed(5)\nb = torch.randn(3)\n"
     "bool((a == b).all()) if hasattr(a, 'all') else a.tolist() == b.tolist()", {}),
    ("torch.randn(2, 3).dtype, torch.randn((2, 3)).shape, torch.randn([2]).shape, "
     "torch.randn(()).shape, torch.randn(2, dtype=torch.float64).dtype, "
     "torch.rand(2, requires_grad=True).requires_grad, torch.rand(2, 2).shape", {}),
    ("r = torch.rand(1000)\nbool(r.min() >= 0) and bool(r.max() < 1) if hasattr(r, 'min') else "
     "all(0 <= v < 1 for v in r.tolist())", {}),
    ("torch.rand(3, generator=torch.Generator().manual_seed(1)).shape, "
     "torch.randn_like(torch.ones(2, dtype=torch.float64)).dtype, "
     "torch.rand_like(torch.ones(2, 3)).shape", {}),
    ("torch.normal(0, 1, (3, 4)).dtype, "
     "torch.normal(0, 1, size=(3, 4), requires_grad=True).requires_grad, "
     "torch.normal(torch.zeros(3), 1.0).shape, torch.normal(torch.zeros(3), torch.ones(3)).shape, "
     "torch.normal(0.0, torch.ones(2, 2)).shape, "
     "torch.normal(torch.zeros(2, 1), torch.ones(3)).shape", {}),
    ("torch.normal(0, 1)", {}),
    ("torch.normal(0., -1., (2,))", {}),
    ("torch.normal(torch.zeros(2), -torch.ones(2))", {}),
    ("m = torch.zeros(2, requires_grad=True)\ns = torch.ones(2, requires_grad=True)\n"
     "o = torch.normal(m, 1.0)\no.sum().backward()\no.grad_fn.name(), m.grad", {}),
    ("o = torch.normal(m, s)\no.sum().backward()\n"
     "o.grad_fn.name(), m.grad, s.grad, torch.normal(0.0, s).grad_fn.name()", {}),
    ("torch.randint(0, 10, (3,)).dtype, torch.randint(5, (2, 2)).shape, "
     "torch.randint(0, 3, (2,), dtype=torch.float32).dtype, "
     "torch.randint(low=2, high=3, size=(2,)), torch.randint(4, 5, (3,))", {}),
    ("torch.randint(5, 5, (2,))", {}),
    ("torch.randperm(5).dtype, sorted(torch.randperm(5).tolist()), torch.randperm(0)", {}),
    ("p = torch.tensor([0.1, 0.2, 0.7])\ntorch.multinomial(p, 5, replacement=True).dtype, "
     "torch.multinomial(p, 2).shape, torch.multinomial(torch.ones(2, 3), 2).shape, "
     "torch.multinomial(torch.tensor([0., 1., 0.]), 1), "
     "torch.multinomial(torch.tensor([0., 1., 0.]), 3, replacement=True), "
     "sorted(torch.multinomial(p, 3).tolist())", {}),
    ("torch.multinomial(p, 5)", {}),
    ("torch.multinomial(torch.tensor([0.5, -0.1]), 1)", {}),
    ("torch.multinomial(torch.tensor([0., 0.]), 1)", {}),
    ("torch.multinomial(torch.tensor([1, 2]), 1)", {}),
    ("torch.multinomial(torch.ones(2, 2, 2), 1)", {}),
    ("torch.multinomial(torch.ones(3), 0)", {}),
    ("m = torch.distributions.multinomial.Multinomial(10, torch.tensor([1., 1., 2.]))\n"
     "m, m.probs, m.mean, m.variance, m.total_count, m.batch_shape, m.event_shape, "
     "m.sample().sum(), m.sample().dtype, m.sample((2,)).shape", {}),
    ("torch.distributions.multinomial.Multinomial(10, torch.tensor([[1., 1.], [1., 3.]]))"
     ".sample((2,)).shape, "
     "torch.distributions.multinomial.Multinomial(probs=torch.tensor([1., 1.])).sample().sum()",
     {}),
    ("torch.distributions.multinomial.Multinomial(10)", {}),
    # ----- in-place random fills go through torch's in-place rules -----
    ("x = torch.zeros(2, 3)\nx.normal_(0, 1) is x, x.uniform_(-1, 1) is x, "
     "all(-1 <= v < 1 for v in x.flatten().tolist()) if hasattr(x, 'flatten') else True", {}),
    ("w = torch.zeros(3, requires_grad=True)\nw.normal_(0, 0.01)", {}),
    ("with torch.no_grad():\n    w.normal_(0, 0.01)\nw.requires_grad, w.is_leaf, w.grad_fn", {}),
    ("w.data.uniform_(2, 3)\nall(2 <= v < 3 for v in w.tolist())", {}),
    ("torch.zeros(2, dtype=torch.int64).normal_()", {}),
    ("torch.zeros(2, dtype=torch.int64).uniform_()", {}),
    ("torch.randn(2, dtype=torch.int64)", {}),
    ("torch.rand(2, dtype=torch.int64)", {}),
    # ----- a Python number never widens a float tensor, even one out of its range -----
    ("torch.ones(3) + 1e300, torch.ones(3, dtype=torch.float16) + 70000, "
     "(torch.ones(3) * 2 ** 63).dtype, 1e300 - torch.ones(2), torch.ones(2) * 1e300", {}),
]


@pytest.mark.conformance
def test_elementwise_matches_torch():
    check_conformance(TORCH, "torch")


def test_python_numbers_never_widen_a_float_tensor():
    """torch's rule (measured in the cell above: float32 + 1e300 is float32 inf). NumPy 1.x
    widens an array by a number's value; the dialect must not, on either NumPy."""
    import warnings
    from xint import torch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for dtype, big in ((torch.float32, 1e300), (torch.float16, 70000),
                           (torch.float32, 2 ** 63), (torch.float64, 1e300)):
            x = torch.ones(3, dtype=dtype)
            for y in (x + big, big + x, x - big, x * big, big * x,
                      torch.ones(300, 300, dtype=dtype) + big):       # (a reused temporary)
                assert y.dtype == dtype
