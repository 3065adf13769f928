"""gluon.Block and HybridBlock: named containers of parameters and child blocks.

Names follow Gluon 1.x: outside any name_scope a block takes the next name of a process-global
counter per class ('dense0_', 'dense1_'); inside a parent's name_scope the counter is the
parent's own and the parent's prefix is prepended ('mlp0_dense0_').
"""
import collections
import contextlib
import os
import re
import threading
import types
import zipfile

import numpy as _onp

from .. import init as _init
from .. import npx as _npx
from .. import numpy as _np
from .parameter import Parameter, ParameterDict


def _bad_params_file(filename):
    """load_parameters re-raises nd.load's MXNetError as a ValueError with the same text."""
    return ValueError(str(_npx.bad_file_error(os.path.getsize(filename))))


class _Names(threading.local):
    def __init__(self):
        self.global_counter = {}
        self.current = None       # the _BlockScope of the block whose name_scope is open


_names = _Names()


class _BlockScope:
    def __init__(self, block):
        self.block = block
        self.counter = {}

    @staticmethod
    def create(prefix, params, hint):
        current = _names.current
        if current is None:
            if prefix is None:
                count = _names.global_counter.get(hint, 0)
                _names.global_counter[hint] = count + 1
                prefix = f"{hint}{count}_"
            params = ParameterDict(prefix) if params is None else ParameterDict(params.prefix,
                                                                                params)
            return prefix, params
        if prefix is None:
            count = current.counter.get(hint, 0)
            current.counter[hint] = count + 1
            prefix = f"{hint}{count}_"
        if params is None:
            parent = current.block.params
            params = ParameterDict(parent.prefix + prefix, parent._shared)
        else:
            params = ParameterDict(params.prefix, params)
        return current.block.prefix + prefix, params


def _indent(text, spaces):
    lines = text.split("\n")
    return "\n".join(lines[:1] + [" " * spaces + line for line in lines[1:]])


class Block:
    """The base of every layer and model: override forward()."""

    def __init__(self, prefix=None, params=None):
        object.__setattr__(self, "_children", collections.OrderedDict())
        object.__setattr__(self, "_reg_params", {})
        self._prefix, self._params = _BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix.endswith("_") else self._prefix
        self._scope = _BlockScope(self)

    def _alias(self):
        return type(self).__name__.lower()

    def __setattr__(self, name, value):
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            self._reg_params[name] = value
        object.__setattr__(self, name, value)

    def __repr__(self):
        children = "\n".join(f"  ({key}): {_indent(repr(block), 2)}"
                             for key, block in self.__dict__.items() if isinstance(block, Block))
        return f"{type(self).__name__}(\n{children}\n)"

    @property
    def prefix(self):
        return self._prefix

    @property
    def name(self):
        return self._name

    @property
    def params(self):
        return self._params

    @contextlib.contextmanager
    def name_scope(self):
        prev = _names.current
        _names.current = self._scope
        try:
            yield
        finally:
            _names.current = prev

    def register_child(self, block, name=None):
        self._children[str(len(self._children)) if name is None else name] = block

    def collect_params(self, select=None):
        """This block's and its descendants' parameters; `select` is a regex on full names."""
        out = ParameterDict(self._params.prefix)
        own = self._params.items()
        if select is not None:
            pattern = re.compile(select)
            own = [(k, v) for k, v in own if pattern.match(k)]
        out.update(dict(own))
        for child in self._children.values():
            out.update(child.collect_params(select))
        return out

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        self.collect_params().initialize(_init.Uniform() if init is None else init, ctx, verbose,
                                         force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Accepted; xint always runs blocks eagerly."""
        for child in self._children.values():
            child.hybridize(active, **kwargs)

    def cast(self, dtype):
        for child in self._children.values():
            child.cast(dtype)
        for param in self._params.values():
            param.dtype = dtype

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, *args):
        raise NotImplementedError

    # ----- saving: a NumPy .npz archive read with allow_pickle=False -----
    def _structured_params(self, prefix=""):
        """Parameters named by their place in the model ('0.weight', 'hidden.bias'), as Gluon's
        save_parameters names them."""
        out = {prefix + name: p for name, p in self._reg_params.items()}
        for child_name, child in self._children.items():
            out.update(child._structured_params(f"{prefix}{child_name}."))
        return out

    def save_parameters(self, filename, deduplicate=False):
        arrays = {name: p.data().asnumpy() for name, p in self._structured_params().items()}
        with open(filename, "wb") as f:          # a file object: savez adds no '.npz' suffix
            _onp.savez(f, **arrays)

    def load_parameters(self, filename, ctx=None, allow_missing=False, ignore_extra=False,
                        cast_dtype=False, dtype_source="current"):
        try:
            archive = _onp.load(filename, allow_pickle=False)
        except FileNotFoundError:
            raise ValueError(f'LocalFileSystem: Check failed: allow_null: :Open "{filename}": '
                             "No such file or directory") from None
        except (ValueError, OSError, EOFError, zipfile.BadZipFile):
            # MXNet's words, not numpy's (whose hint suggests loading the pickle unsafely)
            raise _bad_params_file(filename) from None
        if not isinstance(archive, _onp.lib.npyio.NpzFile):
            raise _bad_params_file(filename)
        try:
            with archive:
                loaded = {name: archive[name] for name in archive.files}
        except (ValueError, OSError, EOFError, zipfile.BadZipFile):   # object arrays: pickles
            raise _bad_params_file(filename) from None
        params = self._structured_params()
        if not allow_missing:
            for name in params:
                assert name in loaded, (
                    f"Parameter '{name}' is missing in file '{filename}', which contains "
                    f"parameters: {_brief(loaded)}. Set allow_missing=True to ignore missing "
                    "parameters.")
        for name, array in loaded.items():
            if name not in params:
                assert ignore_extra, (
                    f"Parameter '{name}' loaded from file '{filename}' is not present in "
                    f"ParameterDict, which contains parameters {_brief(params)}. Set "
                    "ignore_extra=True to ignore. ")
                continue
            param = params[name]
            param._load(array.astype(_onp.dtype(param.dtype), copy=False))


def _brief(names):
    return ", ".join(f"'{n}'" for n in names)


# what hybrid_forward receives as F: the np / npx namespaces
_F = types.SimpleNamespace(np=_np, npx=_npx)


class HybridBlock(Block):
    """A block that could be compiled by hybridize(); xint runs it eagerly. A subclass either
    overrides forward() or, in the 1.x style, hybrid_forward(F, x, *args, **params)."""

    def forward(self, x, *args):
        params = {name: p.data() for name, p in self._reg_params.items()}
        return self.hybrid_forward(_F, x, *args, **params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError
