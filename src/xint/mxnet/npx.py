"""mxnet.npx: NumPy-extension helpers (set_np, devices, random.seed), the activations and
neural-network helpers D2L uses, and save/load."""
import io
import types
import zipfile

import numpy as _onp

from .. import backend
from ..ops import elementwise as _ew
from ..ops import nn as _nn
from ..ops import shape as _shape
from . import random as _random
from ._ndarray import ndarray
from .base import MXNetError

random = types.SimpleNamespace(seed=_random._seed)


class Context:
    """A device context; prints as `cpu(0)`."""
    __slots__ = ("device_type", "device_id")

    def __init__(self, device_type="cpu", device_id=0):
        self.device_type, self.device_id = device_type, device_id

    def __repr__(self):
        return f"{self.device_type}({self.device_id})"

    def __eq__(self, other):
        return isinstance(other, Context) and (self.device_type, self.device_id) == \
            (other.device_type, other.device_id)

    __hash__ = object.__hash__


def set_np(shape=True, array=True, dtype=False):
    """MXNet's switch to NumPy semantics; xint's MXNet dialect always has them, so this is a no-op."""


def reset_np():
    """Accepted for compatibility; xint's MXNet dialect has only NumPy semantics."""


def cpu(device_id=0):
    return Context("cpu", device_id)


def gpu(device_id=0):
    return Context("gpu", device_id)


def num_gpus():
    return 0


def waitall():
    """MXNet waits for its asynchronous engine; xint computes eagerly, so there is nothing to do."""


def _floating(x):
    if x._data.dtype.kind != "f":
        raise MXNetError("MXNetError: This operation only support floating point types, not "
                         f"{x._data.dtype.name}")


def relu(data):
    return _ew.relu(data)


def sigmoid(data):
    """An integer array's result is truncated back to its dtype, as MXNet's is."""
    if data._data.dtype.kind == "f":
        return _ew.sigmoid(data)
    return ndarray._wrap(_ew.sigmoid(_ew.cast(data, _onp.float32))._data.astype(data._data.dtype))


def _softmax_axis(data, axis):
    n = data._data.ndim
    if not -n <= axis < n:
        raise MXNetError("MXNetError: Check failed: axis < ndim && axis >= -ndim: axis "
                         f"{axis} exceeds the input dimension of {n}")


def softmax(data, axis=-1, length=None, temperature=None, use_length=False, dtype=None):
    _floating(data)
    _softmax_axis(data, axis)
    return _nn.softmax(data if temperature is None else data / temperature, axis=axis)


def log_softmax(data, axis=-1, length=None, temperature=None, use_length=False, dtype=None):
    _floating(data)
    _softmax_axis(data, axis)
    return _nn.log_softmax(data if temperature is None else data / temperature, axis=axis)


def pick(data, index, axis=-1, mode="clip", keepdims=False):
    """data's element at `index` along axis, for every position of the other axes; an index out
    of range is clipped (mode='clip') or wrapped (mode='wrap')."""
    shape = data._data.shape
    ax = axis % len(shape)
    out = _shape.pick(data, _pick_indices(shape, index, ax, mode), ax)
    return _shape.expand_dims(out, ax) if keepdims else out


def _pick_indices(shape, index, axis, mode="clip"):
    """pick's `index` as the int array the engine's pick takes: clipped or wrapped into range, and
    shaped like `shape` without `axis` (a non-negative axis)."""
    n = shape[axis]
    idx = index._data if isinstance(index, ndarray) else backend.xp.asarray(index)
    idx = idx.astype(_onp.int64)
    if mode == "wrap":
        idx = idx % n
    elif not _shape.labels_within(idx, n):                      # clip only when needed
        idx = idx.clip(0, n - 1)
    return idx.reshape(shape[:axis] + shape[axis + 1:])


def one_hot(data, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    hot = (data._data.astype(_onp.int64)[..., None] == backend.xp.arange(depth))
    return ndarray._wrap(backend.xp.where(hot, on_value, off_value).astype(dtype))


def batch_flatten(data):
    return _shape.reshape(data, (data._data.shape[0], -1))


# ----- save / load: an .npz archive (no pickles), written to exactly the given file name -----
_DICT, _LIST = "dict:", "list:"
_BAD_FILE = "MXNetError: Check failed: fi->Read(&header): Invalid NDArray file format"


def save(file, arrays):
    """Save an ndarray, a list of them or a dict of str -> ndarray; load() gives back a list
    (for the first two) or the dict."""
    if isinstance(arrays, ndarray):
        arrays = [arrays]
    if isinstance(arrays, dict):
        if not all(isinstance(k, str) and isinstance(v, ndarray) for k, v in arrays.items()):
            raise TypeError("Only accepts dict str->ndarray or list of ndarrays")
        named = {_DICT + k: v for k, v in arrays.items()}
    elif isinstance(arrays, (list, tuple)):
        if not all(isinstance(v, ndarray) for v in arrays):
            raise TypeError("Only accepts dict str->ndarray or list of ndarrays")
        named = {f"{_LIST}{i}": v for i, v in enumerate(arrays)}
    else:
        raise ValueError("data needs to either be a ndarray, dict of (str, ndarray) pairs or a "
                         "list of ndarrays.")
    with open(file, "wb") as f:
        _onp.savez(f, **{k: v.asnumpy() for k, v in named.items()})


def bad_file_error(size):
    """MXNet's error for a file that is no NDArray file (xint's: no pickle-free npz). MXNet
    reads an 8-byte header, then an 8-byte reserved field, and names the first it can't."""
    return MXNetError(_BAD_FILE if size < 8 else _BAD_FILE.replace("&header", "&reserved"))


def load(file):
    try:
        with open(file, "rb") as f:
            blob = f.read()
    except FileNotFoundError:
        raise MXNetError(f'LocalFileSystem: Check failed: allow_null: :Open "{file}": No such '
                         "file or directory") from None
    try:
        with _onp.load(io.BytesIO(blob), allow_pickle=False) as archive:
            items = {k: archive[k] for k in archive.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile):
        raise bad_file_error(len(blob)) from None

    def wrap(host):
        return ndarray._wrap(backend.xp.asarray(host))
    if items and all(k.startswith(_DICT) for k in items):
        return {k[len(_DICT):]: wrap(v) for k, v in items.items()}
    if all(k.startswith(_LIST) and k[len(_LIST):].isdigit() for k in items):
        order = sorted(items, key=lambda k: int(k[len(_LIST):]))
        return [wrap(items[k]) for k in order]
    raise MXNetError(_BAD_FILE)
