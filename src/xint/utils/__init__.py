"""Framework-neutral book utilities: plotting (d2l's plot, Animator, show_images), timing and
running sums, pictures of recorded graphs, and explain mode. matplotlib is imported only when a
drawing function runs; none of this needs a display."""
from ..core import explain as _explain
from ._counters import Accumulator, Timer
from .graph import show_graph
from .plotting import (Animator, default_animator_path, plot, set_axes, set_figsize, show_images,
                       to_numpy, use_svg_display)

__all__ = ["Timer", "Accumulator", "use_svg_display", "set_figsize", "set_axes", "plot",
           "Animator", "show_images", "show_graph", "explain", "to_numpy"]


def explain(on=True):
    """Explain mode (also XINT_EXPLAIN=1): a plain-language line on stderr when a classic
    autograd mistake happens (accumulated .grad, backward of a non-scalar, a freed graph or used
    tape, a detached value). Never changes results. Returns the previous setting."""
    return _explain.set_enabled(on)
