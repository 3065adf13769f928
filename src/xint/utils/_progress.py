"""The training progress the book helpers (train_ch3, train_ch6) show, one copy for all dialects:
an Animator in Jupyter, one carriage-return line on a terminal, nothing otherwise."""
import sys

from ._env import in_jupyter


class Progress:
    """progress.add(x, values) once per point (None for a value not measured then); close()."""

    def __init__(self, num_epochs, legend, verbose=True):
        self.legend, self.num_epochs, self.animator, self.bar = legend, num_epochs, None, False
        if not verbose:
            return
        if in_jupyter():
            from . import plotting
            self.animator = plotting.Animator(xlabel="epoch", xlim=[1, num_epochs], legend=legend)
            return
        self.bar = sys.stdout.isatty()

    def add(self, x, values):
        if self.animator is not None:
            self.animator.add(x, values)
        elif self.bar:
            shown = ", ".join(f"{k} {float(v):.3f}" for k, v in zip(self.legend, values)
                              if v is not None)
            sys.stdout.write(f"\repoch {x:.2f}/{self.num_epochs}: {shown}\033[K")
            sys.stdout.flush()

    def close(self):
        if self.bar:
            sys.stdout.write("\n")
            sys.stdout.flush()


def run_epochs(num_epochs, one_epoch, legend, verbose=True):
    """Call one_epoch() num_epochs times, showing its metrics; returns the last epoch's."""
    progress = Progress(num_epochs, legend, verbose)
    for epoch in range(num_epochs):
        metrics = one_epoch()
        progress.add(epoch + 1, metrics)
    progress.close()
    return metrics


def show_titled_images(imgs, titles, scale=1.5):
    """One row of images with titles (predict_ch3's picture); quiet without matplotlib."""
    try:
        import matplotlib  # noqa: F401 - only asks whether it is installed
    except ImportError:
        return None
    from .plotting import show_images
    return show_images(imgs, 1, len(imgs), titles=titles, scale=scale)
