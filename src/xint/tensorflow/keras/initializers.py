"""keras.initializers: called as `init(shape, dtype)`, drawing from the TF dialect's seeded
generator (tf.random.set_seed): the same seed gives the same draws within xint, not TF's bits."""
import math

from .. import _random
from .._functions import constant, fill


def _floatx(dtype):
    return "float32" if dtype is None else dtype


def _fans(shape):
    """(fan_in, fan_out) as Keras computes them: a conv kernel's receptive field counts."""
    shape = tuple(shape)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    field = math.prod(shape[:-2])
    return shape[-2] * field, shape[-1] * field


class Initializer:
    """Base class: subclasses define `__call__(self, shape, dtype=None)`."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"Initializer {self.__class__.__name__} does not implement "
                                  "__call__().")

    def get_config(self):
        return {}


class Constant(Initializer):
    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return fill(tuple(shape), constant(self.value, dtype=_floatx(dtype)))

    def get_config(self):
        return {"value": self.value}


class Zeros(Constant):
    def __init__(self):
        super().__init__(0.0)


class Ones(Constant):
    def __init__(self):
        super().__init__(1.0)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return _random.normal(tuple(shape), self.mean, self.stddev, dtype=_floatx(dtype))


class RandomUniform(Initializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None):
        return _random.uniform(tuple(shape), self.minval, self.maxval, dtype=_floatx(dtype))


class GlorotUniform(Initializer):
    def __init__(self, seed=None):
        self.seed = seed

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = _fans(shape)
        limit = math.sqrt(6.0 / max(1.0, (fan_in + fan_out)))
        return _random.uniform(tuple(shape), -limit, limit, dtype=_floatx(dtype))


class GlorotNormal(Initializer):
    """Keras draws from a normal truncated at two standard deviations; xint's generator has no
    truncated normal, so this clips a normal draw there (same support, slightly different
    shape)."""

    def __init__(self, seed=None):
        self.seed = seed

    def __call__(self, shape, dtype=None):
        from .._functions import clip_by_value
        fan_in, fan_out = _fans(shape)
        std = math.sqrt(2.0 / max(1.0, (fan_in + fan_out))) / 0.87962566103423978
        x = _random.normal(tuple(shape), 0.0, std, dtype=_floatx(dtype))
        return clip_by_value(x, -2 * std, 2 * std)


class HeNormal(GlorotNormal):
    def __call__(self, shape, dtype=None):
        from .._functions import clip_by_value
        std = math.sqrt(2.0 / max(1.0, _fans(shape)[0])) / 0.87962566103423978
        x = _random.normal(tuple(shape), 0.0, std, dtype=_floatx(dtype))
        return clip_by_value(x, -2 * std, 2 * std)


# TF's own initializer names (tf.random_normal_initializer, tf.zeros_initializer, …): in TF 2
# they are these classes with TF's default arguments.
class random_normal_initializer(RandomNormal):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(mean, stddev, seed)


class zeros_initializer(Zeros):
    pass


class ones_initializer(Ones):
    pass


_NAMES = {"zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
          "random_uniform": RandomUniform, "glorot_uniform": GlorotUniform,
          "glorot_normal": GlorotNormal, "he_normal": HeNormal}


def get(identifier):
    """An initializer from a name, a class, an instance or any callable."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        key = identifier.lower()
        if key not in _NAMES:
            raise ValueError(f"Could not interpret initializer identifier: {identifier}")
        return _NAMES[key]()
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")
