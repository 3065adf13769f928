"""torch.nn: modules, parameters, layers and losses, with torch.nn.functional and torch.nn.init."""
from . import functional, init
from .layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, Dropout,
                     Flatten, Identity, LazyLinear, Linear, MaxPool2d, ReLU, Sigmoid, Softmax,
                     Tanh)
from .loss import CrossEntropyLoss, MSELoss
from .modules import Module, Sequential
from .parameter import Parameter, UninitializedParameter

__all__ = ["AdaptiveAvgPool2d", "AvgPool2d", "BatchNorm1d", "BatchNorm2d", "Conv2d",
           "CrossEntropyLoss", "Dropout", "Flatten", "Identity", "LazyLinear", "Linear",
           "MSELoss", "MaxPool2d", "Module", "Parameter", "ReLU", "Sequential", "Sigmoid",
           "Softmax", "Tanh", "UninitializedParameter", "functional", "init"]
