"""A primitive's `saves` says which argument values its VJPs read; the engine holds the others
only as stand-ins (shape, dtype and node, no values) from the moment it records them. Every op
table row is checked again with stand-ins for all non-leaf inputs, whatever their size (normally
only large ones get them): a VJP that read an argument it does not save would see zeros and fail
the finite-difference check."""
import importlib
import pathlib

import pytest

from optable import check_row
from xint.core import autodiff


def _rows():
    for path in sorted(pathlib.Path(__file__).parent.glob("test_*_ops.py")):
        mod = importlib.import_module(path.stem)
        for row in mod.OPS:
            yield pytest.param(*row[1:], id=f"{path.stem[5:-4]}-{row[0]}")


@pytest.mark.parametrize("f,shp,domain", list(_rows()))
def test_gradients_with_unsaved_inputs_held_as_stand_ins(f, shp, domain, monkeypatch):
    monkeypatch.setattr(autodiff, "_BIG", 0)
    check_row(f, shp, domain)
