"""d2l 0.17.6's TensorFlow train_ch3 (scratch softmax regression, Updater) and train_ch6 (Keras
compile/fit with its TrainCallback, under tf.distribute.OneDeviceStrategy) on tiny synthetic
data, with weights set from NumPy so that every printed number is reproducible."""
import numpy as np
import tensorflow as tf
from d2l import tensorflow as d2l

rng = np.random.default_rng(3)
n = 64
imgs = rng.normal(size=(n, 6, 6, 1)).astype(np.float32)
labels = np.argmax(imgs.reshape(n, -1)[:, :3], axis=1).astype(np.int32)
imgs[np.arange(n), labels, 0, 0] += 2.0                  # make the classes easy to tell apart
train_iter = tf.data.Dataset.from_tensor_slices((imgs, labels)).batch(16)
test_iter = tf.data.Dataset.from_tensor_slices((imgs[:32], labels[:32])).batch(16)

# chapter 3: softmax regression from scratch
W = tf.Variable(rng.normal(0, 0.01, size=(36, 3)).astype(np.float32))
b = tf.Variable(tf.zeros(3))


def softmax(X):                               # (the book defines it in the chapter)
    X_exp = tf.exp(X)
    return X_exp / tf.reduce_sum(X_exp, 1, keepdims=True)


def cross_entropy(y_hat, y):
    return -tf.math.log(tf.boolean_mask(y_hat, tf.one_hot(y, depth=y_hat.shape[-1])))


def net(X):
    return softmax(tf.matmul(tf.reshape(X, (-1, W.shape[0])), W) + b)


print(f"before {d2l.evaluate_accuracy(net, test_iter):.4f}")
d2l.train_ch3(net, train_iter, test_iter, cross_entropy, 8, d2l.Updater([W, b], 0.5))
print(f"after {d2l.evaluate_accuracy(net, test_iter):.4f}")
print(np.round(b.numpy(), 3))
print(f"loss {float(d2l.evaluate_loss(net, test_iter, cross_entropy)):.4f}")


# chapter 6: a LeNet-like net through Keras fit
def net_fn():
    model = tf.keras.models.Sequential([
        tf.keras.layers.Conv2D(filters=4, kernel_size=3, activation="sigmoid", padding="same"),
        tf.keras.layers.AvgPool2D(pool_size=2, strides=2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(8, activation="sigmoid"),
        tf.keras.layers.Dense(3)])
    model(tf.zeros((1, 6, 6, 1)))
    model.set_weights([rng.normal(0, 0.3, size=w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return model


device = d2l.try_gpu()
print(device._device_name)
model = d2l.train_ch6(net_fn, train_iter, test_iter, 6, 0.9, device)
out = model(tf.constant(imgs[:4]))
print(out.shape, np.round(out.numpy(), 3))
print(f"{d2l.evaluate_accuracy(model, test_iter):.4f}")
