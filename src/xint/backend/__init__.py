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


_NO_VALUES = bytes(16)        # one element of any dtype, read-only: what placeholders point at


_PLACEHOLDERS = {}            # (shape, dtype) -> placeholder: read-only, so one serves all


def placeholder(a):
    """A read-only array with `a`'s shape and dtype that holds no memory (every element is the
    same zero): what the graph keeps of a value it no longer needs."""
    key = (a.shape, a.dtype)
    p = _PLACEHOLDERS.get(key)
    if p is None:
        # NOTE: made once per shape: constructing an array over a buffer runs a long C path
        # that a training step touches nowhere else, so it was always cold there (≈20 µs)
        if type(a) is numpy.ndarray and a.dtype.itemsize <= len(_NO_VALUES) \
                and not a.dtype.hasobject:
            p = numpy.ndarray(a.shape, a.dtype, _NO_VALUES, 0, (0,) * a.ndim)
        else:
            p = xp.broadcast_to(xp.zeros((), a.dtype), a.shape)
        if type(p) is numpy.ndarray:     # (the backend may change; its arrays are not kept)
            if len(_PLACEHOLDERS) >= 1024:      # shapes that vary without end: start afresh
                _PLACEHOLDERS.clear()
            _PLACEHOLDERS[key] = p
    return p
