"""Differential fuzzing of the MXNet dialect: random programs of 3-20 ops over float64 leaves that
are attach_grad()-ed or plain, with detach(), recorded under autograd.record() and run backward in
xint and in real MXNet 1.9.1 (np/npx interface, as D2L uses it; runs in the mx venv): the forward
value and every leaf's .grad (None for leaves never attached) must agree.

Budget: 300 programs by default; XINT_FUZZ_SCALE / XINT_FUZZ_EXAMPLES / XINT_FUZZ_RANDOM as in
test_fuzz_torch.py. Failures go to regressions.json (dialect "mxnet").
"""
import numpy
import pytest
from hypothesis import given

from fuzzlib import assert_same, broadcastable, fuzz_settings, load_corpus, programs
from xint.testing import require_framework


def _any(*_):
    return True


def _nd(k):
    return lambda a: len(a) >= k


def _bcast(a, b):
    return broadcastable(a, b)


OPS = {
    "exp": (1, _any, lambda np, npx, a: np.exp(np.tanh(a))),
    "log": (1, _any, lambda np, npx, a: np.log(a * a + 1.0)),
    "sin": (1, _any, lambda np, npx, a: np.sin(a)),
    "cos": (1, _any, lambda np, npx, a: np.cos(a)),
    "sigmoid": (1, _any, lambda np, npx, a: npx.sigmoid(a)),
    "relu": (1, _any, lambda np, npx, a: npx.relu(a + 0.1234)),
    "abs": (1, _any, lambda np, npx, a: np.abs(a + 0.1234)),
    "sqrt": (1, _any, lambda np, npx, a: np.sqrt(a * a + 0.5)),
    "square": (1, _any, lambda np, npx, a: a ** 2),
    "neg": (1, _any, lambda np, npx, a: -a),
    "scale": (1, _any, lambda np, npx, a: 0.5 * a - 1.0),
    "rdiv": (1, _any, lambda np, npx, a: 1.0 / (a * a + 1.0)),
    "clip": (1, _any, lambda np, npx, a: np.clip(a, -0.7, 0.9)),
    "detach": (1, _any, lambda np, npx, a: a.detach()),
    "sum_all": (1, _any, lambda np, npx, a: a.sum()),
    "sum0": (1, _nd(1), lambda np, npx, a: np.sum(a, axis=0, keepdims=True)),
    "mean_last": (1, _nd(1), lambda np, npx, a: a.mean(axis=-1)),
    "max_last": (1, _nd(1), lambda np, npx, a: np.max(a, axis=-1)),
    "min_all": (1, _any, lambda np, npx, a: a.min()),
    "prod": (1, _nd(1), lambda np, npx, a: np.prod(a, axis=0)),
    "softmax": (1, _nd(1), lambda np, npx, a: npx.softmax(a, axis=-1)),
    "log_softmax": (1, _nd(1), lambda np, npx, a: npx.log_softmax(a, axis=-1)),
    "transpose": (1, _any, lambda np, npx, a: a.T),
    "reshape": (1, _any, lambda np, npx, a: a.reshape(-1)),
    "expand_dims": (1, lambda a: len(a) < 4, lambda np, npx, a: np.expand_dims(a, 0)),
    "squeeze": (1, _any, lambda np, npx, a: np.squeeze(a)),
    "tile": (1, _nd(1), lambda np, npx, a: np.tile(a, 2)),
    "idx_slice": (1, _nd(1), lambda np, npx, a: a[..., :1]),
    "idx_int": (1, _nd(1), lambda np, npx, a: a[0]),
    "idx_step": (1, _nd(1), lambda np, npx, a: a[::2]),
    "add": (2, _bcast, lambda np, npx, a, b: a + b),
    "sub": (2, _bcast, lambda np, npx, a, b: a - b),
    "mul": (2, _bcast, lambda np, npx, a, b: a * b),
    "div": (2, _bcast, lambda np, npx, a, b: a / (b * b + 1.0)),
    "maximum": (2, _bcast, lambda np, npx, a, b: np.maximum(a, b + 0.0123)),
    "minimum": (2, _bcast, lambda np, npx, a, b: np.minimum(a, b + 0.0123)),
    "where": (2, _bcast, lambda np, npx, a, b: np.where(a > b + 0.0123, a, b)),
    "dot": (2, lambda a, b: len(a) == 2 and len(b) == 2 and a[1] == b[0],
            lambda np, npx, a, b: np.dot(a, b)),
    "dot_t": (2, lambda a, b: len(a) == 2 and len(b) == 2 and a[1] == b[1],
              lambda np, npx, a, b: np.dot(a, b.T)),
    "dot_v": (2, lambda a, b: len(a) >= 1 and len(b) == 1 and a[-1] == b[0],
              lambda np, npx, a, b: np.dot(a, b)),
    "concat": (2, lambda a, b: len(a) == len(b) >= 1 and a[1:] == b[1:],
               lambda np, npx, a, b: np.concatenate([a, b], axis=0)),
    "stack": (2, lambda a, b: a == b, lambda np, npx, a, b: np.stack([a, b], axis=-1)),
}

SHAPES = [(), (4,), (3, 4), (1, 4), (3, 1), (2, 3, 4), (2, 1, 4), (4, 4)]
FLAGS = ["attached", "attached", "plain"]


def run(mx, program):
    np, npx, autograd = mx
    rng = numpy.random.default_rng(program["seed"])
    leaves = [np.array(rng.uniform(-1.5, 1.5, size=tuple(s)), dtype="float64")
              for s, _ in program["leaves"]]
    for x, (_, kind) in zip(leaves, program["leaves"]):
        if kind == "attached":
            x.attach_grad()
    try:
        with autograd.record():
            values = list(leaves)
            for name, i, j in program["steps"]:
                arity, guard, fn = OPS[name]
                a, b = values[-1 - i % len(values)], values[-1 - j % len(values)]
                shapes = ((tuple(a.shape),) if arity == 1 else (tuple(a.shape), tuple(b.shape)))
                if program.get("unguarded") or guard(*shapes):
                    values.append(fn(np, npx, a) if arity == 1 else fn(np, npx, a, b))
            out = values[-1]
            weight = np.array(rng.uniform(0.5, 1.5, size=tuple(out.shape)), dtype="float64")
            total = (out * weight).sum()
        total.backward()
    except Exception as e:      # noqa: BLE001 - both must raise the same type
        return ("raises", type(e).__name__, str(e).strip().splitlines()[-1:])
    return (out.asnumpy(), [None if x.grad is None else x.grad.asnumpy() for x in leaves])


def check(program):
    require_framework("mxnet")
    import mxnet
    from xint import mxnet as xmx
    mxnet.npx.set_np()
    assert_same(run((xmx.np, xmx.npx, xmx.autograd), program),
                run((mxnet.np, mxnet.npx, mxnet.autograd), program))


@pytest.mark.conformance
@pytest.mark.filterwarnings("error::RuntimeWarning")     # NumPy warnings the framework never gives
@fuzz_settings(300)
@given(programs(OPS, SHAPES, FLAGS, max_steps=20))
def test_random_programs_match_mxnet(program):
    check(program)


@pytest.mark.conformance
@pytest.mark.parametrize("program", load_corpus("mxnet"))
def test_mxnet_regressions(program):
    check(program)
