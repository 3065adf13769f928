"""Every registered primitive is exercised by a row of some op table (tests/ops/test_*_ops.py),
or declared non-differentiable there."""
import importlib
import pathlib

from optable import traced_prims
from xint.ops import REGISTRY


def _tables():
    for path in sorted(pathlib.Path(__file__).parent.glob("test_*_ops.py")):
        yield importlib.import_module(path.stem)


def test_every_primitive_has_a_row():
    covered, nondiff = set(), set()
    for mod in _tables():
        nondiff |= set(getattr(mod, "NOT_DIFFERENTIABLE", ()))
        for _id, f, shape, domain in mod.OPS:
            covered |= traced_prims(f, shape, domain)
    missing = set(REGISTRY) - covered - nondiff
    assert not missing, f"primitives without an op-table row: {sorted(missing)}"
