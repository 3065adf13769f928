"""The engine's Tensor: a backend array plus its place in the autograd graph.

Dialects subclass it for their tensor types (torch.Tensor, tf.Tensor, mxnet ndarray) and give them
their framework's operators; `xint.ops.NumpyTensor` is the engine's own NumPy-flavoured subclass.
"""
from .. import backend


class Tensor:
    """A backend array (`_data`), the node that made it (`node`, None for a leaf), and grad state.

    `requires_grad` means "gradients flow back through this tensor" (a leaf the user marked, or a
    recorded result). `_grad` is where a dialect that stores gradients on leaves puts them.
    `_vc` is a version cell ([int]) created on the first in-place change; views share it.
    `_cut` (unset by default) marks a detach()/stop_gradient() result: see `core.explain.cut`.
    """
    __slots__ = ("_data", "node", "requires_grad", "_grad", "_vc", "_cut", "__weakref__")
    __array_ufunc__ = None          # NumPy defers `ndarray op tensor` to our reflected operators
    _policy = None                  # the recording policy; set per dialect class (see core.mode)
    _result_cls = None              # the class results of ops on this class get (itself by default)

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if "_result_cls" not in cls.__dict__:
            cls._result_cls = cls

    def __init__(self, data, requires_grad=False):
        self._data = data if isinstance(data, backend.xp.ndarray) else backend.xp.asarray(data)
        self.node = None
        self.requires_grad = requires_grad
        self._grad = None
        self._vc = None

    @classmethod
    def _wrap(cls, data, node=None):
        """The fast constructor every op result goes through: no checks, no conversion."""
        t = object.__new__(cls)
        t._data = data
        t.node = node
        t.requires_grad = node is not None
        t._grad = None
        t._vc = None
        return t

    @property
    def shape(self):
        return self._data.shape

    @property
    def dtype(self):
        return self._data.dtype

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def size(self):
        return self._data.size

    @property
    def is_leaf(self):
        return self.node is None

    @property
    def _version(self):
        return 0 if self._vc is None else self._vc[0]

    def _bump_version(self):
        """Record an in-place change (backward refuses saved tensors whose version moved); call
        it before rebinding `node` to the in-place op's node."""
        if self._vc is None:
            self._vc = [1]
        else:
            self._vc[0] += 1
        if self.node is not None and self.node.prim.saves_ans:
            self.node.ans_version = self._vc[0]

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __repr__(self):
        return f"Tensor({self._data!r}, requires_grad={self.requires_grad})"


Tensor._result_cls = Tensor
