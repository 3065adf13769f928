"""torch dtypes, torch.Size, and PyTorch's type-promotion rule."""
import functools

import numpy


class dtype:
    """A torch dtype: prints as `torch.float32`, maps to a NumPy dtype."""
    __slots__ = ("name", "np", "is_floating_point", "is_complex", "is_signed", "_legacy")

    def __init__(self, name, np_dtype, legacy):
        self.name, self.np = name, numpy.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"
        self.is_complex = self.np.kind == "c"
        self.is_signed = self.np.kind in "fic"
        self._legacy = legacy

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name


float16 = half = dtype("float16", "float16", "Half")
float32 = float = dtype("float32", "float32", "Float")
float64 = double = dtype("float64", "float64", "Double")
uint8 = dtype("uint8", "uint8", "Byte")
int8 = dtype("int8", "int8", "Char")
int16 = short = dtype("int16", "int16", "Short")
int32 = int = dtype("int32", "int32", "Int")
int64 = long = dtype("int64", "int64", "Long")
bool = dtype("bool", "bool", "Bool")
complex64 = dtype("complex64", "complex64", "ComplexFloat")
complex128 = dtype("complex128", "complex128", "ComplexDouble")

# C++ names in ATen's dtype-mismatch messages ("expected m1 and m2 to have the same dtype")
CTYPE = {"Half": "c10::Half", "Float": "float", "Double": "double", "Byte": "unsigned char",
         "Char": "signed char", "Short": "short int", "Int": "int", "Long": "long int",
         "Bool": "bool", "ComplexFloat": "c10::complex<float>",
         "ComplexDouble": "c10::complex<double>"}

ALL = [float16, float32, float64, uint8, int8, int16, int32, int64, bool, complex64, complex128]
FROM_NUMPY = {d.np: d for d in ALL}
DEFAULT_FLOAT = float32


def to_numpy_dtype(d):
    """Accept a torch dtype, a NumPy dtype or a name; return the NumPy dtype."""
    if isinstance(d, dtype):
        return d.np
    return numpy.dtype(d)


class Size(tuple):
    """torch.Size: a tuple that prints as `torch.Size([2, 3])`."""
    __slots__ = ()

    def __repr__(self):
        return f"torch.Size({list(self)})"

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n


def _category(np_dtype):
    return {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}[np_dtype.kind]


_SCALAR_DEFAULT = {0: numpy.dtype(numpy.bool_), 1: numpy.dtype("int64"), 2: None, 3: numpy.dtype("complex64")}


@functools.lru_cache(maxsize=None)
def promote(a, a_level, b, b_level):
    """PyTorch's result dtype for two operands.

    level 2: a tensor with dimensions; 1: a 0-d tensor; 0: a Python scalar (its dtype stands for
    its category). A lower level only counts when its category is higher than what it meets.
    """
    if a_level < b_level:
        a, a_level, b, b_level = b, b_level, a, a_level
    if a_level == b_level:
        if a_level == 0:
            cat = max(_category(a), _category(b))
            return _SCALAR_DEFAULT[cat] or DEFAULT_FLOAT.np
        ca, cb = _category(a), _category(b)
        if ca != cb:                  # int64 tensor + float32 tensor -> float32, not float64
            return a if ca > cb else b
        return numpy.promote_types(a, b)
    if _category(b) <= _category(a):
        return a
    if b_level == 1:
        return b
    return _SCALAR_DEFAULT[_category(b)] or DEFAULT_FLOAT.np
