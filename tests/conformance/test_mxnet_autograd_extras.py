"""autograd.mark_variables on xint's MXNet dialect against real MXNet 1.9.1: the given buffers
receive the gradients (written or accumulated), are shared with .grad, and bad requests fail as
MXNet's do."""
import pytest

from xint.testing import check_conformance

MARK_VARIABLES = [
    ("x = np.array([1., 2., 3.])\ng = np.zeros(3)\nautograd.mark_variables(x, g)\n"
     "with autograd.record():\n    y = (x * x).sum()\ny.backward()\n(g, x.grad)", {}),
    ("g[:] = 5\nx.grad", {}),                                   # .grad is the caller's buffer
    ("x = np.array([1., 2.])\ng = np.ones(2)\nautograd.mark_variables([x], [g], grad_reqs='add')\n"
     "for _ in range(2):\n    with autograd.record():\n        y = (3 * x).sum()\n"
     "    y.backward()\ng", {}),
    ("x = np.array([1., 2.])\ng = np.zeros(2)\nautograd.mark_variables([x], [g], "
     "grad_reqs=['null'])\nwith autograd.record():\n    y = (3 * x).sum()\ny.backward()", {}),
    ("x.grad", {}),
    ("autograd.mark_variables([x], [g], grad_reqs='bad')", {}),
    ("autograd.mark_variables(x, [g])", {}),
    ("a, b = np.array([1., 2.]), np.array([3.])\nga, gb = np.zeros(2), np.zeros(1)\n"
     "autograd.mark_variables([a, b], [ga, gb], grad_reqs=['write', 'add'])\n"
     "with autograd.record():\n    y = (a * b).sum()\ny.backward()\n(ga, gb)", {}),
]


@pytest.mark.conformance
def test_mark_variables_conformance():
    check_conformance(MARK_VARIABLES, "mxnet")


# backward writes x.grad in place: wrappers and views of it taken earlier see the new values
# (xint takes the fresh gradient array as the buffer only when nothing refers to the old one)
GRAD_BUFFER = [
    ("x = np.array([[1., 2.], [3., 4.]])\nx.attach_grad()\n"
     "with autograd.record():\n    y = (x * x).sum()\ny.backward()\n"
     "g0 = x.grad\nrow = x.grad[0]\n"
     "with autograd.record():\n    y = (x * 3).sum()\ny.backward()\n(g0, row, x.grad)", {}),
    ("del g0, row\nfor k in (5, 7):\n    with autograd.record():\n        y = (x * k).sum()\n"
     "    y.backward()\nx.grad", {}),
    ("x.attach_grad(grad_req='add')\nfor k in (5, 7):\n    with autograd.record():\n"
     "        y = (x * k).sum()\n    y.backward()\nx.grad", {}),
]


@pytest.mark.conformance
def test_grad_buffer_is_written_in_place():
    check_conformance(GRAD_BUFFER, "mxnet")
