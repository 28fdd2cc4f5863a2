"""A big file's reader in a child process: JSON or CSV is parsed on the second core while
the importing process matches names, cuts days and inserts.

The child is forked with the reader already set up (`Parsed.rows`, a generator: the CSV
header has been checked), turns its rows into what the import writes (`prepare.prepared`:
midnight cuts, notes, tags; plain tuples of text and numbers) and sends them back CHUNK at
a time, with the records counted, the problems and warnings found and the bytes read so
far. The parent's `Parsed` is the same object the reader made: `records`, `problems`,
`warnings` and `bytes_read()` follow the rows handed out, as they do in one process. An
exception of the reader (a FileError when the file breaks off, an OSError) is raised where
the reader raised it.

Only where `fork` exists (the reader and its open file are inherited, nothing is pickled
but the rows), and only for files of CHILD_FROM bytes or more: the child costs a fork and
the pickling of every row, which a small file does not win back (docs/performance.md,
"Imports"). `close()` stops the child when the import ends early.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Iterator
from datetime import tzinfo
from multiprocessing.connection import Connection

from psa_cli.importers.prepare import LocalDays, Prepared, prepared
from psa_cli.importers.records import FileError, Parsed

CHILD_FROM = 4 << 20  # bytes
CHUNK = 2_000  # rows per message
QUEUED = 16  # messages received and not yet used (~5 MB)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def offload(parsed: Parsed, tz: tzinfo, at_least: int | None = None) -> Iterator[Prepared] | None:
    """The rows of `parsed`, prepared by a child process when the file has `at_least`
    bytes (CHILD_FROM) and fork exists; None: read them here."""
    if parsed.size < (CHILD_FROM if at_least is None else at_least) or not can_fork():
        return None
    return _Child(parsed, tz).rows()


class _Child:
    """The parent's side: a thread takes each message off the pipe as soon as it comes (the
    pipe holds 64 KiB, less than a chunk: without it the child would wait whenever this
    process writes a batch) and keeps up to QUEUED of them; they are unpickled as the rows
    are used."""

    def __init__(self, parsed: Parsed, tz: tzinfo) -> None:
        self.parsed = parsed
        self.position = 0
        self.messages: queue.Queue[bytes | None] = queue.Queue(QUEUED)
        self.stopping = threading.Event()
        ctx = multiprocessing.get_context("fork")
        self.receiver, sender = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_produce, args=(parsed, tz, sender), daemon=True)
        self.process.start()
        sender.close()
        self.thread = threading.Thread(target=self._receive, name="psa-import-reader",
                                       daemon=True)  # fmt: skip
        self.thread.start()
        parsed.rows = iter(())  # the parent never reads the file itself
        parsed.bytes_read = lambda: self.position
        parsed.close = self.close

    def _receive(self) -> None:
        try:
            while not self.stopping.is_set():
                self._put(self.receiver.recv_bytes())
        except (EOFError, OSError):  # the child is gone: rows() says what it last sent
            pass
        self._put(None)

    def _put(self, message: bytes | None) -> None:
        while not self.stopping.is_set():
            try:
                self.messages.put(message, timeout=0.1)
                return
            except queue.Full:
                continue

    def rows(self) -> Iterator[Prepared]:
        parsed = self.parsed
        try:
            while True:
                message = self.messages.get()
                if message is None:
                    raise FileError("the reading process stopped half-way: run the import again")
                kind, rows, records, problems, warnings, position, error = pickle.loads(message)
                parsed.records = records
                parsed.problems.extend(problems)
                parsed.warnings.extend(warnings)
                self.position = position
                yield from rows
                if error is not None:
                    raise error
                if kind == "end":
                    return
        finally:
            self.close()

    def close(self) -> None:
        self.stopping.set()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.thread.join()
        self.receiver.close()


def _produce(parsed: Parsed, tz: tzinfo, sender: Connection) -> None:
    """In the child: read every row, send them on, then leave without any clean-up of the
    parent's objects (its ledger connection among them)."""
    code = 0
    try:
        _send_all(parsed, tz, sender)
    except BaseException:  # the pipe broke: the parent has stopped listening
        code = 1
    finally:
        os._exit(code)


def _send_all(parsed: Parsed, tz: tzinfo, sender: Connection) -> None:
    chunk: list[Prepared] = []
    sent = [0, 0]  # problems, warnings already sent

    def send(kind: str, error: BaseException | None = None) -> None:
        problems, warnings = parsed.problems[sent[0] :], parsed.warnings[sent[1] :]
        sent[0] += len(problems)
        sent[1] += len(warnings)
        position = parsed.size if kind == "end" else parsed.bytes_read()
        message = (kind, chunk, parsed.records, problems, warnings, position, error)
        sender.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    try:
        for row in prepared(parsed.rows, LocalDays(tz)):
            chunk.append(row)
            if len(chunk) == CHUNK:
                send("rows")
                chunk = []
    except Exception as exc:  # FileError, OSError, ...: raised again in the parent
        send("error", exc)
        return
    send("end")
