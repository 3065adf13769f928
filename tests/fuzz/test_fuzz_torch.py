"""Differential fuzzing of the torch dialect: random programs of 3-30 ops (elementwise with
broadcasting, reductions, indexing, shape ops, matmul, nn.functional) over random leaf shapes with
random requires_grad, detach, no_grad blocks and fresh leaves made mid-program, run in xint's torch
dialect and in real torch (float64): the forward value and every leaf's .grad must agree (rtol 1e-6).
Hypothesis shrinks a failure to a minimal program; save it in regressions.json (replayed every run
by test_torch_regressions: {"id", "dialect", "note" or "known_bug", "program"}; see
fuzzlib.load_corpus) and, when it shows a class of bug, as an @example.

Budget: 2,000 programs by default (derandomized, no example database: CI sees the same programs).
Longer runs:  XINT_FUZZ_SCALE=20 python -m pytest -q tests/fuzz      (20x every fuzz test)
              XINT_FUZZ_EXAMPLES=50000 python -m pytest -q tests/fuzz/test_fuzz_torch.py
              XINT_FUZZ_RANDOM=1 ... draws fresh programs instead of the fixed CI ones.
"""
import numpy
import pytest
from hypothesis import example, given

from fuzzlib import assert_same, broadcastable, fuzz_settings, load_corpus, programs
from xint.torch import torch as xtorch      # the torch namespace (not the book helpers)
from xint.testing import require_framework


def _nd(k):
    return lambda a: len(a) >= k


def _any(*_):
    return True


def _same(a, b):
    return a == b


def _bcast(a, b):
    return broadcastable(a, b)


def _nonempty_last(a):
    return len(a) >= 1 and a[-1] >= 1        # xint chunk of an empty dim: ZeroDivisionError


def _matmul_ok(a, b):
    if not a or not b:
        return False
    k_a = a[-1]
    k_b = b[-2] if len(b) >= 2 else b[0]
    return k_a == k_b and (len(a) < 3 and len(b) < 3 or broadcastable(a[:-2], b[:-2]))


def _matmul_t_ok(a, b):
    return len(a) >= 2 and len(b) >= 2 and a[-1] == b[-1] and broadcastable(a[:-2], b[:-2])


def _conv_ok(a, b):
    return (len(a) == 4 and len(b) == 4 and a[1] == b[1] and b[2] <= a[2] + 2
            and b[3] <= a[3] + 2)


def _pool_ok(a):
    return len(a) == 4 and a[2] >= 2 and a[3] >= 2


def _targets(T, n, c):
    return T.tensor(numpy.arange(n) % c)


def _no_grad_scale(T, a):
    with T.no_grad():
        b = a * 2.0
    return b + a


def _fancy(T, a):
    return a[T.tensor([0, a.shape[0] - 1, 0])]


def _gather(T, a):
    idx = T.tensor(numpy.arange(a.shape[0] * a.shape[1]).reshape(a.shape) % a.shape[1])
    return T.gather(a, 1, idx)


# name -> (arity, guard on operand shapes, function of (T, a[, b])); values stay in safe ranges
# (no poles, no kinks at likely values) so float64 results agree to rounding.
OPS = {
    # unary elementwise
    "exp": (1, _any, lambda T, a: T.exp(T.tanh(a))),
    "log": (1, _any, lambda T, a: T.log(a * a + 1.0)),
    "log1p": (1, _any, lambda T, a: T.log1p(a * a)),
    "sin": (1, _any, lambda T, a: T.sin(a)),
    "cos": (1, _any, lambda T, a: a.cos()),
    "tanh": (1, _any, lambda T, a: T.tanh(a)),
    "sigmoid": (1, _any, lambda T, a: T.sigmoid(a)),
    "relu": (1, _any, lambda T, a: T.relu(a + 0.1234)),
    "abs": (1, _any, lambda T, a: T.abs(a + 0.1234)),
    "sqrt": (1, _any, lambda T, a: T.sqrt(a * a + 0.5)),
    "square": (1, _any, lambda T, a: a ** 2),
    "pow3": (1, _any, lambda T, a: T.pow(a, 3)),
    "rpow": (1, _any, lambda T, a: 2.0 ** T.tanh(a)),
    "neg": (1, _any, lambda T, a: -a),
    "scale": (1, _any, lambda T, a: 0.5 * a - 1.0),
    "rdiv": (1, _any, lambda T, a: 1.0 / (a * a + 1.0)),
    "clamp": (1, _any, lambda T, a: T.clamp(a, -0.7, 0.9)),
    "clamp_min": (1, _any, lambda T, a: a.clamp(min=0.3)),
    "sign_mul": (1, _any, lambda T, a: T.sign(a + 0.1234) * a),
    "detach": (1, _any, lambda T, a: a.detach()),
    "no_grad": (1, _any, _no_grad_scale),
    "clone": (1, _any, lambda T, a: a.clone()),
    # reductions
    "sum_all": (1, _any, lambda T, a: a.sum()),
    "sum0": (1, _nd(1), lambda T, a: a.sum(0, keepdim=True)),
    "sum_last": (1, _nd(1), lambda T, a: T.sum(a, dim=-1)),
    "sum_dims": (1, _nd(2), lambda T, a: a.sum(dim=(0, -1))),
    "mean_all": (1, _any, lambda T, a: a.mean()),
    "mean_last": (1, _nd(1), lambda T, a: a.mean(-1, keepdim=True)),
    "max_all": (1, _any, lambda T, a: a.max()),
    "max_last": (1, _nd(1), lambda T, a: a.max(-1, keepdim=True).values),
    "min0": (1, _nd(1), lambda T, a: T.min(a, dim=0)[0]),
    "amax": (1, _nd(1), lambda T, a: T.amax(a, dim=-1)),
    "prod": (1, _nd(1), lambda T, a: T.prod(a, dim=-1)),
    "var": (1, _nd(1), lambda T, a: a.var(dim=-1, unbiased=False)),
    "std": (1, _nd(1), lambda T, a: a.std(dim=0, keepdim=True, unbiased=False)),
    "norm": (1, _any, lambda T, a: T.norm(a + 0.1234)),
    "logsumexp": (1, _nd(1), lambda T, a: T.logsumexp(a, dim=-1)),
    "cumsum": (1, _nd(1), lambda T, a: T.cumsum(a, dim=-1)),
    # shape and indexing
    "transpose": (1, _nd(2), lambda T, a: a.transpose(-1, -2)),
    "T2": (1, lambda a: len(a) == 2, lambda T, a: a.T),
    "permute": (1, _any, lambda T, a: a.permute(tuple(reversed(range(a.dim()))))),
    "permute_star": (1, _nd(1), lambda T, a: a.permute(*reversed(range(a.dim())))),
    "flip": (1, _nd(1), lambda T, a: a.flip(0)),
    "reshape": (1, _any, lambda T, a: a.reshape(-1)),
    "view2": (1, _nd(1), lambda T, a: a.reshape(a.shape[0], -1)),
    "flatten": (1, _nd(2), lambda T, a: T.flatten(a, 1)),
    "unsqueeze": (1, lambda a: len(a) < 4, lambda T, a: a.unsqueeze(0)),
    "squeeze": (1, _any, lambda T, a: a.squeeze()),
    "expand": (1, lambda a: len(a) < 4, lambda T, a: a.expand(2, *a.shape)),
    "tile": (1, _nd(1), lambda T, a: T.tile(a, (2,))),
    "idx_slice": (1, _nd(1), lambda T, a: a[..., :1]),
    "idx_int": (1, _nd(1), lambda T, a: a[0]),
    "idx_step": (1, _nd(1), lambda T, a: a[::2]),
    "idx_neg": (1, _nd(2), lambda T, a: a[:, -1]),
    "idx_fancy": (1, _nd(1), _fancy),
    "idx_mask": (1, _any, lambda T, a: a[a > 0.1]),
    "idx_none": (1, _any, lambda T, a: a[None]),
    "gather": (1, lambda a: len(a) == 2, _gather),
    "split": (1, lambda a: len(a) >= 1 and a[0] >= 2, lambda T, a: T.split(a, 1)[1]),
    "chunk": (1, _nonempty_last, lambda T, a: a.chunk(2, dim=-1)[0]),
    "unbind": (1, _nd(1), lambda T, a: T.unbind(a)[-1]),
    # nn.functional, one operand
    "F_relu": (1, _any, lambda T, a: T.nn.functional.relu(a - 0.0123)),
    "softmax": (1, _nd(1), lambda T, a: T.nn.functional.softmax(a, dim=-1)),
    "softmax0": (1, _nd(1), lambda T, a: T.nn.functional.softmax(a, 0)),
    "torch_softmax": (1, lambda a: len(a) >= 1 and a[0] >= 1, lambda T, a: T.softmax(a, 0)),
    "log_softmax": (1, _nd(1), lambda T, a: T.nn.functional.log_softmax(a, dim=0)),
    "cross_entropy": (1, lambda a: len(a) == 2,
                      lambda T, a: T.nn.functional.cross_entropy(
                          a, _targets(T, a.shape[0], a.shape[1]))),
    "ce_none": (1, lambda a: len(a) == 2,
                lambda T, a: T.nn.functional.cross_entropy(
                    a, _targets(T, a.shape[0], a.shape[1]), reduction="none")),
    "dropout_eval": (1, _any, lambda T, a: T.nn.functional.dropout(a, 0.5, training=False)),
    "max_pool": (1, _pool_ok, lambda T, a: T.nn.functional.max_pool2d(a, 2)),
    "max_pool_pad": (1, _pool_ok, lambda T, a: T.nn.functional.max_pool2d(a, 3, 1, padding=1)),
    "avg_pool": (1, _pool_ok, lambda T, a: T.nn.functional.avg_pool2d(a, 2, stride=1)),
    "batch_norm": (1, lambda a: len(a) in (2, 4) and a[0] >= 2,
                   lambda T, a: T.nn.functional.batch_norm(a, None, None, training=True)),
    "pad": (1, _nd(1), lambda T, a: T.nn.functional.pad(a, (1, 2))),
    # binary
    "add": (2, _bcast, lambda T, a, b: a + b),
    "sub": (2, _bcast, lambda T, a, b: T.sub(a, b)),
    "mul": (2, _bcast, lambda T, a, b: a * b),
    "div": (2, _bcast, lambda T, a, b: a / (b * b + 1.0)),
    "pow": (2, _bcast, lambda T, a, b: (a * a + 0.5) ** T.tanh(b)),
    "maximum": (2, _bcast, lambda T, a, b: T.maximum(a, b + 0.0123)),
    "minimum": (2, _bcast, lambda T, a, b: T.minimum(a, b + 0.0123)),
    "where": (2, _bcast, lambda T, a, b: T.where(a > b + 0.0123, a, b)),
    "where_s": (2, _any, lambda T, a, b: T.where(b > 0.1, a, 0.0) if broadcastable(
        a.shape, b.shape) else a),
    "matmul": (2, _matmul_ok, lambda T, a, b: a @ b),
    "matmul_t": (2, _matmul_t_ok, lambda T, a, b: T.matmul(a, b.transpose(-1, -2))),
    "mm": (2, lambda a, b: len(a) == 2 and len(b) == 2 and a[1] == b[1],
           lambda T, a, b: T.mm(a, b.t())),
    "dot": (2, lambda a, b: len(a) == 1 and a == b, lambda T, a, b: T.dot(a, b)),
    "mv": (2, lambda a, b: len(a) == 2 and len(b) == 1 and a[1] == b[0],
           lambda T, a, b: T.mv(a, b)),
    "outer": (2, lambda a, b: len(a) == 1 and len(b) == 1, lambda T, a, b: T.outer(a, b)),
    "einsum": (2, lambda a, b: len(a) == 2 and len(b) == 2 and a[1] == b[1],
               lambda T, a, b: T.einsum("ij,kj->ik", a, b)),
    "tensordot": (2, lambda a, b: len(a) >= 1 and len(b) >= 1 and a[-1] == b[0],
                  lambda T, a, b: T.tensordot(a, b, dims=1)),
    "cat": (2, lambda a, b: len(a) >= 1 and a[1:] == b[1:] and len(a) == len(b),
            lambda T, a, b: T.cat([a, b], dim=0)),
    "stack": (2, _same, lambda T, a, b: T.stack([a, b], dim=-1)),
    "mse": (2, _same, lambda T, a, b: T.nn.functional.mse_loss(a, b)),
    "conv2d": (2, _conv_ok, lambda T, a, b: T.nn.functional.conv2d(a, b, padding=1)),
    "conv2d_s": (2, lambda a, b: _conv_ok(a, b) and b[2] <= a[2] and b[3] <= a[3],
                 lambda T, a, b: T.nn.functional.conv2d(a, b, stride=2)),
    "broadcast_to": (2, lambda a, b: len(b) >= len(a) and broadcastable(a, b)
                     and numpy.broadcast_shapes(a, b) == tuple(b),
                     lambda T, a, b: T.broadcast_to(a, b.shape) * b),
    # leaf bookkeeping: a detached copy that becomes a new leaf (handled in run)
    "new_leaf": (1, _any, None),
}

SHAPES = [(), (4,), (3, 4), (1, 4), (3, 1), (2, 3, 4), (2, 1, 4), (1, 3, 1), (2, 2, 3, 4),
          (1, 2, 3, 4)]


def run(T, program):
    """Run a program in namespace T; return (output, [leaf .grad or None]) as NumPy arrays, or
    ("raises", exception type name) when it raises."""
    rng = numpy.random.default_rng(program["seed"])
    leaves = [T.tensor(rng.uniform(-1.5, 1.5, size=tuple(s)), dtype=T.float64,
                       requires_grad=bool(rg)) for s, rg in program["leaves"]]
    values = list(leaves)
    try:
        for name, i, j in program["steps"]:
            arity, guard, fn = OPS[name]
            a, b = values[-1 - i % len(values)], values[-1 - j % len(values)]
            shapes = (tuple(a.shape),) if arity == 1 else (tuple(a.shape), tuple(b.shape))
            if not (program.get("unguarded") or guard(*shapes)):
                continue
            if name == "new_leaf":
                leaf = a.detach().clone().requires_grad_(True)
                leaves.append(leaf)
                values.append(leaf)
            else:
                values.append(fn(T, a) if arity == 1 else fn(T, a, b))
        out = values[-1]
        weight = T.tensor(rng.uniform(0.5, 1.5, size=tuple(out.shape)), dtype=T.float64)
        if out.requires_grad:
            (out * weight).sum().backward()
    except Exception as e:      # noqa: BLE001 - both frameworks must raise the same type
        return ("raises", type(e).__name__, str(e))
    grads = [None if x.grad is None else x.grad.numpy().copy() for x in leaves]
    return out.detach().numpy().copy(), grads


def check(program):
    require_framework("torch")
    import torch
    assert_same(run(xtorch, program), run(torch, program))


@pytest.mark.conformance
@pytest.mark.filterwarnings("error::RuntimeWarning")     # NumPy warnings the framework never gives
@fuzz_settings(2000)
@given(programs(OPS, SHAPES, [True, True, False]))
@example(program={"leaves": [[[], True], [[], True]], "seed": 0,       # logsumexp of an empty dim
                  "steps": [["F_relu", 0, 0], ["idx_mask", 0, 0], ["logsumexp", 0, 0]]})
@example(program={"leaves": [[[], True], [[], True]], "seed": 0,       # mean of an empty tensor
                  "steps": [["F_relu", 0, 0], ["idx_mask", 0, 0], ["mean_all", 0, 0]]})
def test_random_programs_match_torch(program):
    check(program)


@pytest.mark.conformance
@pytest.mark.parametrize("program", load_corpus("torch"))
def test_torch_regressions(program):
    check(program)
