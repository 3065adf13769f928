"""mxnet.npx: NumPy-extension helpers (set_np, devices, random.seed)."""
import types

from . import random as _random

random = types.SimpleNamespace(seed=_random.seed)


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
