"""Graph nodes: one per recorded op, holding what its VJP needs."""
import itertools

_created = itertools.count()     # creation order: every node comes after the nodes it reads


class Node:
    """A recorded application of a primitive.

    inputs: the op's arguments as given (Tensors and constants).
    parents: per argument, the node that made it when this op was recorded (None for leaves and
    constants): the graph's edges.
    out: what the VJPs get as `ans`: the raw result array when they read it (`prim.saves_ans`), or
    the primitive's residual (`prim.residual`); else None.
    versions: input tensors' version numbers at record time when any was non-zero, else None.
    tag: what the recording policy said (True, or the tapes that recorded the op).
    freed: set once a backward ran without retaining the graph; saved values may not be reused.
    ans_version: how often the output was changed in place since it was recorded (0: never).
    hooks: None, or functions called with the gradient of this node's output once it is complete
    (a dialect's tensor hooks, retain_grad); one may return a replacement gradient.
    label: a dialect's name for the op when the primitive's own name is not enough (torch's
    `TBackward0` vs `PermuteBackward0` for the same transpose), else None.
    seq: when it was recorded; sorting by it puts every node after its parents.
    big: whether a recorded input was large when recorded (only then does a backward that frees
    the node have inputs to release).
    """
    __slots__ = ("prim", "inputs", "parents", "params", "out", "versions", "tag", "freed",
                 "ans_version", "hooks", "label", "seq", "big", "__weakref__")

    def __init__(self, prim, inputs, parents, params, out, versions, tag, big=True):
        self.prim = prim
        self.inputs = inputs
        self.parents = parents
        self.params = params
        self.out = out
        self.versions = versions
        self.tag = tag
        self.freed = False
        self.ans_version = 0
        self.hooks = None
        self.label = None
        self.seq = next(_created)
        self.big = big

    def __repr__(self):
        return f"<Node {self.prim.name}>"
