"""A small torchvision for xint's torch dialect: datasets.FashionMNIST (local IDX files only)
and the transforms D2L uses (ToTensor, Resize, Normalize, Compose)."""
from . import datasets, transforms

__version__ = "0.0+xint"
__all__ = ["datasets", "transforms"]
