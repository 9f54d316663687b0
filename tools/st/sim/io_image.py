"""The process image: input (``%I``), output (``%Q``) and memory (``%M``) areas as bytes.

IEC 61131-3 §6.5.5 locates a variable at a direct address: ``%IX0.1`` is bit 1
of input byte 0, ``%QW4`` the output word at byte 4, ``%MD10`` the memory
double word at byte 10 (sizes X bit, B byte, W word, D double word, L long
word). Views of different sizes overlap as on the PLC: ``%MX0.1`` is bit 1 of
``%MB0``, and ``%MW0`` covers ``%MB0`` and ``%MB1`` **little-endian**
(``%MB0`` is the low byte), as on the x86 and ARM targets of TwinCAT and
CODESYS. (Siemens S7 is big-endian; its SCL sources rarely use ``AT``.)

Addresses are byte addresses, as in CODESYS V3 and TwinCAT 3: ``%MW1``
starts at byte 1 (CODESYS V2 counted words; not supported).

A located variable has no storage of its own: every read and write goes to
the image, so overlapping variables always agree. The input area has a
process side too: what the test (the sensors) last wrote. At the start of
each cycle the input image is read from it, so a program that writes to an
input variable sees the process value again in the next cycle, as on the
PLC (writing inputs to "consume" a button press does not work there either).
CODESYS ``AT %I*`` (an address the I/O configuration assigns) is not bound
here: such a variable is ordinary storage, set and read by its path.

A located array (``aRaw AT %IW10 : ARRAY[1..6] OF INT``) lies element after
element from the address's byte, each at its type's width (``aRaw[2]`` is
``%IW12``), as CODESYS V3 and TwinCAT lay it out; its value is an
``ImageSequence``, a list stand-in over the image. Only the start byte
matters, so any byte, word or double-word address may start it. Arrays of
BOOL are refused: the targets give each element a whole byte, which a bit
address cannot say.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werk.tools.errors import UsageError

if TYPE_CHECKING:
    from werk.tools.st.sim.iec.types import ElementarySpec

AREAS = ("I", "Q", "M")
SIZE_BYTES = {"X": 1, "B": 1, "W": 2, "D": 4, "L": 8}
SIZE_TYPE = {"X": "BOOL", "B": "BYTE", "W": "WORD", "D": "DWORD", "L": "LWORD"}
_ADDRESS = re.compile(r"^%([IQM])([XBWDL]?)(\d+)(?:\.(\d+))?$", re.IGNORECASE)


@dataclass(frozen=True)
class IoAddress:
    """A parsed direct address."""

    area: str  # I, Q or M
    size: str  # X, B, W, D or L
    byte: int
    bit: int = 0

    @classmethod
    def parse(cls, text: str) -> IoAddress:
        """``%IX0.1``, ``%QW4``, ``%MD10``; ``%I0.1`` (no size) is a bit. Raises ``ValueError``."""
        match = _ADDRESS.match(text.strip())
        if match is None:
            raise ValueError(f"not a direct address: {text!r} (expected e.g. %IX0.1, %QW4)")
        area, size, byte, bit = match.groups()
        size = (size or ("X" if bit is not None else "")).upper()
        if not size:
            raise ValueError(f"direct address {text!r} has no size (X, B, W, D or L)")
        if size == "X":
            if bit is None:
                raise ValueError(f"bit address {text!r} needs a bit number (%IX0.1)")
            if int(bit) > 7:
                raise ValueError(f"bit address {text!r}: the bit number must be 0..7")
            return cls(area.upper(), size, int(byte), int(bit))
        if bit is not None:
            raise ValueError(f"only bit addresses take a bit number: {text!r}")
        return cls(area.upper(), size, int(byte))

    @property
    def width(self) -> int:
        """Bytes covered (a bit covers its byte)."""
        return SIZE_BYTES[self.size]

    def __str__(self) -> str:
        suffix = f"{self.byte}.{self.bit}" if self.size == "X" else str(self.byte)
        return f"%{self.area}{self.size}{suffix}"


Codec = tuple[Callable[[bytearray, int], Any], Callable[[bytearray, int, Any], None]]


def _integer_codec(width: int, signed: bool) -> Codec:
    def read(buffer: bytearray, offset: int) -> int:
        return int.from_bytes(buffer[offset : offset + width], "little", signed=signed)

    mask = (1 << (8 * width)) - 1

    def write(buffer: bytearray, offset: int, value: Any) -> None:
        buffer[offset : offset + width] = (int(value) & mask).to_bytes(width, "little")

    return read, write


def _real_codec(fmt: str) -> Codec:
    packer = struct.Struct(fmt)

    def read(buffer: bytearray, offset: int) -> float:
        return float(packer.unpack_from(buffer, offset)[0])

    def write(buffer: bytearray, offset: int, value: Any) -> None:
        packer.pack_into(buffer, offset, float(value))

    return read, write


def codec_for(address: IoAddress, kind: str, bits: int) -> Codec:
    """How a value of an elementary type sits at ``address``; ``ValueError`` if it cannot."""
    if address.size == "X":
        if kind != "bool":
            raise ValueError(f"a bit address ({address}) holds only a BOOL")
        mask = 1 << address.bit
        inverse = 0xFF ^ mask

        def read_bit(buffer: bytearray, offset: int) -> bool:
            return bool(buffer[offset] & mask)

        def write_bit(buffer: bytearray, offset: int, value: Any) -> None:
            buffer[offset] = (buffer[offset] | mask) if value else (buffer[offset] & inverse)

        return read_bit, write_bit
    width = address.width
    if kind == "bool":
        raise ValueError(f"a BOOL needs a bit address, not {address}")
    if kind in ("string", "wstring") or bits != 8 * width:
        raise ValueError(f"a {bits}-bit {kind} value does not fit {address} ({8 * width} bits)")
    if kind == "real":
        return _real_codec("<f" if width == 4 else "<d")
    return _integer_codec(width, signed=kind == "signed")


WIDTH_SIZE = {1: "B", 2: "W", 4: "D", 8: "L"}


class ImageSequence:
    """A located array's elements in the image: indexable like the list of a plain array.

    For an input array, ``process`` is the process side of the input area:
    the view a test writes through (``process_side``) writes there too
    (``mirror``), so the next input scan keeps what the test set.
    """

    __slots__ = ("buffer", "codec", "mirror", "process", "size", "start", "width")

    def __init__(
        self,
        buffer: bytearray,
        start: int,
        width: int,
        size: int,
        codec: Codec,
        process: bytearray | None = None,
        mirror: bytearray | None = None,
    ) -> None:
        self.buffer = buffer
        self.start = start
        self.width = width
        self.size = size
        self.codec = codec
        self.process = process
        self.mirror = mirror

    def process_side(self) -> ImageSequence:
        """The view tests write through: for inputs, the process side too."""
        if self.process is None:
            return self
        return ImageSequence(
            self.buffer, self.start, self.width, self.size, self.codec, mirror=self.process
        )

    def __len__(self) -> int:
        return self.size

    def _offset(self, index: int) -> int:
        if not 0 <= index < self.size:
            raise IndexError(index)
        return self.start + index * self.width

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        return self.codec[0](self.buffer, self._offset(index))

    def __setitem__(self, index: int | slice, value: Any) -> None:
        if isinstance(index, slice):
            for i, item in zip(range(*index.indices(self.size)), value, strict=True):
                self[i] = item
            return
        offset = self._offset(index)
        write = self.codec[1]
        write(self.buffer, offset, value)
        if self.mirror is not None:
            write(self.mirror, offset, value)

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(self.size))

    def __repr__(self) -> str:
        return f"ImageSequence({list(self)!r})"


class IoImage:
    """The three areas; each grows as addresses beyond its end are written."""

    def __init__(self) -> None:
        self.areas: dict[str, bytearray] = {area: bytearray() for area in AREAS}
        # The inputs as the process (the test) set them; latched into the image per cycle.
        self.process = bytearray()

    def buffer(self, address: IoAddress, width: int | None = None) -> bytearray:
        """The area of ``address``, grown to cover it (or ``width`` bytes from it)."""
        buffer = self.areas[address.area]
        end = address.byte + (address.width if width is None else width)
        if len(buffer) < end:
            buffer.extend(bytes(end - len(buffer)))
            if address.area == "I":
                self.process.extend(bytes(end - len(self.process)))
        return buffer

    def latch_inputs(self) -> None:
        """The input scan: the image takes the inputs the process set."""
        self.areas["I"][:] = self.process

    def process_writer(self, address: IoAddress, spec: ElementarySpec) -> Callable[[Any], None]:
        """A writer for tests: an input goes to the process side and the image."""
        _, write = codec_for(address, spec.kind, spec.bits)
        buffer = self.buffer(address)
        offset = address.byte
        if address.area != "I":
            return lambda value: write(buffer, offset, value)
        process = self.process

        def write_input(value: Any) -> None:
            write(buffer, offset, value)
            write(process, offset, value)

        return write_input

    def accessors(
        self, address: IoAddress, spec: ElementarySpec
    ) -> tuple[Callable[[], Any], Callable[[Any], None]]:
        """A reader and a writer of ``address`` as ``spec``; ``ValueError`` on a size mismatch."""
        read, write = codec_for(address, spec.kind, spec.bits)
        buffer = self.buffer(address)
        offset = address.byte
        return (lambda: read(buffer, offset)), (lambda value: write(buffer, offset, value))

    def sequence(self, address: IoAddress, spec: ElementarySpec, size: int) -> ImageSequence:
        """``size`` values of ``spec`` from ``address`` on; ``ValueError`` if they cannot be."""
        if address.size == "X":
            raise ValueError(f"an array needs a byte address, not the bit address {address}")
        if spec.kind == "bool":
            raise ValueError("an ARRAY OF BOOL takes a byte per element: not laid out")
        width = spec.bits // 8
        size_letter = WIDTH_SIZE.get(width)
        if size_letter is None or spec.bits % 8:
            raise ValueError(f"{spec.name} elements cannot be laid out in the image")
        element = IoAddress(address.area, size_letter, address.byte)
        codec = codec_for(element, spec.kind, spec.bits)
        buffer = self.buffer(address, width * size)
        process = self.process if address.area == "I" else None
        return ImageSequence(buffer, address.byte, width, size, codec, process)

    def read(self, address: str | IoAddress) -> Any:
        """The raw value at an address: BOOL for bits, an unsigned integer otherwise."""
        parsed = self._parse(address)
        read, _ = codec_for(parsed, "bool" if parsed.size == "X" else "bits", 8 * parsed.width)
        return read(self.buffer(parsed), parsed.byte)

    def write(self, address: str | IoAddress, value: Any) -> None:
        """Write a raw value: BOOL for bits, an integer (taken modulo the width) otherwise."""
        parsed = self._parse(address)
        if parsed.size != "X" and (isinstance(value, bool) or not isinstance(value, int)):
            raise UsageError(f"{parsed} takes an integer, not {value!r}")
        _, write = codec_for(parsed, "bool" if parsed.size == "X" else "bits", 8 * parsed.width)
        write(self.buffer(parsed), parsed.byte, value)
        if parsed.area == "I":
            write(self.process, parsed.byte, value)

    def clear(self) -> None:
        for buffer in (*self.areas.values(), self.process):
            buffer[:] = bytes(len(buffer))

    @staticmethod
    def _parse(address: str | IoAddress) -> IoAddress:
        if isinstance(address, IoAddress):
            return address
        try:
            return IoAddress.parse(address)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc


class IoView:
    """The image as a container of located values, so a ``Ref`` can point into it."""

    __slots__ = ("readers", "writers")

    def __init__(self) -> None:
        self.readers: dict[str, Callable[[], Any]] = {}
        self.writers: dict[str, Callable[[Any], None]] = {}

    def add(self, key: str, reader: Callable[[], Any], writer: Callable[[Any], None]) -> None:
        self.readers[key] = reader
        self.writers[key] = writer

    def __getitem__(self, key: str) -> Any:
        return self.readers[key]()

    def __setitem__(self, key: str, value: Any) -> None:
        self.writers[key](value)
