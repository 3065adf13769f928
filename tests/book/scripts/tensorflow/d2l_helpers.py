"""d2l 0.17.6 chapter 2-6 helpers on TensorFlow (train_ch3 and train_ch6 in full: d2l_train.py)."""
import numpy as np
import tensorflow as tf
from d2l import tensorflow as d2l

rng = np.random.default_rng(0)
features, labels = d2l.synthetic_data(tf.constant([2, -3.4]), 4.2, 20)
print(features.shape, labels.shape)
X = tf.constant(rng.normal(size=(20, 2)).astype(np.float32))
y = d2l.linreg(X, tf.constant([[2.0], [-3.4]]), 4.2)
w = tf.Variable(rng.normal(0, 0.01, size=(2, 1)).astype(np.float32))
b = tf.Variable(tf.zeros(1))
for epoch in range(3):
    for i in range(0, 20, 5):
        with tf.GradientTape() as g:
            l = d2l.squared_loss(d2l.linreg(X[i:i + 5], w, b), y[i:i + 5])
        d2l.sgd([w, b], g.gradient(l, [w, b]), 0.1, 5)
    print(f"epoch {epoch + 1}, loss "
          f"{float(tf.reduce_mean(d2l.squared_loss(d2l.linreg(X, w, b), y))):.4f}")
acc = d2l.Accumulator(2)
acc.add(1, 2.5)
acc.add(3, 0.5)
print(acc[0], acc[1], d2l.Timer().stop() >= 0)
print(d2l.accuracy(tf.constant([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]]), tf.constant([0, 2])))
print(d2l.corr2d(tf.reshape(tf.range(9.0), (3, 3)), tf.constant([[0.0, 1.0], [2.0, 3.0]])))
n = 48
Xn = rng.normal(size=(n, 4, 4)).astype(np.float32)
yn = np.argmax(Xn.reshape(n, 16)[:, :3], axis=1).astype(np.int32)
it = d2l.load_array((tf.constant(Xn * 3), tf.constant(yn)), 8, is_train=False)
net = tf.keras.models.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(3)])
net(tf.constant(Xn[:1]))
net.layers[1].set_weights([rng.normal(0, 0.1, size=(16, 3)).astype(np.float32),
                           np.zeros(3, np.float32)])
print(f"{d2l.evaluate_accuracy(net, it):.4f}")
loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
d2l.train_ch3(net, it, it, loss, 10, tf.keras.optimizers.SGD(learning_rate=0.1))
print(f"{d2l.evaluate_accuracy(net, it):.4f}")
