"""The import style D2L's TensorFlow chapters use; tensors, GradientTape, a missing name."""
import sys

import numpy as np
import tensorflow as tf

print(sys.argv[1:], __name__)
x = tf.reshape(tf.range(12, dtype=tf.float32), (3, 4))
print(x)
print(x.shape, tf.reduce_sum(x), tf.reduce_mean(x, axis=0), tf.nn.relu(x - 5))
print(tf.concat([x, x], axis=0).shape, x[1:, ::2])
w = tf.Variable(np.array([[1.0], [-1.0], [0.5], [2.0]], dtype=np.float32))
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.matmul(x, w) ** 2)
print(y, tf.reshape(tape.gradient(y, w), [-1]))
# linear regression from scratch
rng = np.random.default_rng(1)
X = tf.constant(rng.normal(size=(40, 2)).astype(np.float32))
Y = tf.matmul(X, tf.constant([[2.0], [-3.4]])) + 4.2
w = tf.Variable(rng.normal(0, 0.01, size=(2, 1)).astype(np.float32))
b = tf.Variable(tf.zeros(1))
for epoch in range(3):
    for i in range(0, 40, 10):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum((tf.matmul(X[i:i + 10], w) + b - Y[i:i + 10]) ** 2 / 2)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(0.03 * dw / 10)
        b.assign_sub(0.03 * db / 10)
    print(f"epoch {epoch + 1} loss "
          f"{float(tf.reduce_mean((tf.matmul(X, w) + b - Y) ** 2 / 2)):.4f}")
