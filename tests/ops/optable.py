"""The op-table machinery shared by tests/ops/test_*_ops.py.

Each such module defines OPS: rows (id, f, input shape, domain) where f maps one float64 array to
an array using engine primitives, and NOT_DIFFERENTIABLE: primitives it declares without VJPs.
`check_row` checks a row's gradient against central finite differences (order 2 for smooth ops);
`traced_prims` lists the primitives a row really exercises, which test_coverage.py compares with
the registry.
"""
import numpy

from xint.core.tensor import Tensor
from xint.ops import NumpyTensor
from xint.testing import check_grads

RNG = numpy.random.default_rng(0)


def sample(shape, domain, rng=RNG):
    return rng.uniform(*domain, size=shape)


def check_row(f, shape, domain, order=2):
    check_grads(f, sample(shape, domain), order=order)


def traced_prims(f, shape, domain):
    """Names of the primitives recorded while f runs on a tensor that requires grad."""
    x = NumpyTensor(sample(shape, domain), requires_grad=True)
    y = f(x)
    seen, names, stack = set(), set(), [y.node] if isinstance(y, Tensor) and y.node else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        names.add(node.prim.name)
        stack.extend(a.node for a in node.inputs if isinstance(a, Tensor) and a.node is not None)
    return names
