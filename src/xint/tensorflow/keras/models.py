"""keras.Model / keras.Sequential (Keras 3 behaviour): building, summary(), weights,
compile/fit/evaluate/predict, save_weights/load_weights."""
import math

import numpy

from ...core.tensor import Tensor
from ...ops import elementwise as ew
from .. import _random
from .._functions import GradientTape, convert_to_tensor
from . import callbacks as callbacks_mod
from .layers import Layer, _as_input


# ----- summary(): Keras 3's box table -----
_WIDTHS = (31, 22, 13)


def _wrap(text, width):
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _row(cells, bar="│"):
    wrapped = [_wrap(c, w) for c, w in zip(cells, _WIDTHS)]
    out = []
    for i in range(max(len(w) for w in wrapped)):
        parts = []
        for k, (w, width) in enumerate(zip(wrapped, _WIDTHS)):
            t = w[i] if i < len(w) else ""
            parts.append(" " + (t.rjust(width) if k == 2 else t.ljust(width)) + " ")
        out.append(bar + bar.join(parts) + bar)
    return out


def _rule(left, mid, right, fill):
    return left + mid.join(fill * (w + 2) for w in _WIDTHS) + right


def _memory(nbytes):
    size = float(nbytes)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            break
        size /= 1024
    return f"{size:.2f} {unit}"


def _count(weights):
    n = sum(math.prod(w.shape) for w in weights)
    return n, sum(math.prod(w.shape) * numpy.dtype(getattr(w.dtype, "name", w.dtype)).itemsize
                  for w in weights)


# ----- data -----
def _is_data(x):
    return isinstance(x, (numpy.ndarray, Tensor, list, tuple)) or hasattr(x, "_tf_var")


def _host(x):
    if hasattr(x, "_tf_var"):
        x = x.value
    return numpy.asarray(x.numpy() if isinstance(x, Tensor) else x)


def _tensor(a):
    t = convert_to_tensor(a)
    if t._data.dtype.kind == "f" and t._data.dtype != numpy.float32:
        t = ew.cast(t, numpy.dtype(numpy.float32))
    return t


def _batches(x, y, batch_size, shuffle):
    """(x, y) batches: from arrays (sliced, shuffled each epoch when asked) or from any iterable
    of (x, y) pairs such as a tf.data.Dataset."""
    if not _is_data(x):
        for item in x:
            if isinstance(item, (tuple, list)):
                yield item[0], (item[1] if len(item) > 1 else None)
            else:
                yield item, None
        return
    xa = _host(x)
    ya = None if y is None else _host(y)
    n = xa.shape[0]
    order = _random._gen.permutation(n) if shuffle else numpy.arange(n)
    order = numpy.asarray(order)
    bs = 32 if batch_size is None else int(batch_size)
    for start in range(0, n, bs):
        idx = order[start:start + bs]
        yield _tensor(xa[idx]), (None if ya is None else _tensor(ya[idx]))


def _accuracy_fn(y_true, y_pred):
    """Per-example hits as Keras' 'accuracy' picks them: sparse labels against class scores,
    one-hot labels, or binary predictions thresholded at 0.5."""
    p = _host(y_pred)
    t = _host(y_true)
    if p.ndim and p.shape[-1] > 1 and (t.ndim < p.ndim or t.shape[-1] == 1):
        return (p.argmax(-1) == t.reshape(p.shape[:-1])).astype(numpy.float32)
    if p.ndim and p.shape[-1] > 1:
        return (p.argmax(-1) == t.argmax(-1)).astype(numpy.float32)
    return ((p > 0.5).astype(numpy.float32) == t.reshape(p.shape)).astype(numpy.float32) \
        .reshape(p.shape[0], -1).mean(-1)


_METRICS = {"accuracy": _accuracy_fn, "acc": _accuracy_fn}


class _Mean:
    def __init__(self):
        self.total, self.count = 0.0, 0.0

    def add(self, value, weight):
        self.total += float(value) * weight
        self.count += weight

    def result(self):
        return float(numpy.float32(self.total / self.count)) if self.count else 0.0


class Model(Layer):
    """keras.Model: subclass it and define `call` (attributes that are layers are tracked)."""

    def __init__(self, *args, **kwargs):
        name = kwargs.pop("name", None)
        trainable = kwargs.pop("trainable", True)
        kwargs.pop("dtype", None)
        if args or kwargs:
            # NOTE: the functional API (Model(inputs, outputs)) is not implemented
            raise NotImplementedError("xint's keras.Model supports subclassing only")
        super().__init__(name=name, trainable=trainable)
        self.optimizer = self.loss = None
        self.compiled = False
        self.stop_training = False

    def build(self, input_shape):
        """Builds by running the model once on zeros (batch None runs as 1 and shows as None)."""
        shape = tuple(input_shape)
        probe = tuple(1 if n is None else int(n) for n in shape)
        was_built = self.built
        if not was_built:
            self.built = True
            self(numpy.zeros(probe, dtype=numpy.float32), training=False)
        if shape and shape[0] is None:
            for layer in self._all_layers():
                if layer._output_shape:
                    layer._output_shape = (None,) + tuple(layer._output_shape[1:])
        self.built = True

    def _all_layers(self):
        out = []
        for layer in self._layers:
            out.append(layer)
            out.extend(layer._all_layers() if isinstance(layer, Model) else [])
        return out

    def summary(self, line_length=None, positions=None, print_fn=None, **kwargs):
        lines = [f'Model: "{self.name}"',
                 _rule("┏", "┳", "┓", "━"),
                 *_row(("Layer (type)", "Output Shape", "Param #"), "┃"),
                 _rule("┡", "╇", "┩", "━")]
        for i, layer in enumerate(self._layers):
            if i:
                lines.append(_rule("├", "┼", "┤", "─"))
            shape = "?" if layer._output_shape is None else str(layer._output_shape)
            if not layer.built:
                count = "0 (unbuilt)"
            else:
                count = f"{sum(math.prod(w.shape) for w in layer.weights):,}"
            lines += _row((f"{layer.name} ({type(layer).__name__})", shape, count))
        lines.append(_rule("└", "┴", "┘", "─"))
        train = _count(self.trainable_weights)
        fixed = _count(self.non_trainable_weights)
        rows = [("Trainable", train), ("Non-trainable", fixed)]
        opt_vars = getattr(self.optimizer, "variables", None) \
            if getattr(self.optimizer, "built", False) else None
        if opt_vars:                    # Keras lists the optimizer's state once it is built
            rows.append(("Optimizer", _count(opt_vars)))
        total = tuple(map(sum, zip(*(r[1] for r in rows))))
        for label, (n, nb) in [("Total", total)] + rows:
            lines.append(f" {label} params: {n:,} ({_memory(nb)})")
        (print_fn or print)("\n".join(lines))

    # ----- training -----
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None,
                **kwargs):
        from . import losses, optimizers
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        fn = None if loss is None else losses.get(loss)
        if fn is not None and not isinstance(fn, losses.Loss):
            fn = losses.LossFunctionWrapper(fn)       # per-example function: compile averages it
        self._loss_fn = fn
        self._metric_names = [m if isinstance(m, str) else getattr(m, "__name__", "metric")
                              for m in (metrics or [])]
        self._metric_fns = [(_METRICS[m] if isinstance(m, str) else m) for m in (metrics or [])]
        self.compiled = True

    def _check_compiled(self):
        if not self.compiled:
            raise ValueError("You must call `compile()` before using the model.")

    def _total_loss(self, y, y_pred):
        loss = self._loss_fn(y, y_pred)
        for extra in self.losses:
            loss = ew.add(loss, extra)
        return loss

    def _track(self, trackers, loss, y, y_pred, n):
        trackers[0].add(loss.numpy(), n)
        for t, fn in zip(trackers[1:], self._metric_fns):
            hits = numpy.asarray(_host(fn(y, y_pred)), dtype=numpy.float64)
            t.total += float(hits.sum())
            t.count += hits.size

    def _logs(self, trackers, prefix=""):
        names = ["loss"] + self._metric_names
        # Keras 3 hands logs out with sorted keys ('accuracy' before 'loss')
        return dict(sorted((prefix + k, t.result()) for k, t in zip(names, trackers)))

    def _ready(self, xb):
        """The batch as a tensor, the model built first (with batch size None) if need be."""
        xb = _as_input(xb)
        if not self.built:
            self.build((None,) + tuple(xb._data.shape[1:]))
        return xb

    def train_step(self, x, y):
        with GradientTape() as tape:
            y_pred = self(x, training=True)          # builds the model on its first batch
            loss = self._total_loss(y, y_pred)
        variables = self.trainable_variables
        grads = tape.gradient(loss, [v._tf_var for v in variables])
        self.optimizer.apply_gradients(zip(grads, variables))
        return loss, y_pred

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, initial_epoch=0,
            steps_per_epoch=None, **kwargs):
        self._check_compiled()
        history = callbacks_mod.History()
        cbs = list(callbacks or []) + [history]
        params = {"verbose": verbose, "epochs": epochs, "steps": steps_per_epoch}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        verbose = 1 if verbose == "auto" else verbose
        self.stop_training = False
        for cb in cbs:
            cb.on_train_begin()
        logs = {}
        for epoch in range(initial_epoch, epochs):
            for cb in cbs:
                cb.on_epoch_begin(epoch)
            trackers = [_Mean() for _ in range(1 + len(self._metric_fns))]
            step = -1
            for step, (xb, yb) in enumerate(_batches(x, y, batch_size, shuffle)):
                for cb in cbs:
                    cb.on_train_batch_begin(step)
                xb = self._ready(xb)
                loss, y_pred = self.train_step(xb, yb)
                self._track(trackers, loss, yb, y_pred, int(xb._data.shape[0]))
                batch_logs = self._logs(trackers)
                for cb in cbs:
                    cb.on_train_batch_end(step, batch_logs)
            logs = self._logs(trackers)
            if validation_data is not None:
                vx, vy = (validation_data[0], validation_data[1]) \
                    if isinstance(validation_data, (tuple, list)) else (validation_data, None)
                val = self.evaluate(vx, vy, batch_size=batch_size, verbose=0, return_dict=True)
                logs.update({"val_" + k: v for k, v in val.items()})
            if verbose:
                # NOTE: one line per epoch (Keras' verbose=2 line without its timings) for
                # verbose 1 and 2; Keras 1 draws a live progress bar
                text = " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
                print(f"Epoch {epoch + 1}/{epochs}")
                print(f"{step + 1}/{step + 1} - {text}")
            for cb in cbs:
                cb.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for cb in cbs:
            cb.on_train_end(logs)
        return history

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", return_dict=False,
                 callbacks=None, **kwargs):
        self._check_compiled()
        trackers = [_Mean() for _ in range(1 + len(self._metric_fns))]
        for xb, yb in _batches(x, y, batch_size, False):
            xb = self._ready(xb)
            y_pred = self(xb, training=False)
            self._track(trackers, self._total_loss(yb, y_pred), yb, y_pred,
                        int(xb._data.shape[0]))
        logs = self._logs(trackers)
        if return_dict:
            return logs
        values = [logs[k] for k in ["loss"] + self._metric_names]      # the list form: loss first
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", **kwargs):
        outs = [self(self._ready(xb), training=False).numpy()
                for xb, _ in _batches(x, None, batch_size, False)]
        return numpy.concatenate(outs, axis=0)

    def predict_on_batch(self, x):
        return self(_as_input(x), training=False).numpy()

    # ----- weights on disk -----
    # Keras 3 writes HDF5 and insists on the `.weights.h5` suffix; xint keeps the suffix rule but
    # writes a NumPy .npz archive under that name (no pickled objects: loaded with
    # allow_pickle=False), which real Keras cannot read.
    def save_weights(self, filepath, overwrite=True):
        if not str(filepath).endswith(".weights.h5"):
            raise ValueError(f"The filename must end in `.weights.h5`. Received: "
                             f"filepath={filepath}")
        with open(filepath, "wb") as f:
            numpy.savez(f, *self.get_weights())

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        if not str(filepath).endswith(".weights.h5"):
            raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only "
                             "supports V3 `.keras` and `.weights.h5` files, or legacy V1/V2 "
                             "`.h5` files.")
        with numpy.load(filepath, allow_pickle=False) as data:
            arrays = [data[f"arr_{i}"] for i in range(len(data.files))]
        self.set_weights(arrays)


class Sequential(Model):
    """A stack of layers, each fed the previous one's output."""

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(name=name, trainable=trainable)
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        if not isinstance(layer, Layer):
            raise ValueError(f"Only instances of `keras.Layer` can be added to a Sequential "
                             f"model. Received: {layer} (of type {type(layer)})")
        self._layers.append(layer)
        first = self._layers[0]._input_shape_arg
        if first is not None:               # an input shape is known: build as layers come
            self.built = False
            self.build(first)

    def pop(self):
        layer = self._layers.pop()
        self.built = False
        return layer

    def call(self, inputs, training=None):
        x = inputs
        for layer in self._layers:
            x = layer(x, training=training)
        return x
