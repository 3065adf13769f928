"""The gradient chapter, cell by cell, in each framework's idiom: what `python -m xint tour` shows
and what the conformance tests run on xint and on the real frameworks.

Each cell is (source, options). Options: "approx" compares values with a tolerance instead of the
exact repr text; "deviation" names a documented difference from the real framework.
"""

PRELUDES = {
    ("xint", "mxnet"): "from xint import utils\nfrom xint import mxnet as xint\n"
                       "np = xint.np\nnpx = xint.npx\nautograd = xint.autograd\n"
                       "gluon = xint.gluon\ninit = xint.init",
    ("xint", "tensorflow"): "from xint import utils\nfrom xint import tensorflow as xint\n"
                            "np = xint.np\ntf = xint.tf",
    ("xint", "torch"): "from xint import utils\nfrom xint import torch as xint\n"
                       "np = xint.np\ntorch = xint.torch",
    ("framework", "mxnet"): "from mxnet import np, npx, autograd, gluon, init\nnpx.set_np()",
    ("framework", "tensorflow"): "import tensorflow as tf\nimport tensorflow.experimental.numpy as np\n"
                                 "np.experimental_enable_numpy_behavior()",
    ("framework", "torch"): "import torch\nnp = torch",
}

FLOAT_OF_MATRIX = ("TensorFlow 2.21 on NumPy 2.x raises TypeError for float() of a (1, 1) tensor; "
                   "D2L's chapter (and TF on NumPy 1.x) prints 28.0, which xint follows")

# The chapter as steps: one cell per dialect (None where a framework has no such step), so the
# tour can show the three idioms side by side.
STEPS = [
    ("make x", {
        "mxnet": ("x = np.arange(4.0).reshape(4, 1)\nx", {}),
        "tensorflow": ("x = np.arange(4.0).reshape(4, 1)\nx", {}),
        "torch": ("x = np.arange(4.0).reshape(4, 1)\nx", {})}),
    ("a place for the gradient", {
        "mxnet": ("x.attach_grad()\nx.grad", {}),
        "tensorflow": ("x = tf.Variable(x)\nx", {}),
        "torch": ("x.requires_grad_(True)\nx.grad", {})}),
    ("y = 2xᵀx, recorded", {
        "mxnet": ("with autograd.record():\n    y = 2 * x.T @ x\ny", {}),
        "tensorflow": ("with tf.GradientTape() as t:\n    y = 2 * tf.transpose(x) @ x\ny", {}),
        "torch": ("y = 2 * x.T @ x\ny", {})}),
    ("float(y)", {
        "mxnet": ("float(y)", {}),
        "tensorflow": ("float(y)", {"deviation": FLOAT_OF_MATRIX}),
        "torch": ("float(y)", {})}),
    ("backward: ∇ = 4x", {
        "mxnet": ("y.backward()\nx.grad", {}),
        "tensorflow": ("x_grad = t.gradient(y, x)\nx_grad", {}),
        "torch": ("y.backward()\nx.grad", {})}),
    ("check", {
        "mxnet": ("x.grad == 4 * x", {}),
        "tensorflow": ("x_grad == 4 * x", {}),
        "torch": ("x.grad == 4 * x", {})}),
    ("the same graph again", {
        "mxnet": ("y.backward()", {}),
        "tensorflow": ("t.gradient(y, x)", {}),
        "torch": ("y.backward()", {})}),
    ("y = sum(x): overwritten or accumulated", {
        "mxnet": ("with autograd.record():\n    y = x.sum()\ny.backward()\nx.grad", {}),
        "tensorflow": ("with tf.GradientTape() as t:\n    y = tf.reduce_sum(x)\nt.gradient(y, x)", {}),
        "torch": ("x.grad.zero_()\ny = x.sum()\ny.backward()\nx.grad", {})}),
    ("sum's backward once more", {
        "torch": ("y.backward()\nx.grad", {})}),
    ("non-scalar y = x * x", {
        "mxnet": ("with autograd.record():\n    y = x * x\ny.backward()\nx.grad", {}),
        "tensorflow": ("with tf.GradientTape() as t:\n    y = x * x\nt.gradient(y, x)", {}),
        "torch": ("x.grad.zero_()\ny = x * x\ny.backward()", {})}),
    ("torch: sum first, or give the head gradient", {
        "torch": ("y.sum().backward()\nx.grad", {})}),
    ("", {
        "torch": ("x.grad.zero_()\ny = x * x\ny.backward(torch.ones_like(y))\nx.grad", {})}),
    ("detach: u is a constant", {
        "mxnet": ("with autograd.record():\n    y = x * x\n    u = y.detach()\n    z = u * x\n"
                  "z.backward()\nx.grad == u", {}),
        "tensorflow": ("with tf.GradientTape(persistent=True) as t:\n    y = x * x\n"
                       "    u = tf.stop_gradient(y)\n    z = u * x\nx_grad = t.gradient(z, x)\n"
                       "x_grad == u", {}),
        "torch": ("x.grad.zero_()\ny = x * x\nu = y.detach()\nz = u * x\nz.sum().backward()\n"
                  "x.grad == u", {})}),
    ("y's own graph is still there", {
        "mxnet": ("y.backward()\nx.grad == 2 * x", {}),
        "tensorflow": ("t.gradient(y, x) == 2 * x", {}),
        "torch": ("x.grad.zero_()\ny.sum().backward()\nx.grad == 2 * x", {})}),
    ("more of each framework's ways", {
        "mxnet": ("x = np.arange(4.0)\nx.attach_grad()\nwith autograd.record():\n"
                  "    y = 2 * np.dot(x, x)\ny.backward()\nx.grad", {}),
        "tensorflow": ("print(y)", {}),
        "torch": ("(x * 2).grad_fn.name(), x.sum().grad_fn.name(), x.T.grad_fn.name(), "
                  "(x * x).sum().grad_fn.name()", {})}),
    ("", {
        "mxnet": ("x.attach_grad(grad_req='add')\nfor _ in range(2):\n    with autograd.record():\n"
                  "        y = x.sum()\n    y.backward()\nx.grad", {}),
        "tensorflow": ("tf.GradientTape().gradient(y, x)", {}),
        "torch": ("torch.tensor([1 / 3, 2 / 3]), torch.tensor([1.5, 2.25, 1e-5]), torch.tensor(3)",
                  {})}),
]

# Each dialect's cells in order: what the conformance tests run.
CHAPTER = {d: [cells[d] for _title, cells in STEPS if d in cells]
           for d in ("mxnet", "tensorflow", "torch")}
