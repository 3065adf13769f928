"""Training parity with the real tf.keras: from the same initial weights (set_weights of seeded
NumPy arrays) and the same synthetic data, linear regression, softmax regression, an MLP, LeNet,
BatchNormalization and a callback run 3 epochs with model.fit or a GradientTape loop; the losses,
metrics and final weights must match real TF's to rtol 1e-4 (float32)."""
import xint.tensorflow.keras  # noqa: F401
from xint.testing import check_conformance

APPROX = {"approx": True}
RTOL = 1e-4

SETUP = """
import numpy as onp
tf.keras.backend.clear_session()
L = tf.keras.layers
rng = onp.random.default_rng(0)
def init_like(net, scale=0.1):
    r = onp.random.default_rng(1)
    net.set_weights([(r.standard_normal(w.shape) * scale).astype(onp.float32)
                     for w in net.get_weights()])
"""

LINREG = SETUP + """
X = rng.standard_normal((200, 2)).astype(onp.float32)
y = (X @ onp.array([[2.0], [-3.4]], dtype=onp.float32) + 4.2
     + 0.01 * rng.standard_normal((200, 1)).astype(onp.float32))
net = tf.keras.Sequential([L.Dense(1)])
net.build(input_shape=(None, 2))
init_like(net)
"""

CELLS = [
    # linear regression with fit (SGD 0.03, MSE)
    (LINREG + "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.03), "
     "loss=tf.keras.losses.MeanSquaredError())\n"
     "h = net.fit(X, y, batch_size=10, epochs=3, shuffle=False, verbose=0)\n"
     "onp.array(h.history['loss']), net.get_weights()[0], net.get_weights()[1]", APPROX),
    (LINREG + "net.compile(optimizer='sgd', loss='mse')\n"
     "h = net.fit(X, y, batch_size=20, epochs=2, shuffle=False, verbose=0)\n"
     "print(sorted(h.history), h.epoch)\n"
     "onp.array(h.history['loss']), net.evaluate(X, y, verbose=0), net.predict(X[:5], verbose=0)",
     APPROX),
    # the same with D2L's GradientTape loop
    (LINREG + "loss = tf.keras.losses.MeanSquaredError()\n"
     "trainer = tf.keras.optimizers.SGD(learning_rate=0.03)\nout = []\n"
     "for epoch in range(3):\n"
     "    for i in range(0, 200, 10):\n"
     "        with tf.GradientTape() as tape:\n"
     "            l = loss(net(X[i:i + 10], training=True), y[i:i + 10])\n"
     "        grads = tape.gradient(l, net.trainable_variables)\n"
     "        trainer.apply_gradients(zip(grads, net.trainable_variables))\n"
     "    out.append(loss(net(X), y).numpy())\n"
     "print([type(g).__name__ for g in grads])\n"
     "onp.array(out), net.get_weights()[0]", APPROX),
    # softmax regression
    (SETUP + "X = rng.standard_normal((120, 4, 4)).astype(onp.float32)\n"
     "y = rng.integers(0, 10, 120)\n"
     "net = tf.keras.Sequential([L.Flatten(), L.Dense(10)])\n"
     "net.build(input_shape=(None, 4, 4))\ninit_like(net)\n"
     "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1), loss="
     "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])\n"
     "h = net.fit(X, y, batch_size=32, epochs=3, shuffle=False, verbose=0)\n"
     "onp.array(h.history['loss']), onp.array(h.history['accuracy']), "
     "onp.array(net.evaluate(X, y, verbose=0)), net.get_weights()[1]", APPROX),
    # MLP with an l2 weight penalty, validation data
    (SETUP + "X = rng.standard_normal((96, 8)).astype(onp.float32)\n"
     "y = rng.integers(0, 3, 96)\n"
     "net = tf.keras.Sequential([L.Dense(16, activation='relu', kernel_regularizer="
     "tf.keras.regularizers.l2(0.01)), L.Dense(3)])\n"
     "net.build(input_shape=(None, 8))\ninit_like(net, 0.3)\n"
     "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1), loss="
     "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])\n"
     "h = net.fit(X, y, batch_size=16, epochs=3, shuffle=False, verbose=0, "
     "validation_data=(X[:32], y[:32]))\nprint(sorted(h.history))\n"
     "onp.array(h.history['loss']), onp.array(h.history['val_loss']), "
     "onp.array(h.history['val_accuracy']), net.get_weights()[2]", APPROX),
    # LeNet (sigmoid, average pooling) as D2L builds it, with a callback
    (SETUP + "X = rng.standard_normal((24, 28, 28, 1)).astype(onp.float32)\n"
     "y = rng.integers(0, 10, 24)\n"
     "net = tf.keras.models.Sequential([\n"
     "    L.Conv2D(filters=6, kernel_size=5, activation='sigmoid', padding='same'),\n"
     "    L.AvgPool2D(pool_size=2, strides=2),\n"
     "    L.Conv2D(filters=16, kernel_size=5, activation='sigmoid'),\n"
     "    L.AvgPool2D(pool_size=2, strides=2), L.Flatten(),\n"
     "    L.Dense(120, activation='sigmoid'), L.Dense(84, activation='sigmoid'), L.Dense(10)])\n"
     "net.build(input_shape=(None, 28, 28, 1))\ninit_like(net, 0.2)\n"
     "class CB(tf.keras.callbacks.Callback):\n"
     "    def __init__(self):\n        super().__init__()\n        self.seen = []\n"
     "    def on_epoch_begin(self, epoch, logs=None):\n        self.seen.append(('begin', epoch))\n"
     "    def on_train_batch_end(self, batch, logs=None):\n        self.seen.append(batch)\n"
     "    def on_epoch_end(self, epoch, logs=None):\n"
     "        self.seen.append((epoch, sorted(logs)))\n"
     "        self.acc = self.model.evaluate(X, y, verbose=0, return_dict=True)['accuracy']\n"
     "cb = CB()\n"
     "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.9), loss="
     "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])\n"
     "h = net.fit(X, y, batch_size=8, epochs=3, shuffle=False, verbose=0, callbacks=[cb])\n"
     "print(cb.seen)\n"
     "onp.array(h.history['loss']), onp.array(h.history['accuracy']), net.get_weights()[0], "
     "net.get_weights()[-1]", APPROX),
    # BatchNormalization trained by fit: moving statistics follow the batches
    (SETUP + "X = rng.standard_normal((64, 5)).astype(onp.float32) * 3 + 1\n"
     "y = rng.standard_normal((64, 1)).astype(onp.float32)\n"
     "net = tf.keras.Sequential([L.Dense(4), L.BatchNormalization(), L.Dense(1)])\n"
     "net.build(input_shape=(None, 5))\ninit_like(net, 0.3)\n"
     "w = net.get_weights()\nw[4], w[5] = onp.zeros(4, onp.float32), onp.ones(4, onp.float32)\n"
     "net.set_weights(w)\n"
     "net.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.05), loss='mse')\n"
     "h = net.fit(X, y, batch_size=16, epochs=3, shuffle=False, verbose=0)\n"
     "onp.array(h.history['loss']), net.layers[1].moving_mean.numpy(), "
     "net.layers[1].moving_variance.numpy(), net.predict(X[:4], verbose=0)", APPROX),
    # the loss D2L's weight-decay section adds by hand: model.losses from a kernel regularizer
    (SETUP + "X = rng.standard_normal((20, 6)).astype(onp.float32)\n"
     "net = tf.keras.Sequential([L.Dense(1, kernel_regularizer=tf.keras.regularizers.l2(3.0))])\n"
     "net.build(input_shape=(None, 6))\ninit_like(net)\n"
     "with tf.GradientTape() as tape:\n"
     "    l = tf.reduce_sum(net(X) ** 2) + net.losses[0]\n"
     "g = tape.gradient(l, net.trainable_variables)\nl, g[0], g[1]", APPROX),
    # the book's own form: a loss tensor plus the list net.losses (packed, so its gradient flows)
    (SETUP + "X = rng.standard_normal((20, 6)).astype(onp.float32)\n"
     "net = tf.keras.Sequential([L.Dense(1, kernel_regularizer=tf.keras.regularizers.l2(3.0))])\n"
     "net.build(input_shape=(None, 6))\ninit_like(net)\n"
     "loss = tf.keras.losses.MeanSquaredError(reduction='none')\n"
     "with tf.GradientTape() as tape:\n"
     "    l = loss(tf.zeros((20, 1)), net(X)) + net.losses\n"
     "g = tape.gradient(l, net.trainable_variables)\nl, g[0], g[1]", APPROX),
]


def test_tf_keras_training_parity():
    check_conformance(CELLS, "tensorflow", rtol=RTOL)
