"""Framework-neutral book utilities (plotting and animation arrive with the book-layer work)."""
import time

import numpy

__all__ = ["Timer"]


class Timer:
    """Record several running times (d2l's Timer): start, stop, avg, sum, cumsum."""

    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.perf_counter()

    def stop(self):
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]

    def avg(self):
        return sum(self.times) / len(self.times)

    def sum(self):
        return sum(self.times)

    def cumsum(self):
        return numpy.array(self.times).cumsum().tolist()
