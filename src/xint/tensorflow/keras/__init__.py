"""tf.keras on the xint engine, with Keras 3's behaviour (the Keras that TF 2.21 ships):
layers, models, initializers, regularizers, callbacks, activations, losses, optimizers,
datasets."""
from . import activations, callbacks, initializers, layers, models, regularizers
from . import datasets, losses, optimizers
from ._variable import Variable
from .layers import Layer
from .models import Model, Sequential


class backend:
    """keras.backend: the bits D2L touches."""

    @staticmethod
    def clear_session(free_memory=True):
        """Resets Keras' global name counters (the next Dense is `dense` again)."""
        layers._uids.clear()
        optimizers._COUNTS.clear()

    @staticmethod
    def floatx():
        return "float32"
