"""torch.utils.data: Dataset, TensorDataset, DataLoader and default_collate.

Loading always runs in this process (num_workers is accepted and validated, as the book passes
it). A TensorDataset batch is gathered with one fancy index per tensor rather than sample by
sample; other datasets are read sample by sample and collated as torch's default_collate does.
Shuffling draws a permutation from the dialect generator (or the loader's `generator`).
"""
import collections.abc

import numpy

from ... import backend
from .._elementwise import _generator
from .._functions import stack, tensor
from .._tensor import Tensor

__all__ = ["Dataset", "TensorDataset", "DataLoader", "default_collate", "default_convert"]

_COLLATE_ERROR = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
                  "lists; found {}")


class Dataset:
    """A map-style dataset: subclasses give __getitem__ (and __len__ for a DataLoader)."""

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")


class TensorDataset(Dataset):
    """Samples are tuples of the tensors' rows: dataset[i] == (t[i] for t in tensors)."""

    def __init__(self, *tensors):
        if not all(tensors[0].size(0) == t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


def _from_numpy(a):
    return Tensor._wrap(backend.xp.asarray(a))


def _is_text_or_object(a):
    return a.dtype.kind in "SaUO"


def default_collate(batch):
    """Stack a list of samples into a batch: tensors, NumPy arrays and numbers become tensors
    with a new first dimension; dicts, namedtuples and sequences are collated field by field
    (tuples give lists); strings are left as they are."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch, 0)
    if isinstance(elem, numpy.ndarray):
        if _is_text_or_object(elem):
            raise TypeError(_COLLATE_ERROR.format(elem.dtype))
        return stack([_from_numpy(b) for b in batch], 0)
    if isinstance(elem, (numpy.bool_, numpy.number, numpy.object_)):
        return _from_numpy(numpy.array(batch))
    if isinstance(elem, float):
        return tensor(batch, dtype=numpy.float64)
    if isinstance(elem, int):
        return tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return _rebuild(elem, {key: default_collate([d[key] for d in batch]) for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(s) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(s) for s in zip(*batch)]
        return fields if isinstance(elem, tuple) else _rebuild(elem, fields)
    raise TypeError(_COLLATE_ERROR.format(type(elem)))


def default_convert(data):
    """What a loader with batch_size=None yields for a sample: NumPy data become tensors,
    containers are converted element by element (tuples give lists)."""
    if isinstance(data, Tensor):
        return data
    if type(data).__module__ == "numpy" and not isinstance(data, (numpy.str_, numpy.bytes_)):
        if isinstance(data, numpy.ndarray) and _is_text_or_object(data):
            return data
        return _from_numpy(numpy.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        return _rebuild(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild(data, [default_convert(d) for d in data])
    return data


def _rebuild(like, contents):
    """A container of `like`'s type holding `contents` (a plain dict/list if that type cannot
    be built from one)."""
    try:
        return type(like)(contents)
    except TypeError:
        return contents


class DataLoader:
    """Iterates over a dataset in batches: batch_size samples at a time (the last batch shorter
    unless drop_last), in order or reshuffled at every pass (shuffle=True), collated by
    collate_fn. A sampler (iterable of indices) or batch_sampler (iterable of index lists)
    replaces the built-in order; batch_size=None yields single converted samples."""

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in "
                             "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None:
            if drop_last:
                raise ValueError("batch_size=None option disables auto-batching and is "
                                 "mutually exclusive with drop_last")
        else:
            if not isinstance(batch_size, int) or isinstance(batch_size, bool) \
                    or batch_size <= 0:
                raise ValueError("batch_size should be a positive integer value, but got "
                                 f"batch_size={batch_size}")
            if not isinstance(drop_last, bool):
                raise ValueError("drop_last should be a boolean value, but got "
                                 f"drop_last={drop_last}")
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.shuffle = bool(shuffle)
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.generator = generator
        auto_collation = batch_size is not None or batch_sampler is not None
        if collate_fn is None:
            collate_fn = default_collate if auto_collation else default_convert
        self.collate_fn = collate_fn
        # a TensorDataset batch is gathered by indexing each tensor with the batch's indices
        self._gather = type(dataset) is TensorDataset and collate_fn is default_collate

    def __len__(self):
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        n = len(self.sampler) if self.sampler is not None else len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        if self.batch_size is None and self.batch_sampler is None:
            order = self._sample_order()
            if self.sampler is None:
                order = backend.to_numpy(order).tolist()
            return (self.collate_fn(self.dataset[i]) for i in order)
        return map(self._fetch, self._index_batches())

    def _sample_order(self):
        """The indices of one pass: the sampler's, a fresh permutation, or 0 … n-1."""
        if self.sampler is not None:
            return self.sampler
        n = len(self.dataset)
        if self.shuffle:
            return _generator(self.generator).permutation(n)
        return backend.xp.arange(n)

    def _index_batches(self):
        if self.batch_sampler is not None:
            yield from self.batch_sampler
            return
        order = self._sample_order()
        size = self.batch_size
        if self.sampler is not None:
            order = backend.xp.asarray(list(order), dtype=numpy.int64)
        stop = len(order) - len(order) % size if self.drop_last else len(order)
        for start in range(0, stop, size):
            yield order[start:start + size]

    def _fetch(self, indices):
        if self._gather:
            return [t[indices] for t in self.dataset.tensors]
        if not isinstance(indices, list):
            indices = backend.to_numpy(indices).tolist()
        return self.collate_fn([self.dataset[i] for i in indices])
