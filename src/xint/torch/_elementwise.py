"""torch elementwise math, random numbers and creation helpers beyond the basics (torch.abs,
torch.relu, torch.clamp, torch.manual_seed, torch.randn, torch.linspace …) and the matching
Tensor methods."""

__all__ = []
