"""torch.autograd.functional: jacobian, hessian, vjp, jvp, built on autograd.grad."""
from ...ops import shape as shape_ops


def _prepare(inputs):
    single = not isinstance(inputs, (tuple, list))
    xs = (inputs,) if single else tuple(inputs)
    return single, tuple(x.detach().requires_grad_(True) for x in xs)


def _rows(y, xs, create_graph):
    """One autograd.grad per element of y: d y[i] / d x, for each x."""
    from . import grad
    from .._functions import zeros_like
    flat = y.reshape(-1)
    per_input = [[] for _ in xs]
    for i in range(flat.shape[0]):
        gs = grad(flat[i], xs, retain_graph=True, create_graph=create_graph, allow_unused=True)
        for k, (x, g) in enumerate(zip(xs, gs)):
            per_input[k].append(zeros_like(x) if g is None else g)
    return [shape_ops.stack(*rows).reshape(tuple(y.shape) + tuple(x.shape)) if rows else
            zeros_like(x).reshape(tuple(y.shape) + tuple(x.shape))
            for rows, x in zip(per_input, xs)]


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of func at inputs, shaped output.shape + input.shape (tuples for tuples)."""
    single, xs = _prepare(inputs)
    y = func(*xs)
    single_out = not isinstance(y, tuple)
    ys = (y,) if single_out else y
    table = [_rows(yi, xs, create_graph) for yi in ys]
    table = [[j if create_graph else j.detach() for j in row] for row in table]
    if single_out:
        return table[0][0] if single else tuple(table[0])
    return tuple(row[0] if single else tuple(row) for row in table)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False):
    """The Hessian of a scalar func: the Jacobian of its gradient."""
    from . import grad

    def gradient(*xs):
        return grad(func(*xs), xs, create_graph=True)[0] if len(xs) == 1 else \
            grad(func(*xs), xs, create_graph=True)
    return jacobian(gradient, inputs, create_graph=create_graph)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀJ)."""
    from . import grad
    single, xs = _prepare(inputs)
    y = func(*xs)
    gs = grad(y, xs, grad_outputs=v, create_graph=create_graph, allow_unused=True)
    gs = tuple(g if create_graph else g.detach() for g in gs)
    return y.detach(), gs[0] if single else gs


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v), by the double-VJP trick: uᵀJ is linear in u, so its gradient with
    respect to u along v is J v."""
    from . import grad
    from .._functions import zeros_like
    single, xs = _prepare(inputs)
    y = func(*xs)
    u = zeros_like(y).requires_grad_(True)
    gs = grad(y, xs, grad_outputs=u, create_graph=True, allow_unused=True)
    vs = (v,) if single else tuple(v)
    (jv,) = grad(gs, u, grad_outputs=vs, create_graph=create_graph)
    return y.detach(), jv if create_graph else jv.detach()
