"""The array backend: the one place that chooses NumPy (default) or CuPy.

Everything that does array math on tensors' data asks `xp` from here, so a GPU run is the same code.
"""
import numpy

xp = numpy


def set_backend(name):
    """Switch the array module: "numpy" (default) or "cupy" (needs CuPy installed)."""
    global xp
    if name == "numpy":
        xp = numpy
    elif name == "cupy":
        import cupy  # optional dependency, imported only on request
        xp = cupy
    else:
        raise ValueError(f"unknown backend {name!r}; use 'numpy' or 'cupy'")
    return xp


def to_numpy(a):
    """A host NumPy array for `a` (copies from the device only when the backend is CuPy)."""
    if type(a) is numpy.ndarray:
        return a
    get = getattr(a, "get", None)
    return get() if get is not None else numpy.asarray(a)
