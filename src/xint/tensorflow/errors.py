"""tf.errors: the exception types TensorFlow raises, with its message formats."""
import numpy


class OpError(Exception):
    """Base of TensorFlow's op errors; str() is the message."""

    def __init__(self, node_def=None, op=None, message=""):
        super().__init__(message)
        self.node_def, self.op, self.message = node_def, op, message


class InvalidArgumentError(OpError):
    pass


OpError.__module__ = InvalidArgumentError.__module__ = "tensorflow.python.framework.errors_impl"

_DEVICE = "_device_/job:localhost/replica:0/task:0/device:CPU:0"

# TensorFlow's kernel names for the engine's primitives
OP_NAMES = {"add": "AddV2", "sub": "Sub", "mul": "Mul", "div": "RealDiv", "pow": "Pow",
            "matmul": "MatMul", "equal": "Equal", "not_equal": "NotEqual", "less": "Less",
            "less_equal": "LessEqual", "greater": "Greater", "greater_equal": "GreaterEqual",
            "exp": "Exp", "log": "Log", "sin": "Sin", "cos": "Cos", "tanh": "Tanh",
            "sqrt": "Sqrt", "reshape": "Reshape"}
# TensorFlow's words for dtypes in "expected a … tensor" messages
TYPE_WORDS = {"float32": "float", "float64": "double", "float16": "half", "int32": "int32",
              "int64": "int64", "bool": "bool", "int8": "int8", "int16": "int16", "uint8": "uint8"}


_WORD_OF_DTYPE = {numpy.dtype(name): word for name, word in TYPE_WORDS.items()}


def type_word(dtype):
    word = _WORD_OF_DTYPE.get(dtype)     # a NumPy dtype hashes fast; its .name is slow Python
    if word is not None:
        return word
    name = dtype.name if hasattr(dtype, "name") else str(dtype)
    return TYPE_WORDS.get(name, name)


def wrapped(op, text, name=True):
    """The text of an error raised inside a kernel: `{{function_node __wrapped__Op…}} text [Op:Op]`."""
    return (f"{{{{function_node __wrapped__{op}{_DEVICE}}}}} {text} [Op:{op}]"
            + (" name: " if name else ""))


def dims(shape):
    return "[" + ",".join(str(n) for n in shape) + "]"


def incompatible_shapes(op, sa, sb):
    return InvalidArgumentError(None, None, wrapped(op, f"Incompatible shapes: {dims(sa)} vs. {dims(sb)}"))


def not_allowed(op, dtype, allowed):
    """An op given a dtype it has no kernel for (tf.exp of an int32 tensor …)."""
    words = ", ".join(allowed)
    dt_list = ", ".join("DT_" + w.upper() for w in allowed)
    return InvalidArgumentError(None, None, (
        f"Value for attr 'T' of {dtype} is not in the list of allowed values: {words}\n"
        f"\t; NodeDef: {{{{node {op}}}}}; Op<name={op}; signature=x:T -> y:T; "
        f"attr=T:type,allowed=[{dt_list}]> [Op:{op}] name: "))


def wrong_input_type(op, expected, got):
    return InvalidArgumentError(None, None, (
        f"cannot compute {op} as input #1(zero-based) was expected to be a "
        f"{TYPE_WORDS.get(expected, expected)} tensor but is a {TYPE_WORDS.get(got, got)} tensor "
        f"[Op:{op}] name: "))
