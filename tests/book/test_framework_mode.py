"""XINT_ENGINE=framework: each dialect binds np and its namespaces to the real framework, and the
same book helper code trains to the same losses there as on xint's engine."""
import json
import os
import subprocess
import sys
import textwrap

import numpy
import pytest

from xint.testing import require_framework

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")


def run(code, engine, timeout=300):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
               TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("XINT_ENGINE", None)
    if engine:
        env["XINT_ENGINE"] = engine
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=timeout)
    return proc


def run_json(code, engine):
    proc = run(code, engine)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---- bindings ------------------------------------------------------------------------------------
def test_torch_binds_real_torch_with_numpy_aliases():
    require_framework("torch")
    out = run_json("""
        import json, torch
        from xint import torch as xint
        print(json.dumps([xint.torch is torch, xint.nn is torch.nn,
                          type(xint.np.arange(3)) is torch.Tensor, xint.np.array is torch.tensor,
                          xint.np.concatenate is torch.cat, xint.tensor is torch.tensor,
                          xint.train_ch3.__module__ == 'xint.torch._book']))
    """, "framework")
    assert out == [True] * 7


def test_tensorflow_binds_real_tf_with_numpy_behaviour():
    require_framework("tensorflow")
    out = run_json("""
        import json, tensorflow as tf, tensorflow.experimental.numpy as tnp
        from xint import tensorflow as xint
        x = xint.tf.ones((2, 3))
        print(json.dumps([xint.tf is tf, xint.np is tnp, x.reshape((3, 2)).shape == (3, 2),
                          x.T.shape == (3, 2), callable(xint.load_data_fashion_mnist)]))
    """, "framework")
    assert out == [True] * 5


def test_mxnet_binds_real_mxnet_after_set_np():
    require_framework("mxnet")
    out = run_json("""
        import json, mxnet
        from mxnet import np, npx
        from xint import mxnet as xint
        print(json.dumps([xint.np is np, xint.npx is npx, npx.is_np_array(),
                          type(xint.np.arange(3)) is np.ndarray, xint.gluon is mxnet.gluon,
                          xint.MXNetError is mxnet.base.MXNetError]))
    """, "framework")
    assert out == [True] * 6


@pytest.mark.parametrize("dialect, package, hint", [
    ("torch", "torch", "XINT_ENGINE=framework needs PyTorch: pip install torch"),
    ("tensorflow", "tensorflow",
     "XINT_ENGINE=framework needs TensorFlow: pip install tensorflow"),
    ("mxnet", "mxnet", "XINT_ENGINE=framework needs MXNet: pip install mxnet"),
])
def test_missing_framework_names_the_package(dialect, package, hint):
    proc = run(f"""
        import sys
        sys.modules[{package!r}] = None          # as if it were not installed
        try:
            from xint import {dialect}
        except ImportError as e:
            print(repr(str(e)))
    """, "framework")
    assert proc.stdout.strip() == repr(hint), proc.stderr[-2000:]


def test_default_engine_is_xint():
    out = run_json("""
        import json
        from xint import torch as xint
        print(json.dumps(type(xint.np.arange(3)).__module__))
    """, None)
    assert out.startswith("xint.")


# ---- the same helper code gives the same losses on both engines ----------------------------------
DATA = """
import json, numpy
rng = numpy.random.default_rng(0)
Xr = rng.standard_normal((96, 2)).astype(numpy.float32)
yr = (Xr @ numpy.array([[2.0], [-3.4]], numpy.float32) + 4.2).astype(numpy.float32)
labels = (Xr[:, 0] > 0).astype(numpy.int64) + (Xr[:, 1] > 0.5)
W0 = (rng.standard_normal((2, 3)) * 0.1).astype(numpy.float32)
out = {}
"""

SCRIPTS = {
    "torch": DATA + """
from xint import torch as xint
torch, nn = xint.torch, xint.nn
X, y, Y = torch.tensor(Xr), torch.tensor(yr), torch.tensor(labels)
it = xint.load_array((X, y), 16, is_train=False)
w, b = torch.zeros((2, 1), requires_grad=True), torch.zeros(1, requires_grad=True)
out['linreg'] = [xint.train_epoch_ch3(lambda X: xint.linreg(X, w, b), it, xint.squared_loss,
                                      lambda n: xint.sgd([w, b], 0.03, n))[0] for _ in range(3)]
it = xint.load_array((X, Y), 16, is_train=False)
W, b = torch.tensor(W0, requires_grad=True), torch.zeros(3, requires_grad=True)
out['softmax'] = list(xint.train_ch3(lambda X: xint.softmax(torch.matmul(X, W) + b), it, it,
                                     xint.cross_entropy, 3, lambda n: xint.sgd([W, b], 0.1, n),
                                     verbose=False))
net = nn.Linear(2, 3)
with torch.no_grad():
    net.weight.copy_(torch.tensor(W0.T))
    net.bias.zero_()
out['concise'] = list(xint.train_ch3(net, it, it, nn.CrossEntropyLoss(reduction='none'), 3,
                                     torch.optim.SGD(net.parameters(), lr=0.1), verbose=False))
print(json.dumps(out))
""",
    "tensorflow": DATA + """
from xint import tensorflow as xint
tf = xint.tf
X, y, Y = tf.constant(Xr), tf.constant(yr), tf.constant(labels.astype(numpy.int32))
it = xint.load_array((X, y), 16, is_train=False)
w, b = tf.Variable(tf.zeros((2, 1))), tf.Variable(tf.zeros(1))
out['linreg'] = [xint.train_epoch_ch3(lambda X: xint.linreg(X, w, b), it, xint.squared_loss,
                                      xint.Updater([w, b], 0.03))[0] for _ in range(3)]
it = xint.load_array((X, Y), 16, is_train=False)
W, b = tf.Variable(W0), tf.Variable(tf.zeros(3))
out['softmax'] = list(xint.train_ch3(lambda X: xint.softmax(tf.matmul(X, W) + b), it, it,
                                     xint.cross_entropy, 3, xint.Updater([W, b], 0.1),
                                     verbose=False))
net = tf.keras.models.Sequential([tf.keras.layers.Dense(3)])
net(X[:1])
net.layers[0].set_weights([W0, numpy.zeros(3, numpy.float32)])
loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
out['concise'] = list(xint.train_ch3(net, it, it, loss, 3,
                                     tf.keras.optimizers.SGD(learning_rate=0.1), verbose=False))
print(json.dumps(out))
""",
    "mxnet": DATA + """
from xint import mxnet as xint
np, autograd, gluon = xint.np, xint.autograd, xint.gluon
X, y, Y = np.array(Xr), np.array(yr), np.array(labels.astype(numpy.float32))
it = xint.load_array((X, y), 16, is_train=False)
w, b = np.zeros((2, 1)), np.zeros(1)
w.attach_grad(); b.attach_grad()
out['linreg'] = [xint.train_epoch_ch3(lambda X: xint.linreg(X, w, b), it, xint.squared_loss,
                                      lambda n: xint.sgd([w, b], 0.03, n))[0] for _ in range(3)]
it = xint.load_array((X, Y), 16, is_train=False)
W, b = np.array(W0), np.zeros(3)
W.attach_grad(); b.attach_grad()
out['softmax'] = list(xint.train_ch3(lambda X: xint.softmax(np.dot(X, W) + b), it, it,
                                     xint.cross_entropy, 3, lambda n: xint.sgd([W, b], 0.1, n),
                                     verbose=False))
net = gluon.nn.Dense(3)
net.initialize()
net(X[:1])
net.weight.set_data(np.array(W0.T))
net.bias.set_data(np.zeros(3))
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
out['concise'] = list(xint.train_ch3(net, it, it, gluon.loss.SoftmaxCrossEntropyLoss(), 3,
                                     trainer, verbose=False))
print(json.dumps(out))
""",
}


@pytest.mark.parametrize("dialect", ["torch", "tensorflow", "mxnet"])
def test_same_losses_on_xint_and_the_framework(dialect):
    require_framework(dialect)
    ours = run_json(SCRIPTS[dialect], None)
    theirs = run_json(SCRIPTS[dialect], "framework")
    assert ours.keys() == theirs.keys() == {"linreg", "softmax", "concise"}
    for key in ours:
        numpy.testing.assert_allclose(ours[key], theirs[key], rtol=1e-4, err_msg=key)
    assert ours["linreg"][-1] < ours["linreg"][0]            # it did train
    assert ours["softmax"][1] > 0.7 and ours["concise"][1] > 0.7
