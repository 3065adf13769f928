"""Chapter-like TensorFlow training: linear regression (from scratch and with Keras), then
softmax regression, an MLP and LeNet on Fashion-MNIST read by
tf.keras.datasets.fashion_mnist.load_data() from $KERAS_HOME (small synthetic IDX files there),
with every weight set from NumPy."""
import os

import numpy as np
import tensorflow as tf

if not os.environ.get("KERAS_HOME"):
    raise SystemExit("set KERAS_HOME to a folder holding datasets/fashion-mnist/*.gz")
rng = np.random.default_rng(4)


def set_weights(net, scale=0.1):
    net.set_weights([rng.normal(0, scale, size=w.shape).astype(np.float32) if w.ndim > 1
                     else np.full(w.shape, 0.01, np.float32) for w in net.get_weights()])


# linear regression from scratch
X = tf.constant(rng.normal(size=(40, 2)).astype(np.float32))
y = tf.matmul(X, tf.constant([[2.0], [-3.4]])) + 4.2
w = tf.Variable(rng.normal(0, 0.01, size=(2, 1)).astype(np.float32), trainable=True)
b = tf.Variable(tf.zeros(1), trainable=True)
for epoch in range(3):
    for i in range(0, 40, 10):
        with tf.GradientTape() as g:
            l = tf.reduce_sum((tf.matmul(X[i:i + 10], w) + b - y[i:i + 10]) ** 2 / 2)
        dw, db = g.gradient(l, [w, b])
        w.assign_sub(0.03 * dw / 10)
        b.assign_sub(0.03 * db / 10)
    print(f"scratch epoch {epoch + 1} loss "
          f"{float(tf.reduce_mean((tf.matmul(X, w) + b - y) ** 2 / 2)):.4f}")

# linear regression with Keras
net = tf.keras.Sequential([tf.keras.layers.Dense(1)])
net(X[:1])
set_weights(net)
loss_fn = tf.keras.losses.MeanSquaredError()
trainer = tf.keras.optimizers.SGD(learning_rate=0.03)
dataset = tf.data.Dataset.from_tensor_slices((X, y)).batch(10)
for epoch in range(3):
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            l = loss_fn(yb, net(xb, training=True))
        grads = tape.gradient(l, net.trainable_variables)
        trainer.apply_gradients(zip(grads, net.trainable_variables))
    print(f"keras epoch {epoch + 1} loss {float(loss_fn(y, net(X))):.4f}")
print(np.round(net.get_weights()[0], 3), np.round(net.get_weights()[1], 3))

# Fashion-MNIST through Keras
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
print(x_train.shape, x_train.dtype, y_train.shape, y_train.dtype, x_test.shape, y_test[:8])
x_train = (x_train[..., None] / 255).astype(np.float32)
x_test = (x_test[..., None] / 255).astype(np.float32)
print(f"{x_train.mean():.4f} {x_train.max():.4f}")
train_iter = tf.data.Dataset.from_tensor_slices((x_train, y_train.astype(np.int32))).batch(16)


def train(net, epochs, lr):
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    trainer = tf.keras.optimizers.SGD(learning_rate=lr)
    for epoch in range(epochs):
        for xb, yb in train_iter:
            with tf.GradientTape() as tape:
                l = loss_fn(yb, net(xb, training=True))
            grads = tape.gradient(l, net.trainable_variables)
            trainer.apply_gradients(zip(grads, net.trainable_variables))
        out = net(x_test, training=False)
        acc = float(tf.reduce_mean(tf.cast(tf.argmax(out, axis=1) == y_test, tf.float32)))
        print(f"epoch {epoch + 1} loss {float(loss_fn(y_test, out)):.4f} test acc {acc:.3f}")


softmax = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28, 1)),
                                      tf.keras.layers.Dense(10)])
set_weights(softmax, 0.01)
train(softmax, 3, 0.1)
mlp = tf.keras.models.Sequential([tf.keras.layers.Flatten(),
                                  tf.keras.layers.Dense(32, activation="relu"),
                                  tf.keras.layers.Dense(10)])
mlp(x_test[:1])
set_weights(mlp, 0.05)
train(mlp, 3, 0.1)
lenet = tf.keras.models.Sequential([
    tf.keras.layers.Conv2D(filters=4, kernel_size=5, activation="sigmoid", padding="same"),
    tf.keras.layers.AvgPool2D(pool_size=2, strides=2),
    tf.keras.layers.Conv2D(filters=8, kernel_size=5, activation="sigmoid"),
    tf.keras.layers.AvgPool2D(pool_size=2, strides=2),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(32, activation="sigmoid"),
    tf.keras.layers.Dense(10)])
out = tf.constant(x_test[:1])
for layer in lenet.layers:
    out = layer(out)
    print(layer.__class__.__name__, "output shape:", out.shape)
set_weights(lenet, 0.2)
train(lenet, 2, 0.9)
lenet.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.9),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
history = lenet.fit(train_iter, epochs=2, verbose=0)
print([round(v, 4) for v in history.history["loss"]], len(history.history["accuracy"]))
scores = lenet.evaluate(x_test, y_test, verbose=0, return_dict=True)
print({k: round(scores[k], 4) for k in sorted(scores)})
