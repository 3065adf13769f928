"""Text of ``repr(torch.Tensor)`` for a host NumPy array.

Mirrors torch/_tensor_str.py (torch 2.13) under the default print options, so
that a dialect tensor prints exactly like the real one.  Only NumPy is used.
"""

import math

import numpy as np

# torch's default print options
_PRECISION = 4
_THRESHOLD = 1000
_EDGEITEMS = 3
_LINEWIDTH = 80
_PREFIX = "tensor("


def format_torch(a, suffixes=()):
    """Return torch's repr of ``a`` with the already formatted ``suffixes``
    ("dtype=torch.float64", "grad_fn=<MulBackward0>", ...) appended."""
    a = np.asarray(a)
    indent = len(_PREFIX)
    suffixes = list(suffixes)
    if a.size == 0:
        body = "[]"
        # torch shows the shape of an empty tensor unless it is 1-d, like NumPy
        if a.ndim != 1:
            suffixes.insert(0, "size=" + str(tuple(int(n) for n in a.shape)))
    else:
        summarize = a.size > _THRESHOLD
        # the column width is chosen from the printed (edge) elements only
        fmt = _Formatter(_edges(a) if summarize else a)
        body = _tensor_str(a, indent, summarize, fmt)
    return _add_suffixes(_PREFIX + body, suffixes, indent)


def _edges(a):
    """The elements a summarised print shows: the first and last
    edge items of every axis longer than twice that."""
    for axis, n in enumerate(a.shape):
        if n > 2 * _EDGEITEMS:
            keep = np.r_[0:_EDGEITEMS, n - _EDGEITEMS : n]
            a = np.take(a, keep, axis=axis)
    return a


def _widest(strings):
    return max(len(s) for s in strings)


def _extremes(v):
    """For a non-empty 1-d array, the values whose printed form can be the
    longest: a number's text grows with its magnitude (or with its exponent's
    magnitude) on either side of zero, so the min and max of each sign."""
    out = []
    for part in (v[v > 0], v[v < 0], v[v == 0]):
        if part.size:
            out += [part.min().item(), part.max().item()]
    return out


class _Formatter:
    """torch's _Formatter: one common width, and for floats a choice of
    integer, fixed-point or scientific notation made from all shown values."""

    def __init__(self, a):
        self.floating = a.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        v = a.ravel()
        if not self.floating:
            # ints and bools print with str(); width of the longest
            self.width = max(1, _widest(str(x) for x in _extremes(v)))
            return
        # only finite non-zero values decide the notation and the width
        v = v[np.isfinite(v) & (v != 0)]
        if v.size == 0:
            return
        self.int_mode = bool(np.all(v == np.ceil(v)))
        mag = np.abs(v.astype(np.float64))
        lo, hi = mag.min(), mag.max()
        self.sci_mode = bool(hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4)
        ext = _extremes(v)
        if self.sci_mode:
            self.width = _widest(f"{x:.{_PRECISION}e}" for x in ext)
        elif self.int_mode:
            # "+ 1" leaves room for the trailing "." that marks a float
            self.width = max(1, _widest(f"{x:.0f}" for x in ext) + 1)
        else:
            self.width = max(1, _widest(f"{x:.{_PRECISION}f}" for x in ext))

    def format(self, x):
        if not self.floating:
            s = str(x)
        elif self.sci_mode:
            s = f"{x:{self.width}.{_PRECISION}e}"
        elif self.int_mode:
            s = f"{x:.0f}"
            if not (math.isinf(x) or math.isnan(x)):
                s += "."
        else:
            s = f"{x:.{_PRECISION}f}"
        return s.rjust(self.width)


def _tensor_str(a, indent, summarize, fmt):
    if a.ndim == 0:
        return fmt.format(a.item())
    n = a.shape[0]
    cut = summarize and n > 2 * _EDGEITEMS
    if a.ndim == 1:
        if cut:
            items = (
                [fmt.format(x) for x in a[:_EDGEITEMS].tolist()]
                + [" ..."]
                + [fmt.format(x) for x in a[-_EDGEITEMS:].tolist()]
            )
        else:
            items = [fmt.format(x) for x in a.tolist()]
        # torch fits whole columns (width + ", ") into what the indent leaves
        per_line = max(1, (_LINEWIDTH - indent) // (fmt.width + 2))
        lines = [
            ", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)
        ]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    rows = [*range(_EDGEITEMS), None, *range(n - _EDGEITEMS, n)] if cut else range(n)
    parts = [
        "..." if i is None else _tensor_str(a[i], indent + 1, summarize, fmt)
        for i in rows
    ]
    # one blank line fewer than the sub-block's rank between sub-blocks
    sep = "," + "\n" * (a.ndim - 1) + " " * (indent + 1)
    return "[" + sep.join(parts) + "]"


def _add_suffixes(text, suffixes, indent):
    # torch's estimate of the last line's length (it overcounts by 2 when
    # there is no newline); kept as is so suffixes wrap where torch's do
    last = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if last + len(suffix) + 2 > _LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last += len(suffix) + 2
    return "".join(parts) + ")"
