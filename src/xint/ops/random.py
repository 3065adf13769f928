"""Random numbers for the dialects: one `Generator` per dialect, a seedable PCG64 stream.

Same seed, same stream: reseeding a generator reproduces its draws exactly, on every platform.
The numbers are NumPy's, not the frameworks': torch's Mersenne Twister / Philox, TensorFlow's
Philox and MXNet's generators cannot be reproduced bit for bit, so `torch.manual_seed(0)` makes
xint's `torch.randn` repeatable but not equal to real torch's. Only the distributions match.

Draws are made on the host and handed to the backend (`backend.xp`) as arrays.
"""
import numpy

from .. import backend


class Generator:
    """A seeded numpy.random.Generator (PCG64) with the draws the dialects need.

    Shapes are tuples, dtypes NumPy dtypes; every draw returns a backend array.
    """

    def __init__(self, seed=None):
        self.seed(seed)

    def seed(self, seed=None):
        """Restart the stream from `seed` (None: fresh OS entropy); returns the seed."""
        if seed is None:
            seed = numpy.random.SeedSequence().entropy % (1 << 64)
        self._seed = int(seed)
        self._rng = numpy.random.Generator(numpy.random.PCG64(self._seed % (1 << 64)))
        return self._seed

    def initial_seed(self):
        return self._seed

    def normal(self, mean=0.0, std=1.0, shape=(), dtype=numpy.float32):
        """N(mean, std²) samples; mean and std may be host arrays that broadcast to `shape`."""
        z = self._rng.standard_normal(shape, dtype=_drawn_dtype(dtype))
        if not (_is_number(std) and std == 1):
            z = z * std
        if not (_is_number(mean) and mean == 0):
            z = z + mean
        return backend.xp.asarray(z.astype(dtype, copy=False))

    def uniform(self, low=0.0, high=1.0, shape=(), dtype=numpy.float32):
        """Uniform samples on [low, high)."""
        u = self._rng.random(shape, dtype=_drawn_dtype(dtype))
        if not (_is_number(low) and _is_number(high) and (low, high) == (0, 1)):
            u = u * (high - low) + low
        return backend.xp.asarray(u.astype(dtype, copy=False))

    def randint(self, low, high, shape=(), dtype=numpy.int64):
        """Integers uniform on [low, high)."""
        return backend.xp.asarray(self._rng.integers(low, high, shape, dtype=dtype))

    def permutation(self, n, dtype=numpy.int64):
        """A random ordering of 0 … n-1."""
        return backend.xp.asarray(self._rng.permutation(n).astype(dtype, copy=False))

    def shuffle(self, x):
        """Shuffle a host array in place along its first axis."""
        self._rng.shuffle(x)

    def choice(self, probs, num_samples, replacement=True):
        """Category indices (int64) drawn from each row of `probs` (1-d: one distribution, 2-d:
        one per row; weights need not sum to 1). Result shape: probs.shape[:-1] + (num_samples,).

        With replacement: inverse CDF, all rows at once. Without: the Gumbel-top-k trick (the
        num_samples largest of log p + Gumbel noise are an ordered draw without replacement).
        """
        p = numpy.asarray(backend.to_numpy(probs), dtype=numpy.float64)
        rows = p.reshape(-1, p.shape[-1])
        n_rows, n = rows.shape
        if replacement:
            cdf = numpy.cumsum(rows, axis=1)
            cdf /= cdf[:, -1:]
            u = self._rng.random((n_rows, num_samples))
            # one searchsorted over all rows: row r's CDF and draws are shifted by r
            offset = numpy.arange(n_rows)[:, None]
            idx = numpy.searchsorted((cdf + offset).ravel(), (u + offset).ravel(), side="right")
            idx = numpy.minimum(idx.reshape(n_rows, num_samples) - offset * n, n - 1)
        else:
            with numpy.errstate(divide="ignore"):
                keys = numpy.log(rows) + self._rng.gumbel(size=rows.shape)
            idx = numpy.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
        return backend.xp.asarray(idx.reshape(p.shape[:-1] + (num_samples,)).astype(numpy.int64))

    def multinomial(self, total_count, probs, shape=()):
        """Counts (int64) of `total_count` draws from `probs` (last axis: categories, normalised
        here); result shape: shape + probs.shape."""
        p = numpy.asarray(backend.to_numpy(probs), dtype=numpy.float64)
        p = p / p.sum(axis=-1, keepdims=True)
        counts = self._rng.multinomial(total_count, p, size=tuple(shape) + p.shape[:-1])
        return backend.xp.asarray(counts)


def _drawn_dtype(dtype):
    """NumPy draws float32 and float64 directly; other dtypes are drawn as float64 and cast."""
    d = numpy.dtype(dtype)
    return d if d in (numpy.float32, numpy.float64) else numpy.float64


def _is_number(v):
    return isinstance(v, (int, float))
