"""tf.keras models against the real tf.keras (Keras 3.15): Sequential and subclassed Models
(names, reprs, nesting, weight paths, summary), compile/fit/evaluate/predict return values,
callbacks and History, save_weights/load_weights round trips and their errors."""
import xint.tensorflow.keras  # noqa: F401
from xint.testing import check_conformance

APPROX = {"approx": True}
RESET = "import numpy as onp\ntf.keras.backend.clear_session()\nL = tf.keras.layers\n"

MLP = """
class MLP(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = L.Dense(units=4, activation=tf.nn.relu, kernel_initializer='ones')
        self.out = L.Dense(units=2, kernel_initializer=tf.keras.initializers.Constant(0.5))
    def call(self, X):
        return self.out(self.hidden(X))
"""

CELLS = [
    (RESET + MLP + "net = MLP()\nprint(repr(net), net.name, net.built, net.weights)\n"
     "y = net(onp.ones((2, 3), dtype=onp.float32))\n"
     "repr(net), [w.path for w in net.weights], y, [l.name for l in net.layers]", {}),
    (RESET + "class FixedHiddenMLP(tf.keras.Model):\n    def __init__(self):\n"
     "        super().__init__()\n        self.flatten = L.Flatten()\n"
     "        self.rand_weight = tf.constant(onp.full((4, 4), 0.1, dtype=onp.float32))\n"
     "        self.dense = L.Dense(4, activation=tf.nn.relu, kernel_initializer='ones')\n"
     "    def call(self, inputs):\n        X = self.flatten(inputs)\n"
     "        X = tf.nn.relu(tf.matmul(X, self.rand_weight) + 1)\n        X = self.dense(X)\n"
     "        return tf.reduce_sum(X)\n"
     "class NestMLP(tf.keras.Model):\n    def __init__(self):\n        super().__init__()\n"
     "        self.net = tf.keras.Sequential()\n"
     "        self.net.add(L.Dense(4, activation=tf.nn.relu, kernel_initializer='ones'))\n"
     "        self.dense = L.Dense(4, activation=tf.nn.relu, kernel_initializer='ones')\n"
     "    def call(self, inputs):\n        return self.dense(self.net(inputs))\n"
     "chimera = tf.keras.Sequential()\nchimera.add(NestMLP())\n"
     "chimera.add(L.Dense(4, kernel_initializer='ones'))\nchimera.add(FixedHiddenMLP())\n"
     "y = chimera(onp.ones((2, 4), dtype=onp.float32) * 0.1)\n"
     "print([w.path for w in chimera.weights])\nprint([l.name for l in chimera.layers])\n"
     "print(repr(chimera.layers[0]))\ny", {}),
    (RESET + "net = tf.keras.Sequential([L.Flatten(input_shape=(2, 2)), L.Dense(3)])\n"
     "print(repr(net))\nnet.summary()\nlen(net.layers), [w.shape for w in net.weights]",
     {"warns": True}),
    (RESET + "net = tf.keras.Sequential(name='net')\nnet.add(L.Dense(3, name='d1'))\n"
     "net.add(L.Dense(1, name='out'))\nnet.build(input_shape=(None, 4))\nnet.summary()\n"
     "[w.path for w in net.weights], net.get_layer('out').name if hasattr(net, 'get_layer') "
     "else 'out'", {}),
    # ----- compile / fit / evaluate / predict -----
    (RESET + "X = onp.linspace(-1, 1, 40, dtype=onp.float32).reshape(20, 2)\n"
     "y = (X.sum(1) > 0).astype(onp.int64)\n"
     "net = tf.keras.Sequential([L.Dense(2, kernel_initializer='ones')])\n"
     "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1), loss="
     "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])\n"
     "h = net.fit(X, y, epochs=2, batch_size=5, shuffle=False, verbose=0)\n"
     "r1 = net.evaluate(X, y, verbose=0)\nr2 = net.evaluate(X, y, verbose=0, return_dict=True)\n"
     "p = net.predict(X, verbose=0)\n"
     "print(type(h).__name__, sorted(h.history), h.epoch, type(r1).__name__, len(r1), sorted(r2),"
     " type(p).__name__, p.shape, p.dtype)\n"
     "onp.array(h.history['loss'] + h.history['accuracy'] + r1), p", APPROX),
    (RESET + "net = tf.keras.Sequential([L.Dense(1)])\n"
     "net.fit(onp.ones((4, 2)), onp.ones((4, 1)), verbose=0)", {}),
    (RESET + "X = onp.linspace(-1, 1, 20, dtype=onp.float32).reshape(10, 2)\n"
     "net = tf.keras.Sequential([L.Dense(1, kernel_initializer='ones')])\n"
     "net.compile(optimizer='sgd', loss='mse')\n"
     "r = net.evaluate(X, X[:, :1], verbose=0)\ntype(r).__name__, r", {}),
    (RESET + "X = onp.linspace(-1, 1, 24, dtype=onp.float32).reshape(12, 2)\n"
     "y = X[:, :1] * 2\nnet = tf.keras.Sequential([L.Dense(1, kernel_initializer='zeros')])\n"
     "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1), loss='mse')\n"
     "class Log(tf.keras.callbacks.Callback):\n"
     "    def __init__(self):\n        super().__init__()\n        self.out = []\n"
     "    def on_train_begin(self, logs=None):\n        self.out.append('train_begin')\n"
     "    def on_epoch_end(self, epoch, logs=None):\n"
     "        self.out.append((epoch, sorted(logs), type(logs['loss']).__name__, "
     "self.model is net))\n"
     "    def on_train_end(self, logs=None):\n        self.out.append('train_end')\n"
     "cb = Log()\nnet.fit(X, y, epochs=2, batch_size=4, shuffle=False, verbose=0, callbacks=[cb])\n"
     "cb.out", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(3), L.Dense(1)])\n"
     "net.compile(optimizer='sgd', loss='mse')\n"
     "r = net.evaluate(onp.ones((20, 2)), onp.ones((20, 1)), verbose=0)\nnet.summary()\n"
     "net.predict(onp.ones((3, 2)), verbose=0).shape", {}),
    # ----- weights on disk -----
    (RESET + "import os, tempfile\nd = tempfile.mkdtemp()\n"
     "X = onp.linspace(-1, 1, 8, dtype=onp.float32).reshape(2, 4)\n"
     "net = tf.keras.Sequential([L.Dense(3, activation='relu'), L.Dense(1)])\ny = net(X)\n"
     "net.save_weights(os.path.join(d, 'mlp.weights.h5'))\n"
     "clone = tf.keras.Sequential([L.Dense(3, activation='relu'), L.Dense(1)])\nclone(X)\n"
     "clone.load_weights(os.path.join(d, 'mlp.weights.h5'))\n"
     "bool((clone(X).numpy() == y.numpy()).all()), "
     "all((a == b).all() for a, b in zip(net.get_weights(), clone.get_weights()))", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(1)])\nnet(onp.ones((1, 2)))\n"
     "net.save_weights('mlp.params')", {}),
]


def test_tf_keras_models_conform():
    check_conformance(CELLS, "tensorflow")
