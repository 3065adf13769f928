"""mxnet.gluon.data: datasets (with transform / transform_first), DataLoader (batches of
mxnet.np arrays) and vision."""
import numpy as _onp

from ... import backend
from .._ndarray import ndarray
from ..random import _gen

__all__ = ["Dataset", "SimpleDataset", "ArrayDataset", "DataLoader", "vision"]


class Dataset:
    """Anything with __getitem__ and __len__."""

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def transform(self, fn, lazy=True):
        """A dataset whose samples are fn(*sample) (fn(sample) for a lone element), computed on
        access, or all at once when lazy is False."""
        lazy_view = _Transformed(self, fn)
        return lazy_view if lazy else SimpleDataset([s for s in lazy_view])

    def transform_first(self, fn, lazy=True):
        """Like transform, but fn sees only the first element of each sample (the data, not
        the label)."""
        return self.transform(_FirstOnly(fn), lazy)


class SimpleDataset(Dataset):
    """A dataset over any indexable sequence."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, idx):
        return self._data[idx]

    def __len__(self):
        return len(self._data)


class _Transformed(Dataset):
    def __init__(self, dataset, fn):
        self._dataset, self._fn = dataset, fn

    def __getitem__(self, idx):
        sample = self._dataset[idx]
        return self._fn(*sample) if isinstance(sample, tuple) else self._fn(sample)

    def __len__(self):
        return len(self._dataset)


class _FirstOnly:
    def __init__(self, fn):
        self._fn = fn

    def __call__(self, first, *rest):
        return (self._fn(first),) + rest if rest else self._fn(first)


class ArrayDataset(Dataset):
    """Zips arrays of equal length; a sample is a tuple (or the element alone for one array).
    A 1-d mxnet array gives host NumPy scalars, as MXNet's does."""

    def __init__(self, *args):
        assert len(args) > 0, "Needs at least 1 arrays"
        self._length = len(args[0])
        self._data = []
        for i, data in enumerate(args):
            # MXNet's message names the array one past the offending one
            assert len(data) == self._length, \
                (f"All arrays must have the same length; array[0] has length {self._length} "
                 f"while array[{i + 1}] has {len(data)}.")
            if isinstance(data, ndarray) and data.ndim == 1:
                data = data.asnumpy()
            self._data.append(data)

    def __getitem__(self, idx):
        if len(self._data) == 1:
            return self._data[0][idx]
        return tuple(data[idx] for data in self._data)

    def __len__(self):
        return self._length


def _batchify(samples):
    """Stack samples into one array (arrays stack; scalars and host data go through NumPy,
    keeping their dtype); tuples batch field by field into a list."""
    first = samples[0]
    if isinstance(first, ndarray):
        return ndarray._wrap(backend.xp.stack([s._data for s in samples]))
    if isinstance(first, tuple):
        return [_batchify(list(field)) for field in zip(*samples)]
    host = _onp.asarray(samples)
    return ndarray._wrap(backend.xp.asarray(host))


class DataLoader:
    """Batches of `batch_size` samples in order (or shuffled with the MXNet dialect's generator
    each epoch); last_batch: 'keep' a short last batch, 'discard' it, or 'rollover' its samples
    into the next epoch."""

    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None, last_batch=None,
                 batch_sampler=None, batchify_fn=None, num_workers=0, **kwargs):
        if batch_sampler is not None or sampler is not None:
            raise NotImplementedError("xint's DataLoader takes batch_size/shuffle only")
        if batch_size is None:
            raise ValueError("batch_size must be specified unless batch_sampler is specified")
        self._dataset = dataset
        self._batch_size = batch_size
        self._shuffle = shuffle
        self._last_batch = last_batch or "keep"
        self._batchify = batchify_fn or _batchify
        self._carry = []              # rollover: the previous epoch's leftover indices

    def _batches(self):
        n = len(self._dataset)
        order = _gen.permutation(n).tolist() if self._shuffle else list(range(n))
        order = self._carry + order
        self._carry = []
        size = self._batch_size
        full, rest = divmod(len(order), size)
        batches = [order[k * size:(k + 1) * size] for k in range(full)]
        if self._last_batch not in ("keep", "discard", "rollover"):     # MXNet checks here
            raise ValueError("last_batch must be one of 'keep', 'discard', or 'rollover', but "
                             f"got {self._last_batch}")
        if rest:
            if self._last_batch == "keep":
                batches.append(order[full * size:])
            elif self._last_batch == "rollover":
                self._carry = order[full * size:]
        return batches

    def __iter__(self):
        for indices in self._batches():
            yield self._batchify([self._dataset[i] for i in indices])

    def __len__(self):
        n = len(self._dataset)
        if self._last_batch == "keep":
            return -(-n // self._batch_size)
        if self._last_batch == "discard":
            return n // self._batch_size
        return (len(self._carry) + n) // self._batch_size


from . import vision  # noqa: E402 - vision builds on Dataset, defined above
