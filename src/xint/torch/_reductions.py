"""torch reductions and linear algebra beyond sum/mean/matmul (torch.max, torch.argmax,
torch.norm, torch.cumsum, torch.einsum …) and the matching Tensor methods."""

__all__ = []
