"""mxnet.gluon.loss: per-example losses (one value per row of the batch), as under npx.set_np()."""
from ...ops import elementwise as _ew
from ...ops import nn as _nn
from ...ops import reduce as _reduce
from .. import npx as _npx
from .._ndarray import ndarray

__all__ = ["Loss", "L2Loss", "L1Loss", "SoftmaxCrossEntropyLoss", "SoftmaxCELoss"]


def _check_arrays(*arrays):
    for a in arrays:
        if not isinstance(a, ndarray):
            raise TypeError("type <class 'mxnet.numpy.ndarray'> not supported")


def _apply_weighting(loss, weight, sample_weight):
    """MXNet's order: the per-sample weights first, then the scalar weight."""
    if sample_weight is not None:
        loss = loss * sample_weight
    if weight is not None:
        loss = loss * weight
    return loss


def _per_example(loss):
    """The mean over every axis but the first (MXNet's NumPy-mode losses ignore batch_axis here)."""
    return _reduce.mean(loss, axis=tuple(range(1, loss.ndim))) if loss.ndim > 1 else loss


class Loss:
    """Base of the losses: call it as loss(pred, label[, sample_weight])."""

    def __init__(self, weight, batch_axis, **kwargs):
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self):
        return f"{type(self).__name__}(batch_axis={self._batch_axis}, w={self._weight})"

    def __call__(self, pred, label, sample_weight=None):
        return self.forward(pred, label, sample_weight)

    def forward(self, pred, label, sample_weight=None):
        raise NotImplementedError


class L2Loss(Loss):
    """½ (pred − label)², averaged over the non-batch axes."""

    def __init__(self, weight=1.0, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def forward(self, pred, label, sample_weight=None):
        _check_arrays(pred, label)
        diff = label.reshape(pred.shape) - pred
        loss = _apply_weighting(diff * diff, None if self._weight is None else self._weight / 2,
                                sample_weight)
        return _per_example(loss)


class L1Loss(Loss):
    """|pred − label|, averaged over the non-batch axes."""

    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def forward(self, pred, label, sample_weight=None):
        _check_arrays(pred, label)
        loss = _ew.abs(label.reshape(pred.shape) - pred)
        return _per_example(_apply_weighting(loss, self._weight, sample_weight))


class SoftmaxCrossEntropyLoss(Loss):
    """−log softmax(pred)[label] per example; sparse_label=False takes label as probabilities,
    from_logits=True takes pred as log-probabilities already."""

    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None, batch_axis=0,
                 **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis = axis
        self._sparse_label = sparse_label
        self._from_logits = from_logits

    def forward(self, pred, label, sample_weight=None):
        _check_arrays(pred, label)
        shape = pred._data.shape
        if (self._sparse_label and not self._from_logits and self._weight is None
                and sample_weight is None and len(shape) == 2 and self._axis in (1, -1)
                and pred._data.dtype.kind == "f"):
            # D2L's classification loss: the fused primitive, one node for the five below (the
            # same values, in the same order: the mean over one element is that element)
            return _nn.label_xent(pred, _npx._pick_indices(shape, label, 1), axis=1)
        logp = pred if self._from_logits else _nn.log_softmax(pred, axis=self._axis)
        if self._sparse_label:
            loss = -_npx.pick(logp, label, axis=self._axis, keepdims=True)
        else:
            loss = -_reduce.sum(logp * label.reshape(pred.shape), axis=self._axis, keepdims=True)
        return _per_example(_apply_weighting(loss, self._weight, sample_weight))


SoftmaxCELoss = SoftmaxCrossEntropyLoss
