"""Timer and Accumulator (d2l's running-time and running-sum helpers)."""
import time

import numpy


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


class Accumulator:
    """Running sums over n variables (d2l's Accumulator): add(*values), reset(), acc[i]."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]
