"""torch.nn. For now its functional side (torch.nn.functional); modules, parameters and losses
arrive with the PyTorch-dialect issue."""
from . import functional

__all__ = ["functional"]
