"""tf.keras layers and Keras 3 Variables, cell by cell against the real tf.keras (Keras 3.15):
reprs, names and paths, shapes, layer outputs from fixed weights, and the errors Keras raises."""
import pytest

import xint.tensorflow.keras  # noqa: F401  (binds tf.keras on the dialect namespace)
from xint.testing import check_conformance

APPROX = {"approx": True}
RESET = "import numpy as onp\ntf.keras.backend.clear_session()\nL = tf.keras.layers\n"

CELLS = [
    # ----- names, reprs, building -----
    (RESET + "net = tf.keras.models.Sequential([L.Flatten(), L.Dense(8, activation='relu'), "
     "L.Dense(1)])\nprint(repr(net), net.layers[1].weights, net.layers[1].name)\n"
     "net(onp.ones((2, 4), dtype=onp.float32)).shape, repr(net)", {}),
    (RESET + "d = L.Dense(3)\nd2 = L.Dense(3)\nn = tf.keras.Sequential()\nn2 = tf.keras.Sequential("
     "name='mine')\nd.name, d2.name, repr(d2), n.name, n2.name, repr(n)", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2, kernel_initializer=tf.keras.initializers."
     "Constant(0.5), bias_initializer='ones')])\nnet(onp.ones((1, 3)))\nnet.weights", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2, kernel_initializer='zeros')])\n"
     "net.build(input_shape=(None, 3))\nv = net.layers[0].weights[0]\n"
     "type(v), v.name, v.path, v.shape, v.dtype, v.trainable, v.numpy()", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2, kernel_initializer='zeros')])\n"
     "net.build(input_shape=(None, 3))\nv = net.layers[0].weights[0]\n"
     "r = v.assign(onp.ones((3, 2), dtype=onp.float32))\nprint(type(r).__name__)\n"
     "v[0].assign(tf.constant([5.0, 6.0]))\nv.assign_add(onp.ones((3, 2), dtype=onp.float32))\n"
     "v.assign_sub(0.5 * onp.ones((3, 2), dtype=onp.float32))\nv", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2, kernel_initializer='ones')])\n"
     "net.build(input_shape=(None, 3))\nv = net.layers[0].weights[0]\n"
     "v + 1, v * 2.0, 1 - v, v[0], v[:, 1], v ** 2, -v, v @ onp.ones((2, 1), dtype=onp.float32)",
     {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2, kernel_initializer='ones')])\n"
     "net.build(input_shape=(None, 3))\n[w.shape for w in net.get_weights()], "
     "[type(w).__name__ for w in net.get_weights()], net.get_weights()[0].dtype", {}),
    # ----- errors -----
    (RESET + "L.Dense(3)(onp.zeros(4, dtype=onp.float32))", {}),
    (RESET + "d = L.Dense(3)\nd(onp.zeros((2, 4), dtype=onp.float32))\n"
     "d(onp.zeros((2, 5), dtype=onp.float32))", {}),
    (RESET + "L.Conv2D(2, 3)(onp.zeros((2, 3), dtype=onp.float32))", {}),
    (RESET + "L.Dense(3, foo=1)", {}),
    # Keras formats the allowed values from a set: their order follows PYTHONHASHSEED
    (RESET + "try:\n    L.Conv2D(2, 3, padding='full')\nexcept ValueError as e:\n"
     "    head, _, rest = str(e).partition('{')\n    allowed, _, tail = rest.partition('}')\n"
     "    print(head, sorted(allowed.split(', ')), tail)", {}),
    (RESET + "L.Dropout(1.5)", {}),
    (RESET + "L.MaxPool2D(2)(onp.zeros((2, 3, 3), dtype=onp.float32))", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2)])\nnet(onp.zeros((1, 2)))\n"
     "net.save_weights('mlp.params')", {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(2)])\nnet(onp.zeros((1, 2)))\n"
     "net.set_weights([onp.zeros((3, 2))])", {}),
    # ----- summary -----
    (RESET + "net = tf.keras.Sequential([L.Conv2D(6, 5, activation='sigmoid', padding='same'), "
     "L.AvgPool2D(2, 2), L.Conv2D(16, 5, activation='sigmoid'), L.MaxPool2D(pool_size=2, "
     "strides=2), L.Flatten(), L.Dense(120, activation='sigmoid'), L.BatchNormalization(), "
     "L.Dropout(0.5), L.Dense(10)])\nnet.build(input_shape=(None, 28, 28, 1))\nnet.summary()\n"
     "[w.path for w in net.weights], [w.path for w in net.non_trainable_weights], "
     "[w.shape for w in net.get_weights()]", {}),
    (RESET + "net = tf.keras.Sequential()\nnet.add(L.Dense(3))\nnet.summary()\nnet.weights", {}),
    (RESET + "net = tf.keras.Sequential([L.Flatten(), L.Dense(8, activation='relu'), L.Dense(1)])"
     "\nnet(onp.ones((2, 4)))\nnet.summary()", {}),
    # ----- layer outputs from fixed weights -----
    (RESET + "x = onp.arange(2 * 6 * 7 * 2, dtype=onp.float32).reshape(2, 6, 7, 2) / 50\n"
     "c = L.Conv2D(3, (2, 3), kernel_initializer=tf.keras.initializers.Constant(0.1), "
     "bias_initializer='ones', activation='sigmoid')\ny = c(x)\n"
     "print(c.kernel.shape, y.shape)\ny", APPROX),
    (RESET + "x = onp.cos(onp.arange(1 * 7 * 8 * 2, dtype=onp.float32)).reshape(1, 7, 8, 2)\n"
     "c = L.Conv2D(4, 3, strides=2, padding='same', kernel_initializer="
     "tf.keras.initializers.Constant(0.2))\nprint(c(x).shape)\nc(x)", APPROX),
    (RESET + "x = onp.cos(onp.arange(1 * 5 * 7 * 2, dtype=onp.float32)).reshape(1, 5, 7, 2)\n"
     "L.MaxPool2D(pool_size=3, strides=2, padding='same')(x), L.MaxPool2D(3, padding='valid', "
     "strides=2)(x), L.AvgPool2D(pool_size=3, strides=2, padding='same')(x), "
     "L.AveragePooling2D(2)(x)", APPROX),
    # gradients through stacked convolutions and poolings (xint keeps channel-major memory
    # behind the NHWC views)
    (RESET + "x = tf.constant(onp.cos(onp.arange(2 * 9 * 10 * 3, dtype=onp.float32))"
     ".reshape(2, 9, 10, 3))\nK = tf.keras.initializers\nnet = tf.keras.Sequential(["
     "L.Conv2D(4, 3, padding='same', activation='sigmoid', kernel_initializer=K.Constant(0.1)), "
     "L.AveragePooling2D(2), L.Conv2D(2, 2, kernel_initializer=K.Constant(-0.2), "
     "bias_initializer='ones'), L.AveragePooling2D(3, strides=1, padding='same'), L.Flatten(), "
     "L.Dense(1, kernel_initializer='ones')])\nwith tf.GradientTape() as t:\n    t.watch(x)\n"
     "    y = tf.reduce_sum(net(x) ** 2)\ngs = t.gradient(y, [x] + net.trainable_variables)\n"
     "print([tuple(g.shape) for g in gs])\ny, gs[0], gs[1], gs[2], gs[3]",
     # the first kernel's gradient sums 180 float32 products per entry, some cancelling: TF's
     # order and xint's differ by up to 7e-6 on entries of magnitude up to 1.3
     {"approx": True, "atol": 2e-5}),
    (RESET + "x = onp.arange(24, dtype=onp.float32).reshape(2, 3, 4)\n"
     "d = L.Dense(2, kernel_initializer='ones')\n"
     "print(L.Flatten()(x).shape, d(x).shape)\nd(x)", APPROX),
    (RESET + "d = L.Dropout(0.5)\nx = onp.ones(1000, dtype=onp.float32)\n"
     "(d(x).numpy() == 1).all(), sorted(set(d(x, training=True).numpy().tolist()))", {}),
    (RESET + "b = L.BatchNormalization()\nx = onp.cos(onp.arange(12, dtype=onp.float32))."
     "reshape(4, 3)\ny = b(x, training=True)\nprint([w.name for w in b.weights])\ny, b(x)", APPROX),
    (RESET + "b = L.BatchNormalization()\nx = onp.cos(onp.arange(12, dtype=onp.float32))."
     "reshape(4, 3)\ny = b(x, training=True)\n"
     "b.moving_mean.numpy(), b.moving_variance.numpy(), b(x)", APPROX),
    (RESET + "x = onp.array([[-1.0, 2.0]], dtype=onp.float32)\n"
     "L.ReLU()(x), L.Activation('sigmoid')(x), L.Activation('tanh')(x), "
     "L.Dense(2, activation='softmax', kernel_initializer='ones')(x)", APPROX),
    # ----- initializers -----
    (RESET + "I = tf.keras.initializers\nI.Constant(1)((2,)), I.Zeros()((2, 1)), I.Ones()((1,)), "
     "I.Constant(3.0)((2,), dtype='float32')", {}),
    (RESET + "I = tf.keras.initializers\ntf.random.set_seed(1)\n"
     "g = I.GlorotUniform()((40, 60)).numpy()\nr = I.RandomNormal(mean=1.0, stddev=0.01)("
     "(500,)).numpy()\nu = I.RandomUniform(-0.2, 0.2)((500,)).numpy()\n"
     "bool(abs(g).max() <= (6 / 100) ** 0.5), g.shape, g.dtype, bool(abs(r.mean() - 1) < 0.01), "
     "bool(abs(u).max() <= 0.2)", {}),
    (RESET + "class MyInit(tf.keras.initializers.Initializer):\n"
     "    def __call__(self, shape, dtype=None):\n"
     "        return tf.ones(shape, dtype=dtype) * 3\n"
     "net = tf.keras.Sequential([L.Dense(2, kernel_initializer=MyInit())])\n"
     "net(onp.ones((1, 2)))\nnet.layers[0].weights[0]", {}),
    # ----- custom layers and subclassed models -----
    (RESET + "class MyDense(tf.keras.Model):\n"
     "    def __init__(self, units):\n        super().__init__()\n        self.units = units\n"
     "    def build(self, X_shape):\n"
     "        self.weight = self.add_weight(name='weight', shape=[X_shape[-1], self.units], "
     "initializer=tf.keras.initializers.Constant(0.5))\n"
     "        self.bias = self.add_weight(name='bias', shape=[self.units], "
     "initializer=tf.keras.initializers.Zeros())\n"
     "    def call(self, X):\n        return tf.nn.relu(tf.matmul(X, self.weight) + self.bias)\n"
     "dense = MyDense(3)\ny = dense(tf.ones((2, 5)))\nprint(repr(dense), dense.name)\n"
     "dense.get_weights(), y", {}),
    (RESET + "class CenteredLayer(tf.keras.layers.Layer):\n    def __init__(self):\n"
     "        super().__init__()\n    def call(self, inputs):\n"
     "        return inputs - tf.reduce_mean(inputs)\nlayer = CenteredLayer()\n"
     "repr(layer), layer(tf.constant([1.0, 2, 3, 4, 5])), layer.weights", {}),
    (RESET + "class MLP(tf.keras.Model):\n    def __init__(self):\n        super().__init__()\n"
     "        self.flatten = L.Flatten()\n        self.hidden = L.Dense(units=4, "
     "activation=tf.nn.relu, kernel_initializer='ones', kernel_regularizer="
     "tf.keras.regularizers.l2(0.1))\n        self.out = L.Dense(units=2, "
     "kernel_initializer='ones')\n    def call(self, inputs):\n"
     "        return self.out(self.hidden(self.flatten(inputs)))\n"
     "m = MLP()\nprint(repr(m))\ny = m(tf.ones((2, 3)))\nprint(repr(m))\nm.summary()\n"
     "[w.path for w in m.weights], m.losses, y, len(m.layers), m.trainable_variables[0].shape",
     {}),
    (RESET + "net = tf.keras.Sequential([L.Dense(4, kernel_initializer='ones'), L.Dense(1)])\n"
     "net.build(input_shape=(None, 3))\nnet.layers[0].trainable = False\n"
     "len(net.trainable_weights), len(net.non_trainable_weights), len(net.weights)", {}),
    # ----- a layer's dtype: its weights' and its compute dtype (float inputs are cast) -----
    (RESET + "d = L.Dense(2, dtype='float64', kernel_initializer='ones', bias_initializer='ones')\n"
     "y = d(onp.array([[1.0, 2.0 + 2 ** -30]], dtype=onp.float64))\n"
     "d.dtype, d.kernel.dtype, d.bias.dtype, y.dtype, y.numpy().tolist()", {}),
    (RESET + "c = L.Conv2D(1, 1, dtype=tf.float64, kernel_initializer='ones')\n"
     "y = c(onp.ones((1, 2, 2, 1), dtype=onp.float32))\nc.dtype, y.dtype, c.kernel.dtype", {}),
    (RESET + "n = tf.keras.Sequential([L.Dense(1, dtype='float64', kernel_initializer='ones')])\n"
     "n(onp.ones((1, 3), dtype=onp.float32)).dtype, L.Dense(1).dtype", {}),
]


def test_tf_keras_layers_conform():
    check_conformance(CELLS, "tensorflow")
