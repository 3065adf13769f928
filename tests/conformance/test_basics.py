"""Beyond the chapter: creation, default dtypes and reprs, arithmetic and promotion, the basic
array API, host conversion and the autograd rules of each dialect, run cell by cell on xint and on
the real framework. xint's output must equal the real framework's (never a value written here).

Cells are (source, options) as in tour.CHAPTER; "approx" compares values with a tolerance (for
transcendental functions, whose last digit depends on the math library). Each cell sets up what it
uses, so one failing cell does not cascade into the next.
"""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}

TORCH = [
    # ----- creation, default dtypes, reprs -----
    ("import numpy as onp\ntorch.tensor([1.0, 2.0, 3.0])", {}),
    ("torch.tensor([[1, 2], [3, 4]])", {}),
    ("torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64), "
     "torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)", {}),
    ("torch.tensor([True, False, True]), torch.tensor([True, True]), torch.tensor(True)", {}),
    ("torch.tensor(3.5), torch.tensor(3), torch.tensor(-0.25), torch.tensor(2.0)", {}),
    ("torch.tensor([1, 2.0]).dtype, torch.tensor([True, 2]).dtype, torch.tensor(1.5).dtype", {}),
    ("torch.tensor(onp.arange(3.0)), torch.tensor(onp.arange(3))", {}),
    ("torch.from_numpy(onp.array([[1.5, 2.0]])), torch.tensor(onp.array([1, 2], dtype=onp.int32))",
     {}),
    ("torch.arange(4), torch.arange(4.0), torch.arange(1, 2, 0.25), torch.arange(2, 8, 2)", {}),
    ("torch.arange(4).dtype, torch.arange(4.0).dtype, torch.arange(0, 1, 0.5).dtype, "
     "torch.get_default_dtype(), torch.ones(2).dtype, torch.ones(2, 3).shape", {}),
    ("torch.zeros(2, 3), torch.ones((2,)), torch.zeros(3, dtype=torch.int64), "
     "torch.zeros_like(torch.arange(3)), torch.ones_like(torch.tensor([[1.5, 2.5]])), "
     "torch.zeros_like(torch.ones(2), dtype=torch.float64)", {}),
    ("torch.tensor([1 / 3, 2 / 3, 1.0]), torch.tensor([123456.0, 0.5])", {}),
    ("torch.tensor([1e-5, 1.0]), torch.tensor([1e8, 1.0]), torch.tensor([0.001, 1000.0])", {}),
    ("torch.tensor([[1e-3, 2.5], [100.0, -7.125]])", {}),
    ("torch.tensor([-1.0, 0.5, 2.0]), torch.tensor([-1, 10, 200])", {}),
    ("torch.tensor([0.1, 0.25], dtype=torch.float64), torch.tensor(1 / 3, dtype=torch.float64)",
     {}),
    # ----- arithmetic and promotion -----
    ("x = torch.arange(4.0)\ny = torch.tensor([2.0, 1.0, 4.0, 3.0])\nx + y, x - y, x * y, x / y, "
     "x ** y", {}),
    ("x = torch.arange(4.0)\nx + 1, 2 - x, x * 0.5, 1 / (x + 1), x ** 2, 2 ** x, -x", {}),
    ("a = torch.arange(3).reshape(3, 1)\nb = torch.arange(2).reshape(1, 2)\na + b, a * b", {}),
    ("torch.arange(6.0).reshape(2, 3) * torch.tensor([1.0, 10.0, 100.0])", {}),
    ("torch.tensor([1, 2]) + torch.tensor([0.5, 0.25])", {}),
    ("torch.tensor([1, 2]) + 1.5, torch.tensor([1, 2]) * 2.5, 1.5 - torch.tensor([1, 2])", {}),
    ("torch.tensor([1, 2]) * 3, -torch.tensor([1, 2]), torch.tensor([1, 2], dtype=torch.int32) + 1",
     {}),
    ("torch.ones(2) + torch.ones(2, dtype=torch.float64), "
     "torch.ones(2) + torch.tensor(1.5, dtype=torch.float64)", {}),
    ("torch.tensor([1, 2], dtype=torch.int32) + torch.tensor([1, 2]), "
     "torch.tensor([1, 2], dtype=torch.int32) * 1.5", {}),
    ("torch.tensor([1, 2]) / torch.tensor([2, 2]), torch.tensor([3, 4]) / 2", {}),
    ("torch.tensor([1, 4]) ** 2, torch.tensor([1, 4]) ** 0.5", {}),
    ("torch.ones(2, 3) + torch.ones(3, 2)", {}),
    # ----- elementwise functions, reductions, shapes -----
    ("torch.exp(torch.tensor([0.0, 1.0, 2.0]))", APPROX),
    ("torch.log(torch.tensor([1.0, 2.0, 10.0]))", APPROX),
    ("torch.exp(torch.tensor([0, 1])), torch.exp(torch.tensor([0.0, 1.0], dtype=torch.float64))",
     APPROX),
    ("torch.exp(torch.tensor([0.0])), torch.log(torch.tensor([1.0, 1.0], "
     "dtype=torch.float64))", {}),
    ("A = torch.arange(6.0).reshape(2, 3)\nA.sum(), A.sum(0), A.sum(dim=1), torch.sum(A, 0), "
     "A.sum(1, keepdim=True)", {}),
    ("A = torch.arange(6.0).reshape(2, 3)\nA.mean(), A.mean(0), torch.mean(A, 1)", {}),
    ("torch.arange(6).reshape(2, 3).sum(0), torch.arange(4).sum()", {}),
    ("torch.arange(4).mean()", {}),
    ("torch.arange(6).reshape(3, 2), torch.arange(6).reshape((2, -1)), "
     "torch.reshape(torch.arange(4), (2, 2))", {}),
    ("torch.arange(6).reshape(4, 2)", {}),
    ("A = torch.arange(6.0).reshape(2, 3)\nA.T, A.t(), torch.transpose(A, 0, 1), A.T.shape", {}),
    ("A = torch.arange(6.0).reshape(2, 3)\nA @ torch.ones(3), A @ A.T, torch.matmul(A, A.T), "
     "torch.mv(A, torch.ones(3)), torch.mm(A, A.T)", {}),
    ("torch.ones(3) @ torch.arange(3.0), torch.dot(torch.arange(3.0), torch.ones(3)), "
     "torch.arange(3) @ torch.arange(3)", {}),
    ("torch.dot(torch.arange(3), torch.ones(3))", {}),
    ("torch.mm(torch.ones(2, 2, dtype=torch.int64), torch.ones(2, 2))", {}),
    ("torch.ones(2, 3) @ torch.ones(2, 3)", {}),
    ("x = torch.arange(4.0)\ny = torch.tensor([2.0, 1.0, 4.0, 3.0])\nx == y, x < y, x >= 2, x != 1",
     {}),
    ("A = torch.arange(6.0).reshape(2, 3)\nA[1], A[-1], A[0, 2], A[:, 1], A[0:1], A[1, 1:]", {}),
    # ----- host conversion -----
    ("float(torch.tensor(3.5)), int(torch.tensor(3.7)), torch.tensor(2.5).item(), "
     "torch.tensor([7]).item(), torch.tensor(3).item(), float(torch.tensor([[2.5]])), "
     "bool(torch.tensor(0.0)), bool(torch.tensor([1])), int(torch.tensor([-2.5]))", {}),
    ("torch.arange(2.0).item()", {}),
    ("float(torch.tensor([1.0, 2.0]))", {}),
    ("bool(torch.tensor([1.0, 2.0]))", {}),
    ("torch.arange(3.0).numpy(), torch.arange(3).numpy(), torch.tensor(True).numpy()", {}),
    ("torch.arange(3.0, requires_grad=True).numpy()", {}),
    ("len(torch.zeros(3, 2)), len(torch.tensor([1, 2]))", {}),
    ("len(torch.tensor(1.0))", {}),
    # ----- autograd -----
    ("torch.arange(3.0, requires_grad=True), torch.ones(2, dtype=torch.float64, requires_grad=True)"
     " + 1, torch.tensor(2.0, requires_grad=True) * 3", {}),
    ("torch.tensor([1.0, 2.0]).sum().backward()", {}),
    ("torch.arange(4).requires_grad_(True)", {}),
    ("torch.tensor([1, 2], requires_grad=True)", {}),
    ("x = torch.arange(4.0, requires_grad=True)\nw = torch.ones(4, requires_grad=True)\n"
     "torch.autograd.grad((x * x).sum(), [x, w])", {}),
    ("x = torch.arange(4.0, requires_grad=True)\nw = torch.ones(4, requires_grad=True)\n"
     "torch.autograd.grad((x * x).sum(), [x, w], allow_unused=True), "
     "torch.autograd.grad((2 * x).sum(), x)", {}),
    ("x = torch.arange(4.0, requires_grad=True)\ntorch.autograd.grad((2 * x).sum(), torch.ones(4))",
     {}),
    ("x = torch.arange(4.0, requires_grad=True)\nwith torch.no_grad():\n    z = x * 2\n"
     "    inside = torch.is_grad_enabled()\nz, z.requires_grad, z.grad_fn, inside, "
     "torch.is_grad_enabled()", {}),
    ("x = torch.arange(4.0, requires_grad=True)\ny = x * x\ny.backward(torch.ones(3))", {}),
    ("x = torch.arange(4.0, requires_grad=True)\ny = x * x\n"
     "y.backward(torch.tensor([1.0, 0.0, 0.0, 2.0]))\nx.grad", {}),
    ("x = torch.arange(4.0, requires_grad=True)\ny = (x * x).sum()\ny.backward(retain_graph=True)\n"
     "first = x.grad.clone()\ny.backward()\nfirst, x.grad", {}),
    ("x = torch.arange(4.0, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n"
     "y.backward()", {}),
    ("x = torch.arange(4.0, requires_grad=True)\ny = x.sum()\ny.backward()\ny.backward()\n"
     "x.grad", {}),
    ("x = torch.arange(4.0, requires_grad=True)\nw = torch.ones(4, requires_grad=True)\n"
     "(x * x).sum().backward()\nx.grad, w.grad", {}),
    ("x = torch.arange(4.0, requires_grad=True)\n"
     "(x * torch.tensor([1, 2, 3, 4])).sum().backward()\n"
     "x.grad", {}),
    ("x = torch.arange(4.0, requires_grad=True)\n"
     "((x + 1).grad_fn.name(), (x - 1).grad_fn.name(), (1 - x).grad_fn.name(), "
     "(x / 2).grad_fn.name(), (-x).grad_fn.name(), (x ** 2).grad_fn.name(), "
     "(x ** x).grad_fn.name(), (2 ** x).grad_fn.name())", {}),
    ("x = torch.arange(4.0, requires_grad=True)\n"
     "(torch.exp(x).grad_fn.name(), torch.log(x + 1).grad_fn.name(), x.mean().grad_fn.name(), "
     "x.reshape(2, 2).grad_fn.name(), x[1].grad_fn.name(), x[1:].grad_fn.name(), "
     "(x @ x).grad_fn.name(), (2 / x).grad_fn.name())", {}),
    ("M = torch.ones(2, 3, requires_grad=True)\n"
     "((M @ M.T).grad_fn.name(), (M @ torch.ones(3)).grad_fn.name(), M.sum(0).grad_fn.name(), "
     "M.mean(1).grad_fn.name(), M.t().grad_fn.name(), torch.transpose(M, 0, 1).grad_fn.name(), "
     "M[0, 1].grad_fn.name(), M[:, 1].grad_fn.name())", {}),
]

TENSORFLOW = [
    # ----- creation, default dtypes, reprs -----
    ("import numpy as onp\ntf.constant([1.0, 2.0, 3.0])", {}),
    ("tf.constant([[1, 2], [3, 4]]), tf.constant([[1.0, 2.0], [3.0, 4.0]])", {}),
    ("tf.constant([1.0, 2.0], dtype=tf.float64), tf.constant([1, 2], dtype=tf.int64)", {}),
    ("tf.constant(3.5), tf.constant(3), tf.constant(True), tf.constant(1 / 3), "
     "tf.constant([True, False]), tf.constant([1, 2.0])", {}),
    ("tf.constant(onp.arange(3.0)), tf.constant(onp.arange(3))", {}),
    ("np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1, 2]), np.array(2.5), np.array(True)", {}),
    ("np.array(onp.arange(3.0, dtype=onp.float32)), np.array([1, 2], dtype=np.int32)", {}),
    ("np.arange(4), np.arange(4.0), np.arange(0, 1, 0.25)", {}),
    ("tf.range(4), tf.range(4.0), tf.range(0, 1, 0.25), tf.range(2, 8, 2)", {}),
    ("tf.zeros((2, 3)), tf.ones(3), tf.zeros(2, dtype=tf.int32), np.zeros((2,)), "
     "np.ones((2, 2)), np.zeros(2, dtype=np.int32)", {}),
    ("tf.zeros_like(tf.range(3)), tf.ones_like(tf.constant([[1.5, 2.5]])), "
     "tf.ones_like(np.array([1.0]))", {}),
    ("tf.constant([1 / 3, 2 / 3]), tf.constant([123456.0, 0.5]), tf.constant([1e-5, 1.0]), "
     "np.array([1 / 3, 2 / 3]), np.array(1 / 3), np.array([1e8, 1.0])", {}),
    ("print(tf.constant([[1.0, 2.0], [3.0, 4.0]]))\nprint(tf.constant(1 / 3))\n"
     "str(tf.constant([1, 2]))", {}),
    ("print(tf.Variable([1.0, 2.0]))\n"
     "tf.Variable(3.5, name='w'), tf.Variable([1, 2]), tf.Variable(onp.arange(3.0))", {}),
    ("tf.constant([1.0, 2.0]).shape, tf.size(tf.ones((2, 3))), tf.constant([[1.0]]).dtype, "
     "np.array([1]).dtype, tf.Variable(1.0).dtype", {}),
    # ----- arithmetic and promotion -----
    ("x = tf.constant([0.0, 1.0, 2.0, 3.0])\ny = tf.constant([2.0, 1.0, 4.0, 3.0])\n"
     "x + y, x - y, x * y, x / y, x ** y, -x", {}),
    ("x = tf.constant([0.0, 1.0, 2.0, 3.0])\n"
     "x + 1, 2 - x, x * 0.5, 1 / (x + 1), x ** 2, 2 ** x", {}),
    ("tf.reshape(tf.range(3), (3, 1)) + tf.reshape(tf.range(2), (1, 2))", {}),
    ("np.arange(6.0).reshape(2, 3) * np.array([1.0, 10.0, 100.0])", {}),
    ("tf.constant([1, 2]) + tf.constant([0.5, 0.25])", {}),
    ("tf.constant([1, 2]) + 1.5, tf.constant([1, 2]) * 2.5, 1.5 - tf.constant([1, 2])", {}),
    ("tf.constant([1, 2]) * 3, -tf.constant([1, 2]), np.array([1, 2]) + 1", {}),
    ("tf.ones(2) + tf.constant([1.0, 2.0], dtype=tf.float64), "
     "tf.constant([1, 2]) + tf.constant([1, 2], dtype=tf.int64)", {}),
    ("tf.ones(2) + np.array(1.5), tf.ones(2) * 1.5, tf.ones(2) + onp.float64(1.5)", {}),
    ("np.array([1.0, 2.0]) + tf.ones(2), tf.ones(2) + onp.ones(2), onp.ones(2) + tf.ones(2)", {}),
    ("tf.constant([1, 2]) / tf.constant([2, 2]), tf.constant([3, 4]) / 2, np.arange(3) / 2", {}),
    ("tf.constant([1, 4]) ** 2, tf.constant([1, 4]) ** 0.5", {}),
    ("tf.ones((2, 3)) + tf.ones((3, 2))", {}),
    # ----- elementwise functions, reductions, shapes -----
    ("tf.exp(tf.constant([0.0, 1.0, 2.0])), tf.math.log(tf.constant([1.0, 2.0, 10.0]))", APPROX),
    ("np.exp(np.array([0.0, 1.0])), np.log(np.array([1.0, 10.0])), np.exp(np.arange(3))", APPROX),
    ("tf.exp(tf.constant([0, 1]))", {}),
    ("tf.exp(tf.constant([0.0])), tf.math.log(tf.constant([1.0, 1.0], dtype=tf.float64))", {}),
    ("A = tf.reshape(tf.range(6.0), (2, 3))\ntf.reduce_sum(A), tf.reduce_sum(A, axis=0), "
     "tf.reduce_sum(A, axis=1, keepdims=True), tf.reduce_mean(A), tf.reduce_mean(A, axis=1)", {}),
    ("A = np.arange(6.0).reshape(2, 3)\n"
     "np.sum(A), np.sum(A, axis=0), np.mean(A, axis=1), np.mean(A)",
     {}),
    ("tf.reduce_mean(tf.constant([1, 2])), tf.reduce_sum(tf.range(4)), np.sum(np.arange(4))", {}),
    ("tf.reshape(tf.range(6), (3, 2)), tf.reshape(tf.range(6), [2, -1]), tf.range(6).reshape(2, 3),"
     " np.reshape(np.arange(4), (2, 2))", {}),
    ("tf.reshape(tf.range(6), (4, 2))", {}),
    ("A = tf.reshape(tf.range(6.0), (2, 3))\ntf.transpose(A), A.T, np.transpose(A), A.T.shape", {}),
    ("tf.Variable([[1.0, 2.0]]).T", {}),
    ("A = tf.reshape(tf.range(6.0), (2, 3))\ntf.matmul(A, tf.transpose(A)), A @ tf.ones((3, 1)), "
     "np.dot(A, tf.ones(3)), np.matmul(A, tf.ones(3))", {}),
    ("np.dot(tf.ones(3), tf.range(3.0)), tf.ones(3) @ tf.range(3.0), "
     "tf.tensordot(tf.ones(3), tf.range(3.0), axes=1)", {}),
    ("tf.matmul(tf.constant([[1, 2]]), tf.ones((2, 1)))", {}),
    ("tf.ones((2, 3)) @ tf.ones((2, 3))", {}),
    ("x = tf.constant([0.0, 1.0, 2.0, 3.0])\ny = tf.constant([2.0, 1.0, 4.0, 3.0])\n"
     "x == y, x < y, x >= 2.0, x != 1.0", {}),
    ("tf.ones((2,)) == tf.ones((3,))", {}),
    ("A = tf.reshape(tf.range(6.0), (2, 3))\nA[1], A[-1], A[0, 2], A[:, 1], A[0:1], A[1, 1:]", {}),
    # ----- host conversion -----
    ("float(tf.constant(3.5)), int(tf.constant(3.7)), int(tf.constant(3)), "
     "len(tf.zeros((3, 2))), len(tf.constant([1, 2]))", {}),
    ("tf.constant([[1.0, 2.0]]).numpy(), tf.range(3).numpy(), np.array([1.5]).numpy()", {}),
    ("tf.constant([1.0, 2.0]).item()", {}),
    ("bool(tf.constant([1.0, 2.0]))", {}),
    ("bool(tf.constant(0.0)), bool(tf.constant([1]))", {}),
    ("len(tf.constant(1.0))", {}),
    # ----- GradientTape -----
    ("x = tf.constant([1.0, 2.0])\nwith tf.GradientTape() as t:\n    y = tf.reduce_sum(x * x)\n"
     "print(t.gradient(y, x))", {}),
    ("x = tf.constant([1.0, 2.0])\nx2 = np.array([1.0, 2.0])\nwith tf.GradientTape() as t:\n"
     "    t.watch([x, x2])\n    y = tf.reduce_sum(x * x) + np.sum(x2 ** 3)\nt.gradient(y, [x, x2])",
     {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape(watch_accessed_variables=False) as t:\n"
     "    y = tf.reduce_sum(v * v)\nprint(t.gradient(y, v))", {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape(watch_accessed_variables=False) as t:\n"
     "    t.watch(v)\n    y = tf.reduce_sum(v * v)\nt.gradient(y, v)", {}),
    ("v = tf.Variable([1.0, 2.0], trainable=False)\nwith tf.GradientTape() as t:\n"
     "    y = tf.reduce_sum(v * v)\nprint(t.gradient(y, v))", {}),
    ("v = tf.Variable([1, 2])\nwith tf.GradientTape() as t:\n    y = v * v\n"
     "print(t.gradient(y, v))",
     {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape() as t:\n    with t.stop_recording():\n"
     "        y = v * v\n    z = tf.reduce_sum(y * v)\nt.gradient(z, v)", {}),
    ("v = tf.Variable([1.0, 2.0])\ny = v * v\nwith tf.GradientTape() as t:\n    z = y * 2\n"
     "print(t.gradient(z, v))", {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape(persistent=True) as t:\n    y = v * v\n"
     "t.jacobian(y, v), t.gradient(y, v), t.gradient(tf.reduce_sum(y), v)", {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape() as t:\n    y = v * v\n"
     "t.gradient(y, v)\nt.gradient(y, v)", {}),
    ("v = tf.Variable([1.0, 2.0])\nw = tf.Variable(3.0)\n"
     "with tf.GradientTape(persistent=True) as t:\n"
     "    y = tf.reduce_sum(v * w)\nt.gradient(y, [v, w]), t.gradient(y, (w,))", {}),
    ("v = tf.Variable([1.0, 2.0])\nw = tf.Variable(3.0)\nwith tf.GradientTape() as t:\n"
     "    y = tf.reduce_sum(v * w)\nt.gradient(y, {'a': v, 'b': w})", {}),
    ("v = tf.Variable([1.0, 2.0])\nw = tf.Variable([5.0, 6.0])\n"
     "with tf.GradientTape(persistent=True) as t:\n    y = tf.reduce_sum(v * v)\n"
     "t.gradient(y, [v, w]), t.gradient(y, [v, w], unconnected_gradients='zero'), "
     "t.gradient(y, w, unconnected_gradients=tf.UnconnectedGradients.ZERO)", {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape() as t:\n    y = v * v\n"
     "t.gradient(y, v, output_gradients=tf.constant([1.0, 3.0]))", {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape() as t:\n    y = v * v\n"
     "t.gradient([y, 2 * y], v)", {}),
    ("v = tf.Variable([0.0, 1.0, 2.0, 3.0])\nwith tf.GradientTape() as t:\n    y = v * v\n"
     "t.gradient(y, v, output_gradients=tf.ones(3))", {}),
    ("v = tf.Variable([1.0, 2.0])\nw = tf.Variable(1.0, trainable=False)\n"
     "with tf.GradientTape() as t:\n    y = v * w\nt.watched_variables()", {}),
    ("v = tf.Variable([1.0, 2.0])\nwith tf.GradientTape() as t:\n    y = v * 2\n"
     "g = t.gradient(y, v)\ny, g", {}),
]

MXNET = [
    # ----- creation, default dtypes, reprs -----
    ("import numpy as onp\nnp.array([1.0, 2.0, 3.0])", {}),
    ("np.array([[1, 2], [3, 4]])", {}),
    ("np.array([[1.0, 2.0], [3.0, 4.0]], dtype='float64'), np.array([1, 2], dtype='int32'), "
     "np.array([[1, 2], [3, 4]], dtype='int64')", {}),
    ("np.array(3.5), np.array(3), np.array(True), np.array([True, False]), "
     "np.array(3, dtype='int32')", {}),
    ("np.array(onp.arange(3.0)), np.array(onp.arange(3)), np.array(onp.ones(2, dtype=onp.int32))",
     {}),
    ("np.arange(4), np.arange(4.0), np.arange(0, 1, 0.25), np.arange(2, 8, 2)", {}),
    ("np.arange(12).reshape(3, 4)", {}),
    ("np.zeros((2, 3)), np.ones(3), np.zeros(2, dtype='int32'), "
     "np.zeros_like(np.array([1, 2], dtype='int32')), np.ones_like(np.arange(3)), "
     "np.ones_like(np.ones(2, dtype='float64'))", {}),
    ("np.array([1 / 3, 2 / 3]), np.array([123456.0, 0.5]), np.array([1e-5, 1.0]), "
     "np.array([1 / 3, 2 / 3], dtype='float64'), np.array(1 / 3)", {}),
    ("print(np.array([[1.0, 2.0], [3.0, 4.0]]))\nstr(np.array([1.0, 2.0])), str(np.array(3.5))",
     {}),
    ("a = np.ones((2, 3))\nnp.array([1, 2]).dtype, np.arange(4).dtype, "
     "np.array(onp.arange(3)).dtype, (a == 1).dtype, a.shape, a.size, a.ndim, np.array(2.0).shape",
     {}),
    # ----- arithmetic and promotion -----
    ("x = np.arange(4.0)\ny = np.array([2.0, 1.0, 4.0, 3.0])\n"
     "x + y, x - y, x * y, x / y, x ** y, -x",
     {}),
    ("x = np.arange(4.0)\nx + 1, 2 - x, x * 0.5, 1 / (x + 1), x ** 2, 2 ** x", {}),
    ("np.arange(3).reshape(3, 1) + np.arange(2).reshape(1, 2)", {}),
    ("a = np.array([[1, 2]], dtype='int32')\nb = np.array([[1], [2]], dtype='int32')\na * b, a + b",
     {}),
    ("np.array([1, 2], dtype='int32') + np.array([0.5, 0.25])", {}),
    ("np.array([1, 2], dtype='int64') + np.array([0.5, 0.25], dtype='float32')", {}),
    ("np.array([1, 2], dtype='int32') + 1.5, np.array([1, 2], dtype='int64') * 2.5, "
     "1.5 - np.array([1, 2], dtype='int32'), np.array([1, 2], dtype='int32') * 3, "
     "-np.array([1, 2], dtype='int32')", {}),
    ("np.ones(2) + np.ones(2, dtype='float64'), np.ones(2) + np.array(1.5, dtype='float64')", {}),
    ("np.array([1, 2], dtype='int32') + np.array([1, 2], dtype='int64')", {}),
    ("q = np.array([1, 2], dtype='int32') / np.array([2, 2], dtype='int32')\n"
     "q, q.dtype, np.array([3, 4], dtype='int32') / 2", {}),
    ("np.array([1, 4], dtype='int32') ** 2, np.array([1, 4], dtype='int32') ** 0.5", {}),
    ("np.ones(2) + onp.ones(2)", {}),
    ("onp.ones(2) + np.ones(2)", {}),
    ("np.ones((2, 3)) + np.ones((3, 2))", {}),
    # ----- elementwise functions, reductions, shapes -----
    ("np.exp(np.array([0.0, 1.0, 2.0])), np.log(np.array([1.0, 2.0, 10.0])), "
     "np.exp(np.array([0.0, 1.0], dtype='float64'))", APPROX),
    ("np.exp(np.array([1, 2], dtype='int32'))", {}),
    ("np.exp(np.array([0.0])), np.log(np.ones(2, dtype='float64'))", {}),
    ("np.arange(2.0).exp()", {}),
    ("A = np.arange(6.0).reshape(2, 3)\nA.sum(), A.sum(axis=0), np.sum(A, axis=1), "
     "A.sum(axis=1, keepdims=True), A.mean(), A.mean(axis=0), np.mean(A, axis=1)", {}),
    ("B = np.array([1, 2], dtype='int32')\n"
     "B.sum(), B.mean(), np.array([1, 2], dtype='int64').sum()",
     {}),
    ("np.arange(6).reshape(3, 2), np.arange(6).reshape((2, -1)), np.reshape(np.arange(4), (2, 2))",
     {}),
    ("np.arange(6).reshape(4, 2)", {}),
    ("A = np.arange(6.0).reshape(2, 3)\nA.T, np.transpose(A), A.transpose(), A.T.shape", {}),
    ("A = np.arange(6.0).reshape(2, 3)\nA @ np.ones(3), A @ A.T, np.matmul(A, A.T), "
     "np.dot(A, np.ones(3))", {}),
    ("np.dot(np.arange(3.0), np.ones(3)), np.ones(3) @ np.arange(3.0)", {}),
    ("np.dot(np.array([1, 2], dtype='int32'), np.ones(2))", {}),
    ("np.ones((2, 3)) @ np.ones((2, 3))", {}),
    ("x = np.arange(4.0)\ny = np.array([2.0, 1.0, 4.0, 3.0])\nx == y, x < y, x >= 2, x != 1", {}),
    ("np.ones(2) == np.ones(3)", {}),
    ("A = np.arange(6.0).reshape(2, 3)\nA[1], A[-1], A[0, 2], A[:, 1], A[0:1], A[1, 1:]", {}),
    # ----- host conversion -----
    ("float(np.array(3.5)), int(np.array(3.7)), np.array(2.5).item(), np.array([7.0]).item(), "
     "float(np.array([[2.5]])), bool(np.array(0.0)), bool(np.array([1.0])), "
     "len(np.zeros((3, 2))), len(np.array([1, 2]))", {}),
    ("np.arange(2).item()", {}),
    ("float(np.ones(2))", {}),
    ("bool(np.ones(2))", {}),
    ("np.arange(3).asnumpy(), np.array([1, 2], dtype='int64').asnumpy(), np.array(2.0).asnumpy(),"
     " np.arange(3).tolist(), np.array(2.5).tolist()", {}),
    ("len(np.array(1.0))", {}),
    # ----- autograd -----
    ("print(np.ones(2).grad)\nx = np.arange(3.0)\nx.attach_grad()\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad(grad_req='add')\nwith autograd.record():\n    y = x * x\n"
     "y.backward(retain_graph=True)\ny.backward()\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "y.backward(retain_graph=True)\ny.backward()\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad(grad_req='add')\nwith autograd.record():\n    y = x * x\n"
     "y.backward()\nx.attach_grad()\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad(grad_req='null')\nwith autograd.record():\n    y = x * 2\n"
     "y.backward()", {}),
    ("x = np.arange(4.0)\nx.attach_grad(grad_req='null')\nw = np.ones(4)\nw.attach_grad()\n"
     "with autograd.record():\n    y = x * w\ny.backward()\nx.grad, w.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\ny = 2 * np.dot(x, x)\ny.backward()", {}),
    ("x = np.arange(4.0)\nwith autograd.record():\n    y = x * 2\ny.backward()", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nw = np.ones(4)\nw.attach_grad()\nw.grad[:] = 7\n"
     "with autograd.record():\n    y = (x * 2).sum()\ny.backward()\nx.grad, w.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    with autograd.pause():\n"
     "        u = x * x\n    z = u * x\nz.backward()\nx.grad", {}),
    ("outside = (autograd.is_recording(), autograd.is_training())\nwith autograd.record():\n"
     "    rec = (autograd.is_recording(), autograd.is_training())\n    with autograd.pause():\n"
     "        paused = (autograd.is_recording(), autograd.is_training())\n"
     "with autograd.train_mode():\n    train = (autograd.is_recording(), autograd.is_training())\n"
     "with autograd.record(train_mode=False):\n"
     "    rec_pred = (autograd.is_recording(), autograd.is_training())\n"
     "    with autograd.pause(train_mode=True):\n"
     "        paused_train = (autograd.is_recording(), autograd.is_training())\n"
     "with autograd.record():\n    with autograd.predict_mode():\n"
     "        rec_predict = (autograd.is_recording(), autograd.is_training())\n"
     "outside, rec, paused, train, rec_pred, paused_train, rec_predict", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nw = np.ones(4)\nw.attach_grad()\n"
     "with autograd.record():\n    y = (x * x).sum()\nautograd.grad(y, [x, w])", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = (x * x).sum()\n"
     "g = autograd.grad(y, [x])\ng, x.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "y.backward(np.array([1.0, 0.0, 0.0, 2.0]))\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "autograd.backward([y], [np.array([2.0, 2.0, 2.0, 2.0])])\nx.grad", {}),
    ("x = np.array([0, 1, 2, 3], dtype='int32')\nx.attach_grad()\nwith autograd.record():\n"
     "    y = x * x\ny.backward()\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * 2\n"
     "    y.backward()\n"
     "    inside = x.grad\ninside", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "with autograd.record():\n    z = (y * 2).sum()\nz.backward()\nx.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * 2\n    x += 1", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "y.backward()\nx[:] = 10\nx, x.grad", {}),
    ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = x * x\n"
     "    u = y.detach()\n"
     "u, u.grad", {}),
]

CELLS = {"mxnet": MXNET, "tensorflow": TENSORFLOW, "torch": TORCH}


@pytest.mark.conformance
@pytest.mark.parametrize("dialect", sorted(CELLS))
def test_basics_match_framework(dialect):
    check_conformance(CELLS[dialect], dialect)
