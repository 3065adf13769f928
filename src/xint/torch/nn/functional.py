"""torch.nn.functional: softmax, cross_entropy, conv2d, pooling, dropout, … on engine primitives."""

__all__ = []
