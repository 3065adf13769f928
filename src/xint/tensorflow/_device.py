"""tf.device, tf.config and tf.distribute as a CPU-only TensorFlow shows them: one CPU, no GPU;
every device request is soft-placed on that CPU (as TF does when the device is absent)."""
import contextlib
import types

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


class PhysicalDevice(tuple):
    """tf.config.PhysicalDevice: a (name, device_type) named tuple."""
    __slots__ = ()

    def __new__(cls, name, device_type):
        return tuple.__new__(cls, (name, device_type))

    name = property(lambda self: self[0])
    device_type = property(lambda self: self[1])

    def __repr__(self):
        return f"PhysicalDevice(name={self[0]!r}, device_type={self[1]!r})"


_DEVICES = (PhysicalDevice("/physical_device:CPU:0", "CPU"),)


def list_physical_devices(device_type=None):
    return [d for d in _DEVICES if device_type is None or d.device_type == device_type.upper()]


def list_logical_devices(device_type=None):
    return [types.SimpleNamespace(name=CPU, device_type="CPU")
            for d in list_physical_devices(device_type)]


def set_memory_growth(device, enable):
    """Nothing to configure for host memory (TF accepts this call for CPUs too)."""


def get_memory_growth(device):
    return False


def set_visible_devices(devices, device_type=None):
    """One CPU is always visible; nothing changes."""


def get_visible_devices(device_type=None):
    return list_physical_devices(device_type)


class _EagerDeviceContext:
    """What tf.device returns: ops inside run on the CPU whatever the name (soft placement: there
    is only one device); `_device_name` keeps the name asked for (d2l's train_ch6 prints it)."""

    def __init__(self, device_name):
        self._device_name = device_name

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


_EagerDeviceContext.__module__ = "tensorflow.python.eager.context"


def device(device_name):
    return _EagerDeviceContext(device_name)


experimental = types.SimpleNamespace(
    list_physical_devices=list_physical_devices, list_logical_devices=list_logical_devices,
    set_memory_growth=set_memory_growth, get_memory_growth=get_memory_growth,
    set_visible_devices=set_visible_devices, get_visible_devices=get_visible_devices)

config = types.SimpleNamespace(
    list_physical_devices=list_physical_devices, list_logical_devices=list_logical_devices,
    set_visible_devices=set_visible_devices, get_visible_devices=get_visible_devices,
    experimental=experimental, PhysicalDevice=PhysicalDevice)


class Strategy:
    """A distribution strategy over the one device: scope() is a plain context, run() a call."""
    num_replicas_in_sync = 1

    def __init__(self, *args, **kwargs):
        pass

    @contextlib.contextmanager
    def scope(self):
        yield self

    def run(self, fn, args=(), kwargs=None):
        return fn(*args, **(kwargs or {}))

    def experimental_distribute_dataset(self, dataset, options=None):
        return dataset

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object at {id(self):#x}>"


class OneDeviceStrategy(Strategy):
    def __init__(self, device):
        self.device = device


class MirroredStrategy(Strategy):
    def __init__(self, devices=None, cross_device_ops=None):
        self.devices = devices


OneDeviceStrategy.__module__ = "tensorflow.python.distribute.one_device_strategy"
MirroredStrategy.__module__ = "tensorflow.python.distribute.mirrored_strategy"

distribute = types.SimpleNamespace(Strategy=Strategy, OneDeviceStrategy=OneDeviceStrategy,
                                   MirroredStrategy=MirroredStrategy,
                                   get_strategy=lambda: _DEFAULT)
_DEFAULT = Strategy()
