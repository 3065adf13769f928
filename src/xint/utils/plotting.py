"""d2l's plotting helpers, for tensors of any dialect (and real frameworks' tensors, and NumPy).

matplotlib is imported inside the functions only (`xint` works without it); see `_env.pyplot`.
"""
import os
import sys
import tempfile

import numpy

from ._env import in_jupyter, pyplot

_FMTS = ("-", "m--", "g-.", "r:")


def to_numpy(x):
    """A NumPy view of x without importing any framework: xint tensors, torch-like (`detach`,
    `numpy`), MXNet-like (`asnumpy`), TF-like (`numpy`), lists and scalars."""
    data = getattr(x, "_data", None)
    if data is not None and not isinstance(x, numpy.ndarray):
        from .. import backend
        return numpy.asarray(backend.to_numpy(data))
    if isinstance(x, numpy.ndarray):
        return x
    if hasattr(x, "detach") and callable(x.detach) and hasattr(x, "numpy"):
        x = x.detach()
        if hasattr(x, "cpu"):
            x = x.cpu()
    for name in ("asnumpy", "numpy"):
        method = getattr(x, name, None)
        if callable(method):
            return numpy.asarray(method())
    return numpy.asarray(x)


def use_svg_display():
    """Draw inline figures as SVG in Jupyter (a no-op when headless)."""
    if not in_jupyter():
        return
    try:
        from matplotlib_inline import backend_inline
        backend_inline.set_matplotlib_formats("svg")
    except ImportError:                       # older IPython
        from IPython.display import set_matplotlib_formats
        set_matplotlib_formats("svg")


def set_figsize(figsize=(3.5, 2.5)):
    """Set the default figure size for the following figures."""
    use_svg_display()
    pyplot().rcParams["figure.figsize"] = figsize


def set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend):
    """Label, bound and scale one matplotlib Axes, add the legend and a grid."""
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    axes.set_xlim(xlim)
    axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)
    axes.grid()


def _one_curve(x):
    """Is x a single curve (1-D array-like of numbers) rather than a list of curves?"""
    if isinstance(x, (list, tuple)):
        return len(x) == 0 or not hasattr(x[0], "__len__") or getattr(x[0], "ndim", 1) == 0
    return getattr(x, "ndim", None) == 1


def _curves(x):
    if _one_curve(x):
        return [to_numpy(x)]
    if isinstance(x, (list, tuple)):
        return [to_numpy(c) for c in x]
    return list(to_numpy(x))                  # a 2-D array: one curve per row, as d2l's zip does


def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, xscale="linear",
         yscale="linear", fmts=_FMTS, figsize=(3.5, 2.5), axes=None):
    """Plot one or several curves (d2l's plot): plot(y), plot(x, y), plot(x, [y1, y2]) ..."""
    set_figsize(figsize)
    plt = pyplot()
    axes = axes if axes else plt.gca()
    X = _curves(X)
    if Y is None:
        X, Y = [None] * len(X), X
    else:
        Y = _curves(Y)
    if len(X) != len(Y):
        X = X * len(Y)
    axes.cla()
    for x, y, fmt in zip(X, Y, fmts):
        if x is not None and len(x):
            axes.plot(x, y, fmt)
        else:
            axes.plot(y, fmt)
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend or [])
    return axes


def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    """A grid of images (d2l's show_images); returns the flattened axes."""
    plt = pyplot()
    _, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale),
                           squeeze=False)
    axes = axes.flatten()
    for i, (ax, img) in enumerate(zip(axes, imgs)):
        ax.imshow(img if isinstance(img, numpy.ndarray) or hasattr(img, "getdata") else to_numpy(img))
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
        if titles:
            ax.set_title(titles[i])
    return axes


def default_animator_path():
    """Where a headless Animator keeps its picture: $XINT_ANIMATOR_PATH, else
    <system temp dir>/xint-animator.svg (a temp dir, so scripts and tests never litter a repo)."""
    return os.environ.get("XINT_ANIMATOR_PATH") or os.path.join(tempfile.gettempdir(),
                                                                "xint-animator.svg")


class Animator:
    """Curves that grow point by point (d2l's Animator): add(x, y) with one value per curve.

    In Jupyter the figure is redrawn in place. Headless, the picture file `path` (SVG, or PNG for
    a .png name; default `default_animator_path()`) is rewritten on every add, and one line of
    progress goes to stdout."""

    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None,
                 xscale="linear", yscale="linear", fmts=_FMTS, nrows=1, ncols=1,
                 figsize=(3.5, 2.5), path=None):
        self.legend = legend or []
        set_figsize(figsize)       # (use_svg_display inside)
        plt = pyplot()
        self.fig, self.axes = plt.subplots(nrows, ncols, figsize=figsize)
        if nrows * ncols == 1:
            self.axes = [self.axes]
        self.config_axes = lambda: set_axes(self.axes[0], xlabel, ylabel, xlim, ylim, xscale,
                                            yscale, self.legend)
        self.X, self.Y, self.fmts = None, None, fmts
        self.jupyter = in_jupyter()
        self.path = None if self.jupyter and path is None else (path or default_animator_path())

    def add(self, x, y):
        if not hasattr(y, "__len__"):
            y = [y]
        n = len(y)
        if not hasattr(x, "__len__"):
            x = [x] * n
        if not self.X:
            self.X = [[] for _ in range(n)]
        if not self.Y:
            self.Y = [[] for _ in range(n)]
        for i, (a, b) in enumerate(zip(x, y)):
            if a is not None and b is not None:
                self.X[i].append(float(to_numpy(a)))
                self.Y[i].append(float(to_numpy(b)))
        ax = self.axes[0]
        ax.cla()
        for xs, ys, fmt in zip(self.X, self.Y, self.fmts):
            ax.plot(xs, ys, fmt)
        self.config_axes()
        if self.jupyter:
            from IPython import display
            display.display(self.fig)
            display.clear_output(wait=True)
        if self.path is not None:
            self.fig.savefig(self.path, format="png" if self.path.lower().endswith(".png") else "svg")
        if not self.jupyter:
            names = self.legend or [f"y{i}" for i in range(n)]
            shown = ", ".join(f"{k} {float(to_numpy(v)):.4g}" for k, v in zip(names, y)
                              if v is not None)
            first = next((a for a in x if a is not None), None)
            where = f"x {float(to_numpy(first)):.4g}" if first is not None else "x ?"
            print(f"{where}: {shown} -> {self.path}", file=sys.stdout, flush=True)
