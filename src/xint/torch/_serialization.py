"""torch.save / torch.load in a format whose loading never runs code from the file.

A saved file is a zip archive: `xint-torch/manifest.json` describes the object (containers,
numbers, strings as JSON; each tensor as an entry naming its array, dtype implied, and whether it
requires grad) and `xint-torch/arrays/<k>.npy` holds one array per tensor, read back with
`allow_pickle=False`. Real PyTorch files are pickles, and xint never unpickles: loading one (or
any other foreign, corrupt or truncated file) raises an error that says so.

Stored: tensors (a tensor saved twice loads as one object), NumPy arrays and scalars, None, bool,
int, float, complex, str, bytes, lists, tuples, sets, dicts and OrderedDicts of them (any
hashable stored value as a key), torch.Size, torch dtypes and devices.
"""
import base64
import collections
import io
import json
import os
import pickle
import zipfile

import numpy
from numpy.lib import format as npy_format

from .. import backend
from . import _dtypes
from ._functions import device
from ._tensor import Tensor

_ROOT = "xint-torch/"
_MANIFEST = _ROOT + "manifest.json"
_FORMAT = "xint.torch.save"
_VERSION = 1
_ZIP64_FROM = 1 << 31          # larger arrays need zip64 entries


def _parameter_class():
    """nn.Parameter, when the nn package provides it (looked up when needed, not imported)."""
    from . import nn
    return getattr(nn, "Parameter", None)


class _Encoder:
    """Turns an object into JSON-able data, collecting tensors' arrays on the way."""

    def __init__(self):
        self.arrays = []
        self.tensors = []           # manifest entries, one per distinct tensor object
        self.tensor_index = {}      # id(tensor) -> position in self.tensors
        self.parameter = _parameter_class()

    def array(self, a):
        self.arrays.append(numpy.asarray(backend.to_numpy(a)))
        return len(self.arrays) - 1

    def encode(self, obj):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, Tensor):
            return {"tensor": self.tensor(obj)}
        if isinstance(obj, numpy.ndarray):
            return {"ndarray": self.array(obj)}
        if isinstance(obj, numpy.generic):
            return {"npscalar": self.array(numpy.asarray(obj))}
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return float(obj)
        if isinstance(obj, complex):
            return {"complex": [obj.real, obj.imag]}
        if isinstance(obj, bytes):
            return {"bytes": base64.b64encode(obj).decode("ascii")}
        if isinstance(obj, _dtypes.dtype):
            return {"dtype": obj.name}
        if isinstance(obj, device):
            return {"device": obj.type, "index": obj.index}
        if isinstance(obj, _dtypes.Size):
            return {"size": list(obj)}
        for cls, tag in _SEQUENCE_TAGS.items():
            if isinstance(obj, cls):
                return {tag: [self.encode(v) for v in obj]}
        if isinstance(obj, dict):
            tag = "odict" if isinstance(obj, collections.OrderedDict) else "dict"
            return {tag: [[self.encode(k), self.encode(v)] for k, v in obj.items()]}
        raise TypeError(f"torch.save in xint cannot store an object of type "
                        f"{type(obj).__module__}.{type(obj).__qualname__}: it stores tensors, "
                        "NumPy arrays, numbers, strings, bytes, None, torch dtypes/devices/Sizes "
                        "and lists, tuples, sets and dicts of them (it never pickles)")

    def tensor(self, t):
        key = id(t)
        if key not in self.tensor_index:
            entry = {"array": self.array(t._data), "requires_grad": bool(t.requires_grad)}
            if self.parameter is not None and isinstance(t, self.parameter):
                entry["parameter"] = True
            self.tensor_index[key] = len(self.tensors)
            self.tensors.append(entry)
        return self.tensor_index[key]


def save(obj, f):
    """Write `obj` to `f` (a path or a binary file object)."""
    enc = _Encoder()
    root = enc.encode(obj)
    manifest = {"format": _FORMAT, "version": _VERSION, "tensors": enc.tensors, "root": root}
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as fh:
            _write_archive(fh, manifest, enc.arrays)
    else:
        _write_archive(f, manifest, enc.arrays)


def _write_archive(fh, manifest, arrays):
    with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as z:
        z.writestr(_MANIFEST, json.dumps(manifest))
        for k, a in enumerate(arrays):
            with z.open(f"{_ROOT}arrays/{k}.npy", "w", force_zip64=a.nbytes >= _ZIP64_FROM) as out:
                npy_format.write_array(out, a, allow_pickle=False)


def load(f, map_location=None, *, weights_only=None, mmap=None):
    """Read an object written by xint's torch.save from a path or a binary file object.

    Everything loads on the CPU (map_location is accepted for compatibility); weights_only makes
    no difference, since loading never runs code from the file either way.
    """
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", "the file")
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as fh:
            return _read_archive(fh, name)
    if not (hasattr(f, "seekable") and f.seekable()):
        f = io.BytesIO(f.read())
    return _read_archive(f, name)


def _corrupt(name, what):
    """The error for a file that is not a sound xint save (a RuntimeError, as torch's is)."""
    return RuntimeError(f"torch.load: {name!s} is not a readable xint torch.save file: {what} "
                        "(xint reads only what its torch.save wrote; it never unpickles)")


def _read_archive(fh, name):
    start = fh.tell()
    head = fh.read(4)
    fh.seek(start)
    if not head:
        raise _corrupt(name, "it is empty")
    if head[:1] == b"\x80":
        raise pickle.UnpicklingError(
            f"torch.load: {name!s} is a Python pickle; xint never unpickles (loading a pickle "
            "can run any code stored in it). Save the data with xint's torch.save instead.")
    try:
        archive = zipfile.ZipFile(fh)
    except zipfile.BadZipFile:
        if head[:2] != b"PK":           # real torch reads a non-zip file as a legacy pickle
            raise pickle.UnpicklingError(
                f"torch.load: {name!s} is not a readable xint torch.save file: it is not a zip "
                "archive (xint reads only what its torch.save wrote; it never unpickles)") from None
        raise _corrupt(name, "it is not a zip archive, or it is truncated or corrupt") from None
    with archive:
        names = archive.namelist()
        if _MANIFEST not in names:
            if any(n.endswith("data.pkl") for n in names):
                raise pickle.UnpicklingError(
                    f"torch.load: {name!s} was written by PyTorch's torch.save, whose format is "
                    "a pickle; xint never unpickles (loading a pickle can run any code stored in "
                    "it). Export the tensors from PyTorch as NumPy arrays and load those instead.")
            raise _corrupt(name, f"it has no {_MANIFEST}")
        try:
            manifest = json.loads(archive.read(_MANIFEST).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
                raise _corrupt(name, "its manifest is not an xint torch.save manifest")
            if manifest.get("version") != _VERSION:
                raise _corrupt(name, f"format version {manifest.get('version')!r} is not "
                                     f"supported (this xint reads version {_VERSION})")
            return _Decoder(archive, name, manifest["tensors"]).decode(manifest["root"])
        except (zipfile.BadZipFile, ValueError, KeyError, TypeError, IndexError, EOFError,
                OSError, AttributeError) as e:
            raise _corrupt(name, f"{type(e).__name__}: {e}") from None


class _Decoder:
    """Rebuilds the object a manifest describes, reading each array once."""

    def __init__(self, archive, name, tensors):
        self.archive, self.name, self.entries = archive, name, tensors
        self.tensors = {}
        self.parameter = _parameter_class()

    def array(self, k):
        with self.archive.open(f"{_ROOT}arrays/{int(k)}.npy") as src:
            a = npy_format.read_array(src, allow_pickle=False)
        return numpy.require(a, requirements="W")     # arrays read from a buffer are read-only

    def tensor(self, i):
        if i not in self.tensors:
            entry = self.entries[i]
            t = Tensor._wrap(backend.xp.asarray(self.array(entry["array"])))
            if entry.get("parameter") and self.parameter is not None:
                t = self.parameter(t, requires_grad=bool(entry["requires_grad"]))
            elif entry["requires_grad"]:
                t.requires_grad = True
            self.tensors[i] = t
        return self.tensors[i]

    def decode(self, v):
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list) or len(v) not in (1, 2):
            raise _corrupt(self.name, f"unexpected manifest entry {v!r:.80}")
        tag, body = next(iter(v.items()))
        if tag == "tensor":
            return self.tensor(body)
        if tag == "ndarray":
            return self.array(body)
        if tag == "npscalar":
            return self.array(body)[()]
        if tag in _SEQUENCES:
            return _SEQUENCES[tag](self.decode(x) for x in body)
        if tag in ("dict", "odict"):
            items = ((self.decode(k), self.decode(x)) for k, x in body)
            return dict(items) if tag == "dict" else collections.OrderedDict(items)
        if tag == "complex":
            return complex(*body)
        if tag == "bytes":
            return base64.b64decode(body)
        if tag == "dtype":
            return _DTYPES[body]
        if tag == "device":
            return device(body, v["index"])
        if tag == "size":
            return _dtypes.Size(int(n) for n in body)
        raise _corrupt(self.name, f"unknown manifest entry {tag!r}")


_SEQUENCES = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}
_SEQUENCE_TAGS = {cls: tag for tag, cls in _SEQUENCES.items()}
_DTYPES = {d.name: d for d in _dtypes.ALL}
