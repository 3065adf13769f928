"""The gradient chapter, cell by cell, in each framework's idiom: what `python -m xint tour` shows
and what the conformance tests run on xint and on the real frameworks.

Each cell is (source, options). Options: "approx" compares values with a tolerance instead of the
exact repr text; "deviation" names a documented difference from the real framework.
"""

PRELUDES = {
    ("xint", "mxnet"): "from xint import utils\nfrom xint import mxnet as xint\n"
                       "np = xint.np\nnpx = xint.npx\nautograd = xint.autograd",
    ("xint", "tensorflow"): "from xint import utils\nfrom xint import tensorflow as xint\n"
                            "np = xint.np\ntf = xint.tf",
    ("xint", "torch"): "from xint import utils\nfrom xint import torch as xint\n"
                       "np = xint.np\ntorch = xint.torch",
    ("framework", "mxnet"): "from mxnet import np, npx, autograd\nnpx.set_np()",
    ("framework", "tensorflow"): "import tensorflow as tf\nimport tensorflow.experimental.numpy as np\n"
                                 "np.experimental_enable_numpy_behavior()",
    ("framework", "torch"): "import torch\nnp = torch",
}

FLOAT_OF_MATRIX = ("TensorFlow 2.21 on NumPy 2.x raises TypeError for float() of a (1, 1) tensor; "
                   "D2L's chapter (and TF on NumPy 1.x) prints 28.0, which xint follows")

CHAPTER = {
    "mxnet": [
        ("x = np.arange(4.0).reshape(4, 1)\nx", {}),
        ("x.attach_grad()\nx.grad", {}),
        ("with autograd.record():\n    y = 2 * x.T @ x\ny", {}),
        ("float(y)", {}),
        ("y.backward()\nx.grad", {}),
        ("x.grad == 4 * x", {}),
        ("y.backward()", {}),
        ("with autograd.record():\n    y = x.sum()\ny.backward()\nx.grad", {}),
        ("with autograd.record():\n    y = x * x\ny.backward()\nx.grad", {}),
        ("with autograd.record():\n    y = x * x\n    u = y.detach()\n    z = u * x\n"
         "z.backward()\nx.grad == u", {}),
        ("y.backward()\nx.grad == 2 * x", {}),
        ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n    y = 2 * np.dot(x, x)\n"
         "y.backward()\nx.grad", {}),
        ("x.attach_grad(grad_req='add')\nfor _ in range(2):\n    with autograd.record():\n"
         "        y = x.sum()\n    y.backward()\nx.grad", {}),
    ],
    "tensorflow": [
        ("x = np.arange(4.0).reshape(4, 1)\nx", {}),
        ("x = tf.Variable(x)\nx", {}),
        ("with tf.GradientTape() as t:\n    y = 2 * tf.transpose(x) @ x\ny", {}),
        ("float(y)", {"deviation": FLOAT_OF_MATRIX}),
        ("x_grad = t.gradient(y, x)\nx_grad", {}),
        ("t.gradient(y, x)", {}),
        ("x_grad == 4 * x", {}),
        ("with tf.GradientTape() as t:\n    y = tf.reduce_sum(x)\nt.gradient(y, x)", {}),
        ("with tf.GradientTape() as t:\n    y = x * x\nt.gradient(y, x)", {}),
        ("with tf.GradientTape(persistent=True) as t:\n    y = x * x\n    u = tf.stop_gradient(y)\n"
         "    z = u * x\nx_grad = t.gradient(z, x)\nx_grad == u", {}),
        ("t.gradient(y, x) == 2 * x", {}),
        ("print(y)", {}),
        ("tf.GradientTape().gradient(y, x)", {}),
    ],
    "torch": [
        ("x = np.arange(4.0).reshape(4, 1)\nx", {}),
        ("x.requires_grad_(True)\nx.grad", {}),
        ("y = 2 * x.T @ x\ny", {}),
        ("float(y)", {}),
        ("y.backward()\nx.grad", {}),
        ("x.grad == 4 * x", {}),
        ("y.backward()", {}),
        ("x.grad.zero_()\ny = x.sum()\ny.backward()\nx.grad", {}),
        ("y.backward()\nx.grad", {}),
        ("x.grad.zero_()\ny = x * x\ny.backward()", {}),
        ("y.sum().backward()\nx.grad", {}),
        ("x.grad.zero_()\ny = x * x\ny.backward(torch.ones_like(y))\nx.grad", {}),
        ("x.grad.zero_()\ny = x * x\nu = y.detach()\nz = u * x\nz.sum().backward()\nx.grad == u",
         {}),
        ("x.grad.zero_()\ny.sum().backward()\nx.grad == 2 * x", {}),
        ("(x * 2).grad_fn.name(), x.sum().grad_fn.name(), x.T.grad_fn.name(), "
         "(x * x).sum().grad_fn.name()", {}),
        ("torch.tensor([1 / 3, 2 / 3]), torch.tensor([1.5, 2.25, 1e-5]), torch.tensor(3)", {}),
    ],
}
