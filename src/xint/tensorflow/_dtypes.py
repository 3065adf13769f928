"""tf dtypes (tf.float32 …)."""
import numpy


class DType:
    """A TensorFlow dtype: prints as `tf.float32`."""
    __slots__ = ("name", "np")

    def __init__(self, name):
        self.name, self.np = name, numpy.dtype(name)

    def __repr__(self):
        return f"tf.{self.name}"

    @property
    def as_numpy_dtype(self):
        return self.np.type

    @property
    def is_floating(self):
        return self.np.kind == "f"

    def __eq__(self, other):
        if isinstance(other, DType):
            return self.np == other.np
        try:
            return self.np == numpy.dtype(other)
        except TypeError:
            return False

    def __hash__(self):
        return hash(self.np)


float16, float32, float64 = DType("float16"), DType("float32"), DType("float64")
int8, int16, int32, int64, uint8 = (DType(n) for n in ("int8", "int16", "int32", "int64", "uint8"))
bool = DType("bool")
FROM_NUMPY = {d.np: d for d in (float16, float32, float64, int8, int16, int32, int64, uint8, bool)}


def to_numpy_dtype(d):
    return d.np if isinstance(d, DType) else numpy.dtype(d)
