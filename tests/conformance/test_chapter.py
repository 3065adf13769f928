"""The gradient chapter, cell by cell: xint's output must equal the real framework's."""
import numpy
import pytest

from xint.testing import check_conformance, run_cells
from xint.tour import CHAPTER, PRELUDES


@pytest.mark.conformance
@pytest.mark.parametrize("dialect", sorted(CHAPTER))
def test_chapter_matches_framework(dialect):
    check_conformance(CHAPTER[dialect], dialect)


@pytest.mark.parametrize("dialect", sorted(CHAPTER))
def test_chapter_values_follow_the_mathematics(dialect):
    """Without any framework: the chapter's gradients are the closed forms 4x, 1, 2x, u."""
    cells = CHAPTER[dialect]
    outs = run_cells(cells, PRELUDES[("xint", dialect)])
    hosts = [o.host for o in outs]
    x = numpy.arange(4.0).reshape(4, 1)
    grads = [h for h in hosts if isinstance(h, numpy.ndarray) and h.shape == (4, 1)
             and h.dtype.kind == "f"]
    assert any(numpy.array_equal(g, 4 * x) for g in grads)
    assert any(numpy.array_equal(g, numpy.ones_like(x)) for g in grads)
    assert any(numpy.array_equal(g, 2 * x) for g in grads)
    bools = [h for h in hosts if isinstance(h, numpy.ndarray) and h.dtype == bool]
    assert bools and all(b.all() for b in bools)
    scalars = [h for h in hosts if isinstance(h, numpy.ndarray) and h.shape == () and h.dtype.kind == "f"]
    assert 28.0 in [float(s) for s in scalars]
