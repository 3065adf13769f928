"""mxnet.gluon.data: ArrayDataset and DataLoader (batches of mxnet.np arrays)."""
import numpy as _onp

from ... import backend
from .._ndarray import ndarray
from ..random import _gen

__all__ = ["Dataset", "ArrayDataset", "DataLoader"]


class Dataset:
    """Anything with __getitem__ and __len__."""

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


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
