"""Every primitive, by family; `REGISTRY` maps names to them; `NumpyTensor` for neutral code."""
from . import elementwise, linalg, methods, nn, reduce, shape
from .methods import NumpyTensor
from .registry import REGISTRY, Primitive, apply, defop

__all__ = ["NumpyTensor", "REGISTRY", "Primitive", "apply", "defop", "elementwise", "linalg", "nn", "reduce", "shape"]
