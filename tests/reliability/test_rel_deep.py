"""A 100,000-op chain and a 100,000-way fan-out backprop in each dialect, at Python's default
recursion limit (the backward walk is iterative and linear in the number of edges)."""
import sys

import numpy
import pytest

from rel_graphs import chain, fan

N = 100_000
DIALECTS = ["torch", "mxnet", "tensorflow"]


@pytest.fixture(autouse=True)
def default_recursion_limit():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)         # CPython's default: nothing may rely on a larger one
    yield
    sys.setrecursionlimit(old)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_chain_100k(dialect):
    assert numpy.array_equal(chain(dialect, N), numpy.array(1.0, dtype=numpy.float32))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fan_out_100k(dialect):
    assert numpy.array_equal(fan(dialect, N), numpy.full(3, 2.0 * N, dtype=numpy.float32))
