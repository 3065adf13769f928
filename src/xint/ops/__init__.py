"""Every primitive, by family; `REGISTRY` maps names to them. Importing this binds nothing."""
from . import elementwise, linalg, methods, reduce, shape
from .registry import REGISTRY, Primitive, apply, defop

__all__ = ["REGISTRY", "Primitive", "apply", "defop", "elementwise", "linalg", "reduce", "shape"]
