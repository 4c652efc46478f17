"""The narrow protocol between the grader and a submission's process: plain data only.

Messages are JSON documents framed by an 8-byte length, with a size cap. A
value crosses as plain data: ``None``, booleans, integers, floats (``inf`` and
``nan`` included), strings, lists, tuples, dicts with string keys, and NumPy
arrays and scalars of a numeric or boolean dtype (sent as their bytes). Nothing
else crosses: no object of a class the submission made, so an answer with a
lying ``__eq__`` or ``__sub__`` cannot reach the hidden tests, and decoding
builds only these plain types, whatever the bytes say.

>>> import numpy as np
>>> from crossentropy.book.assign.wire import decode, encode
>>> decode(encode({"x": np.array([1.5, 2.0]), "n": 3}))["x"].tolist()
[1.5, 2.0]
"""

from __future__ import annotations

import base64
import json
import math
import os
import struct
from typing import Any

import numpy as np

__all__ = ["MAX_BYTES", "Unplain", "WireError", "decode", "encode", "read_frame", "write_frame"]

#: The largest message either side reads (an answer array of 2**21 float64s fits).
MAX_BYTES = 32 * 2**20
#: How deep lists, tuples and dicts may nest.
MAX_DEPTH = 20
_HEADER = struct.Struct(">Q")
#: The library's own record types (named tuples of arrays) that cross as their fields.
RECORDS = ("crossentropy.training:DistributionFit", "crossentropy.training:SoftmaxRegression")
_KINDS = "biufc"  # bool, signed, unsigned, float, complex


class WireError(Exception):
    """A message that is not plain data, too large, or cut short."""


class Unplain(Exception):
    """A value that cannot cross as plain data (its kind is named, nothing more)."""


def _record(name: str) -> Any:
    import importlib

    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)


def _to_plain(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise Unplain("nested too deeply")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return {"int": str(value)}
    if type(value) is float:
        return {"float": repr(value)}
    if type(value) is complex:
        return {"complex": [repr(value.real), repr(value.imag)]}
    record = f"{type(value).__module__}:{type(value).__qualname__}"
    if record in RECORDS and type(value) is _record(record):
        return {"record": record, "fields": [_to_plain(v, depth + 1) for v in value]}
    if type(value) in (list, tuple):
        items = [_to_plain(v, depth + 1) for v in value]
        return {"list": items} if type(value) is list else {"tuple": items}
    if type(value) is dict:
        if not all(type(k) is str for k in value):
            raise Unplain("a dict with keys that are not strings")
        return {"dict": {k: _to_plain(v, depth + 1) for k, v in value.items()}}
    if type(value) is np.ndarray or isinstance(value, np.generic):
        array = np.asarray(value)
        if type(array) is not np.ndarray or array.dtype.kind not in _KINDS:
            raise Unplain("an array that is not numeric")
        data = np.ascontiguousarray(array).tobytes()
        return {
            "array": base64.b64encode(data).decode("ascii"),
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "scalar": isinstance(value, np.generic),
        }
    raise Unplain(f"a {type(value).__name__}")


def _from_plain(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is not dict or len(value) == 0:
        raise WireError("not plain data")
    if "int" in value and len(value) == 1 and type(value["int"]) is str:
        if len(value["int"]) > 4300:
            raise WireError("an integer too long")
        return int(value["int"])
    if "float" in value and len(value) == 1 and type(value["float"]) is str:
        return float(value["float"])
    if "complex" in value and len(value) == 1:
        real, imag = value["complex"]
        return complex(float(real), float(imag))
    if "list" in value and len(value) == 1 and type(value["list"]) is list:
        return [_from_plain(v, depth + 1) for v in value["list"]]
    if "tuple" in value and len(value) == 1 and type(value["tuple"]) is list:
        return tuple(_from_plain(v, depth + 1) for v in value["tuple"])
    if "dict" in value and len(value) == 1 and type(value["dict"]) is dict:
        return {str(k): _from_plain(v, depth + 1) for k, v in value["dict"].items()}
    if set(value) == {"record", "fields"} and value["record"] in RECORDS:
        kind = _record(value["record"])
        fields = value["fields"]
        if type(fields) is not list or len(fields) != len(kind._fields):
            raise WireError("a record with the wrong fields")
        return kind(*(_from_plain(v, depth + 1) for v in fields))
    if set(value) == {"array", "dtype", "shape", "scalar"}:
        dtype = np.dtype(str(value["dtype"]))
        shape = tuple(int(n) for n in value["shape"])
        if dtype.kind not in _KINDS or dtype.hasobject or any(n < 0 for n in shape):
            raise WireError("an array that is not numeric")
        data = base64.b64decode(str(value["array"]), validate=True)
        if len(data) != dtype.itemsize * math.prod(shape):
            raise WireError("an array whose bytes do not match its shape")
        array = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        return array[()] if value["scalar"] is True and shape == () else array
    raise WireError("not plain data")


def encode(value: Any) -> Any:
    """``value`` as a JSON-ready document; :class:`Unplain` if it is not plain data."""
    return _to_plain(value, 0)


def decode(document: Any) -> Any:
    """The plain value a document describes; :class:`WireError` for anything else."""
    return _from_plain(document, 0)


def write_frame(fd: int, message: dict[str, Any]) -> None:
    """Send one message (a JSON object) on the file descriptor ``fd``."""
    body = json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_BYTES:
        raise Unplain(f"a message of {len(body)} bytes (at most {MAX_BYTES})")
    data = _HEADER.pack(len(body)) + body
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exactly(fd: int, n: int) -> bytes:
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise WireError("the other side closed the connection")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> dict[str, Any]:
    """Read one message from ``fd``: a JSON object of at most :data:`MAX_BYTES`."""
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    if size > MAX_BYTES:
        raise WireError(f"a message of {size} bytes (at most {MAX_BYTES})")
    try:
        message = json.loads(_read_exactly(fd, size))
    except (ValueError, RecursionError):
        raise WireError("a message that is not JSON") from None
    if type(message) is not dict:
        raise WireError("a message that is not an object")
    return message
