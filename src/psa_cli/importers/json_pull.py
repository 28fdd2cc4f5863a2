"""JSON read piece by piece: `json.load` of a 1M-frame Watson file builds ~700 MB of lists
before the first row is made; this reader holds one chunk of text and one item (an array's
item, or an object's member: the whole-ledger document is read table row by table row).

Each item is decoded by the standard library's C scanner (`JSONDecoder.raw_decode`) from
a text buffer refilled 1 MiB at a time; an item cut by the end of the buffer is decoded
again once more text is in. Errors name the line and column like `json` does.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import BinaryIO, NoReturn

from psa_cli.importers.records import FileError

CHUNK = 1 << 20  # bytes read at a time
MAX_ITEM = 8 << 20  # an item this long that still does not decode is broken, not cut
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9.eE+\-]*")  # what may follow a number's valid beginning


class _Text:
    """The file as text, a buffer at a time, knowing the line and column of any offset."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0  # next character to read in buf
        self.eof = False
        self.line = 1  # line and column of buf[0]
        self.column = 1

    def more(self) -> bool:
        """Drop what was read, append the next chunk; False at the end of the file."""
        if self.eof:
            return False
        gone = self.buf[: self.pos]
        newlines = gone.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(gone) - gone.rfind("\n")
        else:
            self.column += len(gone)
        data = self.fh.read(CHUNK)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise FileError("the file is not UTF-8 text") from None
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        self.eof = not data
        return True

    def skip_space(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            self.pos = pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if pos < len(self.buf):
                return self.buf[pos]
            if not self.more():
                return ""

    def where(self, offset: int) -> str:
        before = self.buf[:offset]
        newlines = before.count("\n")
        if newlines:
            column = offset - before.rfind("\n")
            return f"line {self.line + newlines} column {column}"
        return f"line {self.line} column {self.column + offset}"


class Pull:
    """A JSON document read piece by piece: whole values where they are small, the items of
    an array or the members of an object one at a time where they are not."""

    def __init__(self, fh: BinaryIO, what: str) -> None:
        self.text = _Text(fh)
        self.decoder = json.JSONDecoder()
        self.what = what  # 'not a {what} JSON file (...)'

    def position(self) -> int:
        """About how many bytes of the file have been read as JSON (not just buffered):
        the file's offset less the text still in the buffer, a byte a character."""
        return max(self.text.fh.tell() - (len(self.text.buf) - self.text.pos), 0)

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        return self.text.skip_space()

    def value(self) -> object:
        self.peek()
        return _item(self.text, self.decoder, self.what)

    def array(self) -> Iterator[object]:
        """The items of the array that comes next."""
        if self.peek() != "[":
            self.fail("Expecting value")
        for _ in self._sequence("]"):
            yield self.value()

    def members(self) -> Iterator[str]:
        """The keys of the object that comes next; the caller reads each value (value(),
        array() or members()) before asking for the next key."""
        if self.peek() != "{":
            self.fail("Expecting value")
        for _ in self._sequence("}"):
            if self.peek() != '"':
                self.fail("Expecting property name enclosed in double quotes")
            key = self.value()
            if self.peek() != ":":
                self.fail("Expecting ':' delimiter")
            self.text.pos += 1
            yield str(key)

    def end(self) -> None:
        """Nothing but white space may follow the document."""
        if self.peek():
            self.fail("Extra data")

    def fail(self, message: str, offset: int | None = None) -> NoReturn:
        where = self.text.where(self.text.pos if offset is None else offset)
        raise FileError(f"not a {self.what} JSON file ({message}: {where})")

    def _sequence(self, close: str) -> Iterator[None]:
        """Once per element of the array or object whose opening bracket is next."""
        text = self.text
        text.pos += 1
        if self.peek() == close:
            text.pos += 1
            return
        while True:
            yield
            mark = self.peek()
            text.pos += 1
            if mark == close:
                return
            if mark != ",":
                self.fail("Expecting ',' delimiter", text.pos - 1)


def items(pull: Pull, not_an_array: str) -> Iterator[object]:
    """The items of the JSON array that `pull` reads, one at a time. FileError if the file
    is not JSON ('not a {what} JSON file (...)') or holds something else (`not_an_array`)."""
    if pull.peek() != "[":
        try:
            pull.value()
        except FileError:
            if len(pull.text.buf) - pull.text.pos < MAX_ITEM:
                raise
        else:
            pull.end()
        raise FileError(not_an_array)  # JSON (or too big a value to tell), not an array
    yield from pull.array()
    pull.end()


def _item(text: _Text, decoder: json.JSONDecoder, what: str) -> object:
    while True:
        try:
            value, end = decoder.raw_decode(text.buf, text.pos)
        except json.JSONDecodeError as exc:
            if text.eof or len(text.buf) - text.pos >= MAX_ITEM or not text.more():
                raise FileError(
                    f"not a {what} JSON file ({exc.msg}: {text.where(exc.pos)})"
                ) from None
            continue
        # A number that runs to the end of the buffer may go on in the next chunk ('0.' of
        # '0.5' decodes as 0); anything else is whole once decoded.
        cut = type(value) in (int, float) and _NUMBER_TAIL.fullmatch(text.buf, end)
        if not cut or text.eof:
            text.pos = end
            return value
        text.more()
