"""tf.data: Dataset.from_tensor_slices with shuffle, batch, map, take, repeat, prefetch, and
tf.data.experimental.cardinality / AUTOTUNE.

A dataset is a recipe: iterating it runs the pipeline again (so each epoch reshuffles, as TF's
reshuffle_each_iteration=True). Datasets made of slices keep an index order instead of
materializing elements, so shuffle/take/batch over them are array operations per batch.
NOTE: shuffle's order is xint's own (seeded by tf.random.set_seed or `seed`); TF's buffer
shuffle gives a different order for the same seed.
"""
import numpy

from .. import backend
from ..core.tensor import Tensor
from . import _dtypes, _random
from ._tensor import EagerTensor, TensorShape

AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


class TensorSpec:
    """tf.TensorSpec: what one component of a dataset element looks like."""
    __slots__ = ("shape", "dtype", "name")

    def __init__(self, shape, dtype=_dtypes.float32, name=None):
        self.shape, self.dtype, self.name = TensorShape(shape), dtype, name

    def __repr__(self):
        dims = tuple(self.shape)
        return f"TensorSpec(shape={dims}, dtype={self.dtype!r}, name={self.name!r})"

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and (tuple(self.shape), self.dtype) == \
            (tuple(other.shape), other.dtype)


def _leaves(structure):
    if isinstance(structure, dict):
        return [x for k in structure for x in _leaves(structure[k])]
    if isinstance(structure, tuple):
        return [x for s in structure for x in _leaves(s)]
    return [structure]


def _rebuild(structure, flat):
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return {k: build(s[k]) for k in s}
        if isinstance(s, tuple):
            return tuple(build(x) for x in s)
        return next(it)
    return build(structure)


def _spec_of(element, batched=False):
    def one(t):
        shp = tuple(t._data.shape)
        return TensorSpec((None,) + shp[1:] if batched and shp else shp, t.dtype)
    return _rebuild(element, [one(t) for t in _leaves(element)])


def _wrap(data):
    return EagerTensor._wrap(data)


class Dataset:
    """tf.data.Dataset: build with from_tensor_slices, chain the transformations, iterate."""
    _kind = "_Dataset"

    def __init__(self, make, spec, cardinality, kind, slices=None):
        self._make, self._spec, self._card, self._kind = make, spec, cardinality, kind
        # slices: (structure of arrays, order()) while the dataset is still slices of arrays
        self._slices = slices

    # ----- sources -----
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        from ._functions import convert_to_tensor
        if isinstance(tensors, list):        # a list is one tensor, as in TF
            tensors = convert_to_tensor(tensors)
        flat = [convert_to_tensor(t) for t in _leaves(tensors)]
        for t in flat:
            if t._data.ndim == 0:
                raise ValueError("Unbatched tensor slicing requires at least one dimension; "
                                 "got a scalar")
        n = flat[0]._data.shape[0]
        for t in flat[1:]:
            if t._data.shape[0] != n:
                raise ValueError(f"Dimensions {n} and {t._data.shape[0]} are not compatible")
        arrays = [t._data for t in flat]
        structure = tensors

        def order():
            return numpy.arange(n)
        spec = _rebuild(structure, [TensorSpec(a.shape[1:], _dtypes.FROM_NUMPY[a.dtype])
                                    for a in arrays])
        ds = Dataset(None, spec, n, "_TensorSliceDataset", slices=(structure, arrays, order))
        ds._make = ds._iter_slices
        return ds

    def _iter_slices(self):
        structure, arrays, order = self._slices
        for i in order():
            yield _rebuild(structure, [_wrap(a[i]) for a in arrays])

    # ----- iteration -----
    def __iter__(self):
        return iter(self._make())

    def as_numpy_iterator(self):
        for e in self:
            yield _rebuild(e, [numpy.asarray(backend.to_numpy(t._data))[()]
                               for t in _leaves(e)])

    def __len__(self):
        if self._card == INFINITE_CARDINALITY:
            raise TypeError("The dataset is infinite.")
        if self._card == UNKNOWN_CARDINALITY:
            raise TypeError("The dataset length is unknown.")
        return self._card

    def cardinality(self):
        return EagerTensor._wrap(numpy.asarray(self._card, dtype=numpy.int64))

    @property
    def element_spec(self):
        if callable(self._spec):
            self._spec = self._spec()
        return self._spec

    def __repr__(self):
        return f"<{self._kind} element_spec={self.element_spec!r}>"

    # ----- transformations -----
    def _derive(self, make, cardinality, kind, spec=None, slices=None):
        return Dataset(make, self._spec if spec is None else spec, cardinality, kind, slices)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        """Random order within a window of buffer_size elements (the whole data set when
        buffer_size covers it). xint's order, not TF's (see the module's note)."""
        buffer_size = int(buffer_size)
        epochs = [0]

        def rng():
            epochs[0] += 1
            if seed is not None:
                return numpy.random.default_rng([seed, epochs[0]])
            return numpy.random.default_rng(int(_random._gen.uniform(0, 2.0 ** 52, (), numpy.float64)))

        if self._slices is not None:
            structure, arrays, base = self._slices

            def order():
                idx = base()
                # each element drawn from the next buffer_size waiting ones, vectorized:
                # sort by position plus a uniform jitter the size of the buffer
                keys = numpy.arange(len(idx)) + rng().uniform(0, buffer_size, len(idx))
                return idx[numpy.argsort(keys, kind="stable")]
            ds = self._derive(None, self._card, "_ShuffleDataset",
                              slices=(structure, arrays, order))
            ds._make = ds._iter_slices
            return ds

        def make():
            r, buf = rng(), []
            for e in self._make():
                buf.append(e)
                if len(buf) >= buffer_size:
                    yield buf.pop(int(r.integers(len(buf))))
            while buf:
                yield buf.pop(int(r.integers(len(buf))))
        return self._derive(make, self._card, "_ShuffleDataset")

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        batch_size = int(batch_size)
        card = self._card
        if card >= 0:
            card = card // batch_size if drop_remainder else -(-card // batch_size)

        def spec():
            fixed = batch_size if drop_remainder else None
            inner = self.element_spec
            return _rebuild(inner, [TensorSpec((fixed,) + tuple(s.shape), s.dtype)
                                    for s in _leaves(inner)])

        if self._slices is not None:
            structure, arrays, order = self._slices

            def make():
                idx = order()
                stop = len(idx) - len(idx) % batch_size if drop_remainder else len(idx)
                for start in range(0, stop, batch_size):
                    chunk = idx[start:start + batch_size]
                    yield _rebuild(structure, [_wrap(a[chunk]) for a in arrays])
        else:
            def make():
                group = []
                for e in self._make():
                    group.append(e)
                    if len(group) == batch_size:
                        yield _stack(group)
                        group = []
                if group and not drop_remainder:
                    yield _stack(group)
        return self._derive(make, card, "_BatchDataset", spec=spec)

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        def call(e):
            out = map_func(*e) if isinstance(e, tuple) else map_func(e)
            if isinstance(out, list):
                out = tuple(out)
            return _rebuild(out, [t if isinstance(t, Tensor) else _convert(t)
                                  for t in _leaves(out)])

        def make():
            for e in self._make():
                yield call(e)

        def spec():            # the spec of the first element's result (TF traces map_func)
            first = next(iter(self._make()), None)
            if first is None:
                return self.element_spec
            inner = _leaves(self.element_spec)
            batched = bool(inner) and inner[0].shape and tuple(inner[0].shape)[0] is None
            return _spec_of(call(first), batched=batched)
        return self._derive(make, self._card, "_MapDataset", spec=spec)

    def take(self, count, name=None):
        count = int(count)
        card = self._card
        if count >= 0:
            card = count if card == INFINITE_CARDINALITY else (
                card if card == UNKNOWN_CARDINALITY else min(count, card))
        if self._slices is not None and count >= 0:
            structure, arrays, order = self._slices
            ds = self._derive(None, card, "_TakeDataset",
                              slices=(structure, arrays, lambda: order()[:count]))
            ds._make = ds._iter_slices
            return ds

        def make():
            for i, e in enumerate(self._make()):
                if i == count:
                    return
                yield e
        return self._derive(make, card, "_TakeDataset")

    def skip(self, count, name=None):
        count = int(count)
        card = self._card if self._card < 0 else max(self._card - count, 0)

        def make():
            for i, e in enumerate(self._make()):
                if i >= count:
                    yield e
        return self._derive(make, card, "_SkipDataset")

    def repeat(self, count=None, name=None):
        times = -1 if count is None else int(count)
        card = self._card
        if card > 0:
            card = INFINITE_CARDINALITY if times < 0 else card * times
        elif times == 0:
            card = 0

        def make():
            done = 0
            while times < 0 or done < times:
                empty = True
                for e in self._make():
                    empty = False
                    yield e
                done += 1
                if empty:
                    return
        return self._derive(make, card, "_RepeatDataset")

    def prefetch(self, buffer_size, name=None):
        return self._derive(self._make, self._card, "_PrefetchDataset", slices=None)

    def cache(self, filename="", name=None):
        return self._derive(self._make, self._card, "_CacheDataset")

    def filter(self, predicate, name=None):
        def make():
            for e in self._make():
                if bool(predicate(*e) if isinstance(e, tuple) else predicate(e)):
                    yield e
        return self._derive(make, UNKNOWN_CARDINALITY, "_FilterDataset")


def _convert(value):
    from ._functions import convert_to_tensor
    return convert_to_tensor(value)


def _stack(group):
    first = group[0]
    columns = zip(*[_leaves(e) for e in group])
    return _rebuild(first, [_wrap(backend.xp.stack([t._data for t in col])) for col in columns])


def cardinality(dataset):
    return dataset.cardinality()


class experimental:          # noqa: N801 - tf.data.experimental is a namespace
    AUTOTUNE = AUTOTUNE
    INFINITE_CARDINALITY = INFINITE_CARDINALITY
    UNKNOWN_CARDINALITY = UNKNOWN_CARDINALITY
    cardinality = staticmethod(cardinality)
