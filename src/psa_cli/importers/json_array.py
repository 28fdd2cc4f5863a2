"""A JSON array read item by item: `json.load` of a 1M-frame Watson file builds ~700 MB of
lists before the first row is made; this reader holds one chunk of text and one item.

Each item is decoded by the standard library's C scanner (`JSONDecoder.raw_decode`) from
a text buffer refilled 1 MiB at a time; an item cut by the end of the buffer is decoded
again once more text is in. Errors name the line and column like `json` does.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

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


def items(fh: BinaryIO, what: str, not_an_array: str) -> Iterator[object]:
    """The items of the JSON array that `fh` holds, one at a time. FileError if the file is
    not JSON ('not a {what} JSON file (...)') or holds something else (`not_an_array`)."""
    text = _Text(fh)
    decoder = json.JSONDecoder()
    if text.skip_space() != "[":
        _not_an_array(text, decoder, what, not_an_array)
    text.pos += 1
    if text.skip_space() == "]":
        text.pos += 1
        return _trailing(text, what)
    while True:
        yield _item(text, decoder, what)
        mark = text.skip_space()
        text.pos += 1
        if mark == "]":
            return _trailing(text, what)
        if mark != ",":
            _broken(text, text.pos - 1, "Expecting ',' delimiter", what)
        text.skip_space()


def _item(text: _Text, decoder: json.JSONDecoder, what: str) -> object:
    while True:
        try:
            value, end = decoder.raw_decode(text.buf, text.pos)
        except json.JSONDecodeError as exc:
            if text.eof or len(text.buf) - text.pos >= MAX_ITEM or not text.more():
                _broken(text, exc.pos, exc.msg, what)
            continue
        # A number that runs to the end of the buffer may go on in the next chunk ('0.' of
        # '0.5' decodes as 0); anything else is whole once decoded.
        cut = type(value) in (int, float) and _NUMBER_TAIL.fullmatch(text.buf, end)
        if not cut or text.eof:
            text.pos = end
            return value
        text.more()


def _not_an_array(text: _Text, decoder: json.JSONDecoder, what: str, message: str) -> None:
    """The file does not start with '[': is it JSON at all?"""
    try:
        _item(text, decoder, what)
    except FileError:
        if len(text.buf) - text.pos < MAX_ITEM:
            raise
    else:
        _trailing(text, what)
    raise FileError(message)  # JSON (or too big a value to tell), but not an array


def _trailing(text: _Text, what: str) -> None:
    if text.skip_space():
        _broken(text, text.pos, "Extra data", what)


def _broken(text: _Text, offset: int, message: str, what: str) -> None:
    raise FileError(f"not a {what} JSON file ({message}: {text.where(offset)})")
