"""mxnet.base: the MXNetError exception."""


class MXNetError(RuntimeError):
    """MXNet's error. Real messages start with a C++ file/line traceback; xint gives the last line,
    which is the part that says what went wrong (the conformance harness compares that line)."""


NOT_IN_GRAPH = (
    "MXNetError: Check failed: !AGInfo: :IsNone(*i): Cannot differentiate node because it is not in "
    "a computational graph. You need to set is_recording to true or use autograd.record() to save "
    "computational graphs for backward. If you want to differentiate the same graph twice, you need "
    "to pass retain_graph=True to backward.")
NO_INPUTS = ("MXNetError: Check failed: xs.size() > 0 (0 vs. 0) : There are no inputs in "
             "computation graph that require gradients.")
IN_GRAPH_ASSIGN = (
    "MXNetError: Check failed: AGInfo: :IsNone(*output): Assigning to NDArrays that are already in "
    "a computational graph will cause undefined behavior when evaluating gradients. Please call "
    "backward first to clear the graph or do this out side of a record section. Also note that you "
    "cannot use inplace operations like +=, *=, relu(x, out=x), y[idx]=x, etc inside a record "
    "section.")


def dims(shape):
    return "[" + ",".join(str(n) for n in shape) + "]"


def broadcast_error(sa, sb):
    return MXNetError("MXNetError: Check failed: l == 1 || r == 1: operands could not be broadcast "
                      f"together with shapes {dims(sa)} {dims(sb)}")
