"""torch.autograd: backward, grad, and the functional API."""
import sys
import numpy

from ...core import autodiff, explain as _explain
from ...core.autodiff import FreedGraphError, SavedTensorModifiedError
from ...core.refs import COUNTS_EXACT
from .. import _dtypes
from .._tensor import _FREED, _LEAF_HOOKS, Tensor, _backward_name, grad_mode, leaf_hooks
from . import functional

__all__ = ["backward", "grad", "functional"]


def _as_tuple(x):
    if x is None:
        return None
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _seeds(outputs, grad_outputs, create_graph):
    seeds = []
    for i, y in enumerate(outputs):
        g = None if grad_outputs is None else grad_outputs[i]
        if g is None:
            if y._data.size != 1:
                _explain.enabled and _explain.note("nonscalar:torch", y)
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            g = autodiff.ones_seed(y)
        else:
            if tuple(g.shape) != tuple(y.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {_dtypes.Size(g.shape)!r} "
                    f"and output[{i}] has a shape of {_dtypes.Size(y.shape)!r}.")
            g = g._data if isinstance(g, Tensor) and not create_graph else g
        if create_graph and not isinstance(g, Tensor):
            g = Tensor._wrap(g)
        seeds.append(g)
    return seeds


def _run(outputs, seeds, sources, retain_graph, create_graph):
    prev = grad_mode.recording
    grad_mode.recording = create_graph          # the backward pass records only when asked
    try:
        return autodiff.backprop(outputs, seeds, sources, retain_graph=retain_graph,
                                 create_graph=create_graph)
    except FreedGraphError:
        raise RuntimeError(_FREED) from None
    except SavedTensorModifiedError as e:
        a = e.array
        kind = _dtypes.FROM_NUMPY[a.dtype]._legacy
        if e.producer is None:
            made_by = ""
        elif e.producer.prim.views and getattr(a, "base", None) is not None:
            made_by = ", which is output 0 of AsStrided,"     # torch names any view so
        else:
            made_by = f", which is output 0 of {_backward_name(e.producer).removesuffix('Backward0')},"
        raise RuntimeError(
            "one of the variables needed for gradient computation has been modified by an inplace "
            f"operation: [torch.{kind}Tensor [{', '.join(map(str, a.shape))}]]{made_by} is at "
            f"version {e.version}; expected version {e.saved_version} instead. Hint: enable "
            "anomaly detection to find the operation that failed to compute its gradient, with "
            "torch.autograd.set_detect_anomaly(True, check_nan=False).") from None
    finally:
        grad_mode.recording = prev


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(tensors)/d(leaf) into every reached leaf's `.grad`."""
    outputs = _as_tuple(tensors)
    for i, y in enumerate(outputs):
        if not y.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a "
                               "grad_fn")
    if retain_graph is None:
        retain_graph = create_graph
    seeds = _seeds(outputs, _as_tuple(grad_tensors), create_graph)
    sources = _as_tuple(inputs)
    grads = _run(outputs, seeds, list(sources) if sources else None, retain_graph, create_graph)
    pairs = zip(sources, grads) if sources else grads
    for leaf, g in pairs:
        if g is None:
            continue
        if _LEAF_HOOKS:                           # (none registered: skip the lookup)
            g = leaf_hooks(leaf, g)
        fresh = not isinstance(g, Tensor)
        g = g if isinstance(g, Tensor) else Tensor._wrap(g)
        old = leaf._grad
        _explain.enabled and old is not None and _explain.note("accumulate:torch", old=old)
        if old is None:
            # torch stores a fresh tensor; never alias an array another leaf, a hook or the caller
            # may also hold. Like torch's AccumulateGrad, take the array itself when nothing else
            # refers to it (refs: the result list, g, getrefcount's argument): saves a full copy.
            if create_graph:
                leaf._grad = g
            elif (fresh and COUNTS_EXACT and g._data.base is None
                  and sys.getrefcount(g._data) <= 3):
                leaf._grad = g
            else:
                leaf._grad = Tensor._wrap(g._data.copy())
        elif create_graph or g.requires_grad:
            leaf._grad = old + g
        elif isinstance(old._data, numpy.ndarray) and old._data.flags.writeable:
            old._data += g._data                  # accumulate in place: x.grad stays the same object
        else:
            old._data = old._data + g._data


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Gradients of `outputs` with respect to `inputs`, as a tuple; `.grad` is not touched."""
    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    for i, y in enumerate(outputs):
        if not y.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a "
                               "grad_fn")
    for x in inputs:
        if not x.requires_grad:
            _explain.enabled and _explain.note("detached", x)
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if retain_graph is None:
        retain_graph = create_graph
    if allow_unused is None:
        allow_unused = materialize_grads
    seeds = _seeds(outputs, _as_tuple(grad_outputs), create_graph)
    grads = _run(outputs, seeds, list(inputs), retain_graph, create_graph)
    result = []
    for i, (x, g) in enumerate(zip(inputs, grads)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have "
                                   "been used in the graph. Set allow_unused=True if this is the "
                                   "desired behavior.")
            if materialize_grads:
                g = Tensor._wrap(x._data * 0)
        else:
            g = leaf_hooks(x, g) if x.node is None else g
            g = g if isinstance(g, Tensor) else Tensor._wrap(g)
        result.append(g)
    return tuple(result)
