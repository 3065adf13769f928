"""keras.optimizers (Keras 3 on TensorFlow): Optimizer, SGD (momentum, nesterov), Adam, get().
Each update is Keras 3's update_step, in the variable's dtype, applied with assign."""
import numpy

from ...core.tensor import Tensor
from .. import _dtypes
from .._tensor import Variable


def _var(v):
    """The tf.Variable behind a model weight (a keras Variable keeps it in `_tf_var`)."""
    return getattr(v, "_tf_var", v)


def _host(g, dtype):
    g = getattr(g, "_tf_var", g)
    data = g._read()._data if isinstance(g, Variable) else (
        g._data if isinstance(g, Tensor) else numpy.asarray(g))
    return data.astype(dtype, copy=False)


_COUNTS = {}


class Optimizer:
    """keras.optimizers.Optimizer: apply_gradients(zip(grads, vars)) runs update_step per pair
    and counts `iterations`; subclasses define build(variables) and update_step."""

    def __init__(self, learning_rate=0.001, name=None, **kwargs):
        self.name = name or type(self).__name__.lower()
        # Keras names the state `{sgd|adam}[_n]/…`, one number per optimizer of the class
        base = type(self).__name__.lower()
        n = _COUNTS[base] = _COUNTS.get(base, -1) + 1
        self._scope = base if n == 0 else f"{base}_{n}"
        self._lr = Variable(numpy.float32(learning_rate), trainable=False, name="learning_rate")
        self._iterations = Variable(numpy.int64(0), trainable=False, name="iteration")
        # what users see: keras Variables over those two tf.Variables
        self._lr_k, self._iterations_k = self._keras(self._lr, "learning_rate"), \
            self._keras(self._iterations, "iteration")
        self._slots = {}           # id(tf.Variable) -> that variable's optimizer state
        self._names = {}
        self.built = False

    def _keras(self, value, path):
        """A keras Variable named `{scope}/{path}`: over `value` when it is a tf.Variable, else
        holding a copy of the array `value`."""
        from ._variable import Variable as KerasVariable
        v = KerasVariable(value._data if isinstance(value, Variable) else value, trainable=False)
        if isinstance(value, Variable):
            v._tf_var = value
        v.path = f"{self._scope}/{path}"
        return v

    @property
    def learning_rate(self):
        return self._lr_k

    @learning_rate.setter
    def learning_rate(self, value):
        self._lr.assign(numpy.float32(value))

    lr = learning_rate

    @property
    def iterations(self):
        return self._iterations_k

    @property
    def variables(self):
        """Keras 3's list: iterations, learning_rate, then each variable's slots (amsgrad's
        velocity_hat after all the others), as keras Variables named `{optimizer}/{slot}`.
        They are read-only copies of the state, taken now."""
        var = self._keras
        out = [self._iterations_k, self._lr_k]
        later = []
        for key, state in self._slots.items():
            base = self._names.get(key, "variable")
            for slot, word in self._SLOT_NAMES:
                if slot in state:
                    (later if slot == "v_hat" else out).append(var(state[slot], f"{base}_{word}"))
        return out + later

    _SLOT_NAMES = (("m", "momentum"),)

    def _state(self, var):
        key = id(var)
        if key not in self._slots:
            self._slots[key] = self._new_state(var)
        return self._slots[key]

    def _new_state(self, var):
        return {}

    def apply_gradients(self, grads_and_vars):
        pairs = [(g, _var(v)) for g, v in grads_and_vars]
        kept = [(g, v) for g, v in pairs if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        self.apply([g for g, _ in kept], [v for _, v in kept])
        return self._iterations_k

    def apply(self, grads, trainable_variables=None):
        lr = numpy.float32(self._lr._data)
        if not self.built:               # Keras builds for the variables of the first call
            self._known = {id(_var(v)) for v in trainable_variables}
            # slot names come from the variables' paths (sequential/dense/kernel → …_kernel_…)
            self._names = {id(_var(v)): _var(v).name.rsplit(":", 1)[0].replace("/", "_")
                           for v in trainable_variables}
        for v in trainable_variables:
            if id(_var(v)) not in self._known:
                raise ValueError(
                    f"Unknown variable: {v!r}. This optimizer can only be called for the "
                    "variables it was originally built with. When working with a new set of "
                    "variables, you should recreate a new optimizer instance.")
        for g, v in zip(grads, trainable_variables):
            v = _var(v)
            dt = v._data.dtype
            self.update_step(_host(g, dt), v, lr.astype(dt))
        self._iterations.assign(self._iterations._data + 1)
        self.built = True

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError

    def __repr__(self):
        return f"<keras.src.optimizers.{self.name}.{type(self).__name__} object at {id(self):#x}>"


class SGD(Optimizer):
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not isinstance(momentum, (int, float)) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum, self.nesterov = momentum, nesterov

    def _new_state(self, var):
        return {"m": numpy.zeros_like(var._data)}

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum == 0:
            variable.assign(variable._data - gradient * learning_rate)
            return
        s = self._state(variable)
        mom = numpy.asarray(self.momentum, dtype=variable._data.dtype)
        s["m"] = s["m"] * mom - gradient * learning_rate
        step = s["m"] * mom - gradient * learning_rate if self.nesterov else s["m"]
        variable.assign(variable._data + step)

    def __repr__(self):
        return f"<keras.src.optimizers.sgd.SGD object at {id(self):#x}>"


class Adam(Optimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="adam", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    _SLOT_NAMES = (("m", "momentum"), ("v", "velocity"), ("v_hat", "velocity_hat"))

    def _new_state(self, var):
        z = numpy.zeros_like(var._data)
        # Keras 3 keeps velocity_hat only with amsgrad
        return {"m": z, "v": z.copy(), **({"v_hat": z.copy()} if self.amsgrad else {})}

    def update_step(self, gradient, variable, learning_rate):
        dt = variable._data.dtype
        step = (self._iterations._data + 1).astype(dt)
        b1p = numpy.power(numpy.asarray(self.beta_1, dt), step)
        b2p = numpy.power(numpy.asarray(self.beta_2, dt), step)
        one = numpy.asarray(1, dt)
        alpha = learning_rate * numpy.sqrt(one - b2p) / (one - b1p)
        s = self._state(variable)
        s["m"] = s["m"] + (gradient - s["m"]) * (1 - self.beta_1)
        s["v"] = s["v"] + (gradient * gradient - s["v"]) * (1 - self.beta_2)
        v = s["v"]
        if self.amsgrad:
            s["v_hat"] = v = numpy.maximum(s["v_hat"], v)
        variable.assign(variable._data - (s["m"] * alpha) / (numpy.sqrt(v) + self.epsilon))

    def __repr__(self):
        return f"<keras.src.optimizers.adam.Adam object at {id(self):#x}>"


_ALL = {"sgd": SGD, "adam": Adam, "SGD": SGD, "Adam": Adam}


def get(identifier):
    """An optimizer from 'sgd'/'adam' (a fresh instance with defaults) or an instance."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier in _ALL:
        return _ALL[identifier]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
