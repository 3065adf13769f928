"""Higher-order derivatives, cell by cell against the real frameworks: torch create_graph, nested
TF tapes, and MXNet autograd.grad(create_graph=True), including the operators whose second-order
gradient MXNet refuses."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}


def _mx_second(forward):
    return (f"x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n"
            f"    y = {forward}\n    g = autograd.grad(y, [x], create_graph=True, "
            f"retain_graph=True)[0]\ng.backward()\nx.grad", APPROX)


CELLS = {
    "mxnet": [
        ("x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n    y = x * x * x\n"
         "    g = autograd.grad(y, [x], create_graph=True, retain_graph=True)\ng", {}),
        ("g[0].backward()", {}),
        _mx_second("x ** 3"),
        _mx_second("np.exp(x)"),
        _mx_second("np.sin(x)"),
        _mx_second("np.cos(x)"),
        _mx_second("np.tanh(x)"),
        _mx_second("np.log(x)"),
        _mx_second("np.sqrt(x)"),
        _mx_second("x + x"),
        _mx_second("np.sin(x).sum()"),
        ("x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n    y = np.sin(x)\n"
         "    g = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]\n    z = g * g\n"
         "z.backward()\nx.grad", APPROX),
    ],
    "torch": [
        ("x = torch.tensor(3.0, requires_grad=True)\ny = x ** 3\n"
         "(g,) = torch.autograd.grad(y, x, create_graph=True)\ng", {}),
        ("torch.autograd.grad(g, x)", {}),
        ("x = torch.tensor(3.0, requires_grad=True)\ng = torch.autograd.grad(x ** 3, x)[0]\n"
         "g.requires_grad", {}),
        ("torch.autograd.grad(g, x)", {}),
        ("x = torch.arange(3.0, requires_grad=True)\n"
         "(g,) = torch.autograd.grad((x.exp() * x).sum(), x, create_graph=True)\n"
         "torch.autograd.grad(g.sum(), x)", APPROX),
        ("torch.autograd.functional.hessian(lambda v: (v ** 3).sum(), torch.arange(3.0))", {}),
    ],
    "tensorflow": [
        ("x0 = tf.Variable(3.0)\nwith tf.GradientTape() as t2:\n    with tf.GradientTape() as t1:\n"
         "        y = x0 ** 3\n    dy = t1.gradient(y, x0)\nd2y = t2.gradient(dy, x0)\ndy, d2y", {}),
        ("x0 = tf.Variable(3.0)\nwith tf.GradientTape() as t1:\n    y = x0 ** 3\n"
         "dy = t1.gradient(y, x0)\nwith tf.GradientTape() as t2:\n    z = dy * 1.0\n"
         "t2.gradient(z, x0)", {}),
        ("x = tf.Variable([1.0, 2.0])\nwith tf.GradientTape() as t2:\n"
         "    with tf.GradientTape() as t1:\n        y = tf.reduce_sum(tf.exp(x) * x)\n"
         "    g = t1.gradient(y, x)\nt2.jacobian(g, x)", APPROX),
    ],
}


@pytest.mark.conformance
@pytest.mark.parametrize("dialect", sorted(CELLS))
def test_higher_order_matches_framework(dialect):
    check_conformance(CELLS[dialect], dialect)


WARNING_CELLS = {
    "torch": [
        ("x = torch.arange(4.0, requires_grad=True)\ny = x * 2\ny.sum().backward()\ny.grad",
         {"warns": True}),
        ("x.grad", {"warns": True}),
        ("torch.tensor(x)", {"warns": True}),
        ("x.is_leaf, y.is_leaf, y.grad_fn.name(), x.grad_fn", {}),
    ],
}


@pytest.mark.conformance
@pytest.mark.parametrize("dialect", sorted(WARNING_CELLS))
def test_warnings_match_framework(dialect):
    check_conformance(WARNING_CELLS[dialect], dialect)
