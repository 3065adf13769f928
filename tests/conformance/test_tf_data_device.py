"""tf.data (from_tensor_slices, batch, map, take, repeat, prefetch, shuffle, cardinality) and the
device names (tf.device, tf.config, tf.distribute, .device), cell by cell against real TF 2.21.
Shuffled orders are xint's own (documented): those cells compare what survives shuffling."""
from xint.testing import check_conformance

DATA = [
    ("X = tf.reshape(tf.range(10.), (5, 2))\ny = tf.range(5)\n"
     "ds = tf.data.Dataset.from_tensor_slices((X, y))\nds", {}),
    ("ds.element_spec, tf.data.experimental.cardinality(ds), len(ds)", {}),
    ("list(ds)[:2]", {}),
    ("b = ds.batch(2)\nb, tf.data.experimental.cardinality(b), len(b)", {}),
    ("list(b)", {}),
    ("bd = ds.batch(2, drop_remainder=True)\nbd, len(bd), [tuple(e[0].shape) for e in bd]", {}),
    ("m = ds.map(lambda a, c: (a * 2, c + 1))\nm, list(m.take(2))", {}),
    ("ds.take(3), len(ds.take(3)), len(ds.take(9)), [e[1] for e in ds.take(2)]", {}),
    ("r = ds.repeat()\nr, tf.data.experimental.cardinality(r)", {}),
    ("len(ds.repeat())", {}),
    ("len(ds.repeat(3)), [int(e[1]) for e in ds.repeat(2)]", {}),
    ("len(ds.filter(lambda a, c: c > 1))", {}),
    ("ds.prefetch(tf.data.AUTOTUNE), ds.prefetch(1), tf.data.AUTOTUNE, "
     "tf.data.experimental.AUTOTUNE", {}),
    ("len(ds.prefetch(2).batch(2)), ds.batch(2).cardinality()", {}),
    ("d = tf.data.Dataset.from_tensor_slices({'a': [1, 2], 'b': [3., 4.]})\nd, list(d)", {}),
    ("list(d.as_numpy_iterator())", {}),
    ("list(tf.data.Dataset.from_tensor_slices([1, 2, 3]))", {}),
    ("import numpy\nnext(iter(tf.data.Dataset.from_tensor_slices(numpy.ones((2, 2)))))", {}),
    ("tf.data.Dataset.from_tensor_slices((tf.ones(3), tf.ones(4)))", {}),
    # shuffling keeps the multiset of elements and the batch structure
    ("s = ds.shuffle(buffer_size=5)\ns, len(s), sorted(int(e[1]) for e in s)", {}),
    ("sb = ds.shuffle(3, seed=1).batch(2)\nsb, sorted(int(v) for e in sb for v in e[1])", {}),
    ("all(bool(tf.reduce_all(e[0][:, 0] == 2. * tf.cast(e[1], tf.float32))) "
     "for e in ds.shuffle(5).batch(2))", {}),
    ("sm = ds.shuffle(5).map(lambda a, c: (tf.reduce_sum(a), c)).batch(5)\n"
     "sorted(next(iter(sm))[0].numpy().tolist())", {}),
    # the d2l load_array pattern
    ("it = tf.data.Dataset.from_tensor_slices((X, tf.reshape(tf.cast(y, tf.float32), (-1, 1))))"
     ".shuffle(buffer_size=1000).batch(2)\nfirst = next(iter(it))\n"
     "type(first).__name__, first[0].shape, first[1].dtype", {}),
]

DEVICE = [
    ("tf.config.list_physical_devices('CPU'), tf.config.list_physical_devices('GPU')", {}),
    ("tf.config.experimental.list_physical_devices('GPU'), "
     "len(tf.config.experimental.list_physical_devices())", {}),
    ("d0 = tf.config.list_physical_devices('CPU')[0]\nd0.name, d0.device_type", {}),
    ("x = tf.constant([1., 2.])\nx.device", {}),
    ("with tf.device('/CPU:0'):\n    y = x + 1\ny.device, y", {}),
    ("with tf.device('/GPU:0'):\n    z = tf.ones(2)\nz.device", {}),
    ("tf.Variable(1.).device", {}),
    ("s = tf.distribute.OneDeviceStrategy(device='/cpu:0')\ns.num_replicas_in_sync", {}),
    ("with s.scope():\n    v = tf.Variable(1.)\nv", {}),
    ("m = tf.distribute.MirroredStrategy()\nwith m.scope():\n    w = tf.ones(2) * 2\n"
     "m.num_replicas_in_sync, w", {}),
]


def test_data_cells():
    check_conformance(DATA, "tensorflow")


def test_device_cells():
    check_conformance(DEVICE, "tensorflow")


def test_shuffle_is_reproducible_and_reshuffles_each_epoch():
    from xint.tensorflow import tf
    ds = tf.data.Dataset.from_tensor_slices(tf.range(50)).shuffle(50)
    tf.random.set_seed(0)
    a = [int(e) for e in ds]
    b = [int(e) for e in ds]
    tf.random.set_seed(0)
    assert [int(e) for e in ds] == a
    assert a != b and sorted(a) == sorted(b) == list(range(50))
    seeded = tf.data.Dataset.from_tensor_slices(tf.range(50)).shuffle(50, seed=3)
    assert [int(e) for e in seeded] == [int(e) for e in
                                        tf.data.Dataset.from_tensor_slices(tf.range(50))
                                        .shuffle(50, seed=3)]


def test_small_buffer_shuffles_locally():
    from xint.tensorflow import tf
    order = [int(e) for e in tf.data.Dataset.from_tensor_slices(tf.range(1000)).shuffle(10)]
    assert sorted(order) == list(range(1000))
    # an element leaves at most ~buffer_size positions before its place, as with TF's buffer
    assert all(pos >= v - 10 for pos, v in enumerate(order))
