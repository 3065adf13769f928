"""The engine core: tensors, graph nodes, recording state and reverse mode. Knows no dialect."""
from .tensor import Tensor
from .node import Node
from .mode import RecordingPolicy
from .autodiff import backprop, FreedGraphError, SavedTensorModifiedError

__all__ = ["Tensor", "Node", "RecordingPolicy", "backprop", "FreedGraphError",
           "SavedTensorModifiedError"]
