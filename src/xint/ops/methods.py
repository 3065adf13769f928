"""NumpyTensor: the engine's own tensor with NumPy-style operators and a few math methods, for
dialect-neutral code (xint.grad, xint.jacobian, …). Dialect tensor classes derive from the bare
core Tensor instead and define their framework's own operators, names and dtype rules, so none of
these leak into a dialect.
"""
from ..core.tensor import Tensor as _CoreTensor
from . import elementwise as ew
from . import linalg, reduce, shape


class NumpyTensor(_CoreTensor):
    """An engine tensor that behaves like a NumPy array under operators."""
    __slots__ = ()


Tensor = NumpyTensor


def _binary(prim, reflected=False):
    if reflected:
        return lambda self, other: prim(other, self)
    return lambda self, other: prim(self, other)


for _name, _prim in [("add", ew.add), ("sub", ew.sub), ("mul", ew.mul), ("truediv", ew.div),
                     ("pow", ew.power), ("matmul", linalg.matmul)]:
    setattr(Tensor, f"__{_name}__", _binary(_prim))
    setattr(Tensor, f"__r{_name}__", _binary(_prim, reflected=True))
for _name, _prim in [("eq", ew.equal), ("ne", ew.not_equal), ("lt", ew.less), ("le", ew.less_equal),
                     ("gt", ew.greater), ("ge", ew.greater_equal)]:
    setattr(Tensor, f"__{_name}__", _binary(_prim))
Tensor.__hash__ = object.__hash__          # __eq__ is elementwise; identity hashing stays
Tensor.__neg__ = lambda self: ew.neg(self)
Tensor.__getitem__ = lambda self, index: shape.getitem(self, index)
Tensor.sum = lambda self, axis=None, keepdims=False: reduce.sum(self, axis=axis, keepdims=keepdims)
Tensor.mean = lambda self, axis=None, keepdims=False: reduce.mean(self, axis=axis, keepdims=keepdims)
Tensor.reshape = lambda self, *shp: shape.reshape(self, shp[0] if len(shp) == 1 else shp)
Tensor.T = property(lambda self: shape.transpose(self))
Tensor.exp = lambda self: ew.exp(self)
Tensor.log = lambda self: ew.log(self)
