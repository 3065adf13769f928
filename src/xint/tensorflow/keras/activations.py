"""keras.activations: names the layers' `activation=` accepts."""
from .._functions import nn as _nn, sigmoid as _sigmoid, tanh as _tanh


def relu(x):
    return _nn.relu(x)


def sigmoid(x):
    return _sigmoid(x)


def tanh(x):
    return _tanh(x)


def softmax(x, axis=-1):
    return _nn.softmax(x, axis=axis)


def linear(x):
    return x


_NAMES = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "softmax": softmax, "linear": linear}


def get(identifier):
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _NAMES:
            raise ValueError(f"Could not interpret activation function identifier: {identifier}")
        return _NAMES[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")
