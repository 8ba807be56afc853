"""A small CBOR (RFC 8949) encoder and decoder for the end-to-end tests, written from the RFC.

Python values map as: dict <-> map, list <-> array, str <-> text string, bytes <-> byte string,
int <-> unsigned/negative integer, float <-> float (decoded from half, single or double; encoded as
double), bool/None <-> simple values. Tags decode to Tag(number, value); encode a Tag to send one.
Indefinite-length items are decoded. Malformed input raises ValueError.
"""

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class Tag:
    number: int
    value: object


def _head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(f"integer too large for CBOR: {n}")


def dumps(value):
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, (bytes, bytearray)):
        return _head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(dumps(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(dumps(k) + dumps(v) for k, v in value.items())
    if isinstance(value, Tag):
        return _head(6, value.number) + dumps(value.value)
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


class _Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if n > len(self.data) - self.pos:
            raise ValueError(f"CBOR truncated at byte {self.pos}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def head(self):
        first = self.take(1)[0]
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info
        if info in (24, 25, 26, 27):
            size = 1 << (info - 24)
            return major, int.from_bytes(self.take(size), "big")
        if info == 31 and major in (2, 3, 4, 5, 7):
            return major, None  # indefinite length, or the "break" stop code for major 7
        raise ValueError(f"bad CBOR additional information {info} at byte {self.pos - 1}")

    def item(self):
        start = self.pos
        major, arg = self.head()
        if major == 0:
            return arg
        if major == 1:
            return -1 - arg
        if major in (2, 3):
            if arg is None:
                chunks = []
                while self.data[self.pos:self.pos + 1] != b"\xff":
                    chunks.append(self.item())
                self.take(1)
                raw = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
            else:
                raw = self.take(arg)
            return raw if major == 2 else raw.decode()
        if major == 4:
            if arg is None:
                out = []
                while self.data[self.pos:self.pos + 1] != b"\xff":
                    out.append(self.item())
                self.take(1)
                return out
            return [self.item() for _ in range(arg)]
        if major == 5:
            out = {}
            if arg is None:
                while self.data[self.pos:self.pos + 1] != b"\xff":
                    key = self.item()
                    out[key] = self.item()
                self.take(1)
                return out
            for _ in range(arg):
                key = self.item()
                out[key] = self.item()
            return out
        if major == 6:
            return Tag(arg, self.item())
        # major 7: simple values and floats
        first = self.data[start] & 0x1F
        if first == 20:
            return False
        if first == 21:
            return True
        if first in (22, 23):
            return None
        if first == 25:
            return struct.unpack(">e", arg.to_bytes(2, "big"))[0]
        if first == 26:
            return struct.unpack(">f", arg.to_bytes(4, "big"))[0]
        if first == 27:
            return struct.unpack(">d", arg.to_bytes(8, "big"))[0]
        raise ValueError(f"unsupported CBOR simple value at byte {start}")


def loads(data):
    reader = _Reader(bytes(data))
    value = reader.item()
    if reader.pos != len(reader.data):
        raise ValueError(f"{len(reader.data) - reader.pos} trailing bytes after the CBOR item")
    return value
