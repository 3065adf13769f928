"""mxnet.gluon on the xint engine: nn blocks, Parameter, and (where present) loss, Trainer, data."""
import importlib.util

from . import nn
from .block import Block, HybridBlock
from .parameter import DeferredInitializationError, Parameter, ParameterDict

__all__ = ["nn", "Block", "HybridBlock", "Parameter", "ParameterDict",
           "DeferredInitializationError"]

# loss, Trainer and data are written separately: a module not there yet is skipped, while
# an error inside one that exists still surfaces
if importlib.util.find_spec(f"{__name__}.loss") is not None:
    from . import loss  # noqa: F401 - listed in __all__ below
    __all__.append("loss")
if importlib.util.find_spec(f"{__name__}.trainer") is not None:
    from .trainer import Trainer  # noqa: F401 - listed in __all__ below
    __all__.append("Trainer")
if importlib.util.find_spec(f"{__name__}.data") is not None:
    from . import data  # noqa: F401 - listed in __all__ below
    __all__.append("data")
