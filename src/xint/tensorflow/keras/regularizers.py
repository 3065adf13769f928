"""keras.regularizers: penalties a layer adds to its `losses`."""
from .._functions import reduce_sum, square


class Regularizer:
    def __call__(self, x):
        return 0.0


class L2(Regularizer):
    def __init__(self, l2=0.01):
        self.l2 = float(l2)

    def __call__(self, x):
        return self.l2 * reduce_sum(square(x))

    def get_config(self):
        return {"l2": self.l2}


class L1(Regularizer):
    def __init__(self, l1=0.01):
        self.l1 = float(l1)

    def __call__(self, x):
        from .._functions import abs as tf_abs
        return self.l1 * reduce_sum(tf_abs(x))


l2 = L2
l1 = L1


def get(identifier):
    if identifier is None or isinstance(identifier, Regularizer) or callable(identifier):
        return identifier
    if identifier in ("l2", "L2"):
        return L2()
    if identifier in ("l1", "L1"):
        return L1()
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")
