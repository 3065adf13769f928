"""mxnet.gluon.rnn: importable so `from mxnet.gluon import nn, rnn` works; the recurrent layers
(chapters 8-10) are not provided yet and say so when constructed."""

__all__ = ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]


def _missing(name):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"xint's mxnet dialect does not provide mxnet.gluon.rnn.{name}")
    return type(name, (), {"__init__": __init__, "__doc__": f"not provided: rnn.{name}"})


RNN, LSTM, GRU = _missing("RNN"), _missing("LSTM"), _missing("GRU")
RNNCell, LSTMCell, GRUCell = _missing("RNNCell"), _missing("LSTMCell"), _missing("GRUCell")
