"""torch.optim: Optimizer, SGD and Adam with torch's update formulas, state and printing.

Updates are array math on the parameters' data, outside the graph (torch runs them under
no_grad): each step writes into the parameter's storage in place and bumps its version.
Parameters whose `.grad` is None are skipped. Scalars are cast to the parameter's dtype before
they meet its data, as torch's kernels do (and so NumPy 1.x never widens a float32 update).
"""
import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

import numpy

from .. import backend
from ..core.tensor import Tensor as _EngineTensor
from ._functions import enable_grad
from ._tensor import Tensor

__all__ = ["Optimizer", "SGD", "Adam"]


def _typename(obj):
    """torch.typename: 'torch.FloatTensor' for a tensor, the class's name otherwise."""
    if isinstance(obj, _EngineTensor):
        return f"torch.{obj.dtype._legacy}Tensor"
    cls = type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in (None, "builtins") else f"{module}.{cls.__qualname__}"


def _number(v):
    """A Python number for a hyper-parameter given as a number or a one-element tensor."""
    return v.item() if isinstance(v, _EngineTensor) else v


class Optimizer:
    """Base class: parameter groups (dicts with 'params' and hyper-parameters), per-parameter
    state, zero_grad, state_dict / load_state_dict. Subclasses implement step()."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        if isinstance(params, _EngineTensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + _typename(params))
        self.state = defaultdict(dict)
        self.param_groups = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, _EngineTensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        params = list(params)
        # (name, tensor) pairs, as named_parameters() gives them, keep their names
        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        param_group["params"] = params
        if names:
            if len(names) != len(params):
                raise ValueError("all optimizer params should be with/without names. Some "
                                 "param names are missing")
            param_group["param_names"] = names
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(p))
            if not self.defaults.get("differentiable") and p.node is not None:
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)
        if len(params) != len(set(map(id, params))):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(map(id, group["params"]))
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if not seen.isdisjoint(map(id, params)):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Reset the parameters' gradients: to None, or (set_to_none=False) to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                g = p._grad
                if g is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:
                    g.node, g.requires_grad = None, False
                    g._writable()[...] = 0
                    g._bump_version()

    def step(self, closure=None):
        raise NotImplementedError

    def _closure_loss(self, closure):
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def state_dict(self):
        """{'state': {index: per-parameter state}, 'param_groups': [group without tensors,
        'params' replaced by indices numbered across groups]}; tensors are shared, not copied."""
        index = {}

        def pack(group):
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            return packed

        groups = [pack(g) for g in self.param_groups]
        state = {(index[id(k)] if isinstance(k, _EngineTensor) else k): v
                 for k, v in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))
        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = {name: _cast_state(param, name, value) for name, value in v.items()}
            else:
                state[k] = v
        for group, saved in zip(groups, saved_groups):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
        self.state, self.param_groups = state, saved_groups

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            text += "".join(f"    {k}: {group[k]}\n" for k in sorted(group) if k != "params")
        return text + ")"


def _cast_state(param, key, value):
    """Loaded state follows its parameter's floating dtype (Adam's 'step' count excepted)."""
    if isinstance(value, Tensor) and key != "step" and param._data.dtype.kind in "fc":
        return value.to(param.dtype)
    return value


def _check_flags(foreach, fused, differentiable):
    if differentiable:
        raise NotImplementedError("xint's optimizers update parameters outside the graph: "
                                  "differentiable=True is not supported")
    if fused and foreach:
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum (buffer starts as the first gradient),
    dampening, Nesterov momentum and L2 weight decay added to the gradient."""

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False,
                 *, maximize=False, foreach=None, differentiable=False, fused=None):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)
        _check_flags(foreach, fused, differentiable)

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            lr, wd = _number(group["lr"]), _number(group["weight_decay"])
            momentum, dampening = group["momentum"], group["dampening"]
            nesterov = group["nesterov"]
            for p, data, cast, g in _gradients(group):
                if wd != 0:
                    g = g + cast(wd) * data
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = Tensor._wrap(backend.xp.array(g))
                    else:
                        b = buf._writable()
                        b *= cast(momentum)
                        b += cast(1 - dampening) * g
                    g = g + cast(momentum) * buf._data if nesterov else buf._data
                data += cast(-lr) * g
                p._bump_version()
        return loss


class Adam(Optimizer):
    """Adam: bias-corrected moment estimates, optional AMSGrad, L2 weight decay added to the
    gradient (or decoupled, as AdamW, with decoupled_weight_decay=True)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not (all(isinstance(b, float) for b in betas)
                or all(isinstance(b, _EngineTensor) for b in betas)):
            raise ValueError("betas must be either both floats or both Tensors")
        defaults = {"lr": lr, "betas": tuple(_number(b) for b in betas), "eps": eps,
                    "weight_decay": weight_decay, "amsgrad": amsgrad, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)
        _check_flags(foreach, fused, differentiable)

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        xp = backend.xp
        for group in self.param_groups:
            lr, wd = _number(group["lr"]), group["weight_decay"]
            beta1, beta2 = group["betas"]
            eps, amsgrad = group["eps"], group["amsgrad"]
            for p, data, cast, g in _gradients(group):
                state = self.state[p]
                if not state:
                    # the step count is a float32 tensor, as torch keeps it
                    state["step"] = Tensor._wrap(xp.zeros((), numpy.float32))
                    state["exp_avg"] = Tensor._wrap(xp.zeros_like(data))
                    state["exp_avg_sq"] = Tensor._wrap(xp.zeros_like(data))
                    if amsgrad:
                        state["max_exp_avg_sq"] = Tensor._wrap(xp.zeros_like(data))
                count = state["step"]._writable()
                count += 1
                step = float(count)
                if wd != 0:
                    if group["decoupled_weight_decay"]:
                        data *= cast(1 - lr * wd)
                        p._bump_version()
                    else:
                        g = g + cast(wd) * data
                m = state["exp_avg"]._writable()
                v = state["exp_avg_sq"]._writable()
                # m.lerp_(g, 1 - beta1), with lerp's two formulas
                w = 1 - beta1
                if w < 0.5:
                    m += cast(w) * (g - m)
                else:
                    m[...] = g - (g - m) * cast(1 - w)
                v *= cast(beta2)
                v += cast(1 - beta2) * g * g
                step_size = lr / (1 - beta1 ** step)
                bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
                if amsgrad:
                    vmax = state["max_exp_avg_sq"]._writable()
                    xp.maximum(vmax, v, out=vmax)
                    v = vmax
                denom = xp.sqrt(v) / cast(bias_correction2_sqrt) + cast(eps)
                data += cast(-step_size) * m / denom
                p._bump_version()
        return loss


def _gradients(group):
    """(param, its data to update in place, the dtype's scalar type, its gradient — negated
    when the group maximizes) for each parameter of the group that has a gradient."""
    for p in group["params"]:
        if p._grad is not None:
            data = p._writable()
            g = p._grad._data
            yield p, data, data.dtype.type, (-g if group["maximize"] else g)
