"""Differential fuzzing: random programs of elementwise, broadcasting, reduction, shape, matmul
and nn ops, with random detach, run in xint's torch dialect and in real torch (float64): forward
values and every leaf's gradient must agree. Hypothesis shrinks a failure to a minimal program.

XINT_FUZZ_EXAMPLES sets the budget (default 300; a long run: XINT_FUZZ_EXAMPLES=5000).
"""
import os

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xint import torch as xtorch
from xint.testing import require_framework

EXAMPLES = int(os.environ.get("XINT_FUZZ_EXAMPLES", "300"))

# (name, arity, function of the torch namespace): every op keeps values in a safe range
UNARY = [
    ("exp", lambda T, a: T.exp(T.tanh(a))),
    ("log", lambda T, a: T.log(a * a + 1.0)),
    ("sin", lambda T, a: T.sin(a)),
    ("sigmoid", lambda T, a: T.sigmoid(a)),
    ("relu", lambda T, a: T.relu(a + 0.1234)),
    ("abs", lambda T, a: T.abs(a + 0.1234)),
    ("sqrt", lambda T, a: T.sqrt(a * a + 0.5)),
    ("square", lambda T, a: a ** 2),
    ("neg", lambda T, a: -a),
    ("scale", lambda T, a: 0.5 * a - 1.0),
    ("sum0", lambda T, a: a.sum(0, keepdim=True)),
    ("mean_last", lambda T, a: a.mean(-1, keepdim=True)),
    ("max_last", lambda T, a: a.max(-1, keepdim=True).values),
    ("softmax", lambda T, a: T.nn.functional.softmax(a, dim=-1)),
    ("log_softmax", lambda T, a: T.nn.functional.log_softmax(a, dim=0)),
    ("transpose", lambda T, a: a.T),
    ("flip", lambda T, a: a.flip(0)),
    ("clamp", lambda T, a: T.clamp(a, -0.7, 0.9)),
    ("cumsum", lambda T, a: T.cumsum(a, dim=-1)),
    ("detach", lambda T, a: a.detach()),
    ("index", lambda T, a: a[..., :1]),
]
BINARY = [
    ("add", lambda T, a, b: a + b),
    ("sub", lambda T, a, b: a - b),
    ("mul", lambda T, a, b: a * b),
    ("div", lambda T, a, b: a / (b * b + 1.0)),
    ("maximum", lambda T, a, b: T.maximum(a, b + 0.0123)),
    ("where", lambda T, a, b: T.where(a > b + 0.0123, a, b)),
    ("matmul", lambda T, a, b: a @ b.T),
]

SHAPES = [(3, 4), (1, 4), (3, 1), (1, 1)]


@st.composite
def programs(draw):
    n_inputs = draw(st.integers(1, 3))
    shapes = [draw(st.sampled_from(SHAPES)) for _ in range(n_inputs)]
    steps = []
    for _ in range(draw(st.integers(3, 12))):
        if draw(st.booleans()):
            steps.append(("u", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, 99))))
        else:
            steps.append(("b", draw(st.integers(0, len(BINARY) - 1)), draw(st.integers(0, 99)),
                          draw(st.integers(0, 99))))
    seed = draw(st.integers(0, 2 ** 16))
    return shapes, steps, seed


def run(T, shapes, steps, seed):
    """Run a program in namespace T; return (output, leaf gradients) as NumPy arrays."""
    rng = numpy.random.default_rng(seed)
    leaves = [T.tensor(rng.uniform(-1.5, 1.5, size=s), requires_grad=True) for s in shapes]
    values = list(leaves)
    for step in steps:
        if step[0] == "u":
            _, op, i = step
            values.append(UNARY[op][1](T, values[i % len(values)]))
        else:
            _, op, i, j = step
            a, b = values[i % len(values)], values[j % len(values)]
            if BINARY[op][0] == "matmul" and a.shape[-1] != b.shape[-1]:
                continue
            try:
                values.append(BINARY[op][1](T, a, b))
            except RuntimeError:       # shapes that do not broadcast: skip in both frameworks
                continue
    out = values[-1]
    total = out.sum() if out.requires_grad else None
    if total is not None:
        total.backward()
    grads = [None if x.grad is None else x.grad.detach().numpy() for x in leaves]
    return out.detach().numpy(), grads


@pytest.mark.conformance
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_random_programs_match_torch(program):
    require_framework("torch")
    import torch
    shapes, steps, seed = program
    mine = run(xtorch, shapes, steps, seed)
    real = run(torch, shapes, steps, seed)
    numpy.testing.assert_allclose(mine[0], real[0], rtol=1e-6, atol=1e-12)
    for g_mine, g_real in zip(mine[1], real[1]):
        assert (g_mine is None) == (g_real is None)
        if g_real is not None:
            numpy.testing.assert_allclose(g_mine, g_real, rtol=1e-6, atol=1e-12)
