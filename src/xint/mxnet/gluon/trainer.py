"""mxnet.gluon.Trainer: applies an optimizer ('sgd' or 'adam') to Parameters, in place."""
import math

from ... import backend

__all__ = ["Trainer"]

_COMMON = {"learning_rate", "wd", "clip_gradient", "rescale_grad", "lr_scheduler",
           "begin_num_update", "multi_precision", "param_idx2name", "param_dict", "lazy_update"}
_DEFAULTS = {"sgd": {"learning_rate": 0.01, "momentum": 0.0},
             "adam": {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}}

_STALE = ("Gradient of Parameter `{}` on context cpu(0) has not been updated by backward since "
          "last `step`. This could mean a bug in your model that made it only use a subset of the "
          "Parameters (Blocks) for this iteration. If you are intentionally only using a subset, "
          "call step with ignore_stale_grad=True to suppress this warning and skip updating of "
          "Parameters with stale gradient")


class Trainer:
    """Trainer(params, optimizer, optimizer_params): step(batch_size) rescales the gradients by
    1/batch_size and updates every Parameter whose gradient a backward wrote since the last step
    (a stale one raises, as MXNet does, unless ignore_stale_grad=True skips it)."""

    def __init__(self, params, optimizer, optimizer_params=None, kvstore="device",
                 compression_params=None, update_on_kvstore=None):
        if hasattr(params, "keys"):          # MXNet orders a dict's parameters by name
            params = [params[key] for key in sorted(params.keys())]
        if not isinstance(params, (list, tuple)):
            raise ValueError("First argument must be a list or dict of Parameters, got "
                             f"{type(params)}.")
        self._params = list(params)
        for p in self._params:      # MXNet looks for the parameters' contexts first
            if getattr(p, "_data", 0) is None and not p._deferred_init:
                raise RuntimeError(f"Parameter '{p.name}' has not been initialized")
        name = optimizer.lower() if isinstance(optimizer, str) else optimizer
        if name not in _DEFAULTS:
            raise ValueError(f"Cannot find optimizer {optimizer}")
        self._kind = name
        options = dict(optimizer_params or {})
        for key in options:
            if key not in _COMMON and key not in _DEFAULTS[name]:
                raise TypeError(f"Optimizer.__init__() got an unexpected keyword argument '{key}'")
        self._opt = {"wd": 0.0, "clip_gradient": None, **_DEFAULTS[name], **options}
        self._scale = self._opt.pop("rescale_grad", 1.0)
        self._states = {}             # per-parameter index: optimizer state arrays
        self._counts = {}             # per-parameter index: number of updates (Adam's t)

    @property
    def learning_rate(self):
        return self._opt["learning_rate"]

    def set_learning_rate(self, lr):
        self._opt["learning_rate"] = lr

    def allreduce_grads(self):
        """Gradients live on one device here, so there is nothing to reduce."""

    def step(self, batch_size, ignore_stale_grad=False):
        self.update(batch_size, ignore_stale_grad)

    def update(self, batch_size, ignore_stale_grad=False):
        todo = []
        for i, param in enumerate(self._params):
            if param.grad_req == "null":
                continue
            weight = param.data()
            grad, fresh = weight._take_fresh_grad()
            if not fresh:
                if not ignore_stale_grad:
                    raise UserWarning(_STALE.format(param.name))
                continue
            todo.append((i, param, weight._data, grad))
        rescale = self._scale / batch_size
        for i, param, weight, grad in todo:
            self._update_one(i, param, weight, grad * weight.dtype.type(rescale))

    def _update_one(self, i, param, weight, grad):
        opt = self._opt
        lr = opt["learning_rate"] * getattr(param, "lr_mult", 1.0)
        wd = opt["wd"] * getattr(param, "wd_mult", 1.0)
        clip = opt["clip_gradient"]
        if clip is not None:
            grad = backend.xp.clip(grad, -clip, clip)
        if self._kind == "sgd":
            if opt["momentum"]:
                mom = self._states.setdefault(i, backend.xp.zeros_like(weight))
                mom *= opt["momentum"]
                mom -= lr * wd * weight + lr * grad
                weight += mom
            elif wd:
                weight[...] = (1 - lr * wd) * weight - lr * grad
            else:
                # grad is this update's own rescaled temporary: scale it in place and subtract,
                # no further temporaries (same rounding: (1 - 0) * weight is weight exactly)
                grad *= lr
                weight -= grad
            return
        t = self._counts[i] = self._counts.get(i, 0) + 1
        mean, var = self._states.setdefault(
            i, (backend.xp.zeros_like(weight), backend.xp.zeros_like(weight)))
        b1, b2 = opt["beta1"], opt["beta2"]
        lr *= math.sqrt(1 - b2 ** t) / (1 - b1 ** t)       # bias correction, folded into lr
        # MXNet's kernel works with the betas in the weight's dtype (1 - 0.999 in float32 is not
        # 0.001), the bias correction above in Python floats
        b1, b2 = weight.dtype.type(b1), weight.dtype.type(b2)
        grad = grad + wd * weight
        mean[...] = b1 * mean + (1 - b1) * grad
        var[...] = b2 * var + (1 - b2) * grad * grad
        weight -= lr * mean / (backend.xp.sqrt(var) + opt["epsilon"])
