"""Recording state. A dialect gives its tensor class a policy; the engine asks it whether it records
at all just now (its `recording` flag: False skips the rest) and then "record this op on these
arguments?" The answer (None or a tag) is stored on the node.

State is thread-local: each thread has its own grad mode / record scope.
"""
import threading

from .tensor import Tensor


class RecordingPolicy(threading.local):
    """Record an op when recording is on and one of its tensor inputs requires grad.

    torch: recording starts on (grad mode); MXNet: off until `autograd.record()`. `training` is the
    train/predict flag some dialects tie to recording (MXNet's Dropout, BatchNorm).

    `generic` tells the engine that `record` is this rule, so that it may apply it inline (a
    policy with a rule of its own, like TensorFlow's tapes, sets it False).
    """
    generic = True

    def __init__(self, recording=True, training=False):
        self.recording = recording
        self.training = training

    def record(self, args):
        if self.recording:
            for a in args:
                if isinstance(a, Tensor) and a.requires_grad:
                    return True
        return None


Tensor._policy = RecordingPolicy(recording=True)
