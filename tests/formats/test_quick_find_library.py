"""WeasyPrint's libraries found from one `ldconfig -p` listing (invoice_pdf.quick_find_library):
the same answers as ctypes.util.find_library for what exists, none for what does not, and
find_library itself given back afterwards."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from psa_cli.formats import invoice_pdf

LISTING = """\
1234 libs found in cache `/etc/ld.so.cache'
\tlibpangoft2-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpangoft2-1.0.so.0
\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibharfbuzz-subset.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz-subset.so.0
\tlibharfbuzz.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz.so.0
\tlibfontconfig.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libfontconfig.so.1
"""


@pytest.mark.parametrize(
    ("name", "soname"),
    [
        ("pango-1.0", "libpango-1.0.so.0"),
        ("pangoft2-1.0", "libpangoft2-1.0.so.0"),
        ("harfbuzz", "libharfbuzz.so.0"),  # not libharfbuzz-subset
        ("harfbuzz-subset", "libharfbuzz-subset.so.0"),
        ("fontconfig", "libfontconfig.so.1"),
        ("libpango-1.0-0", None),  # the names WeasyPrint tries first, Windows-style
        ("pango-1.0-0", None),
        ("pango", None),  # libpango-1.0: not lib + 'pango' + '.'
    ],
)
def test_names_resolve_like_find_library_would(name: str, soname: str | None) -> None:
    assert invoice_pdf._finder(LISTING)(name) == soname


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_on_this_machine_the_answers_match_find_library() -> None:
    listing = invoice_pdf._ldconfig_listing()
    if not listing:
        pytest.skip("no ldconfig listing on this machine")
    find = invoice_pdf._finder(listing)
    for name in ("c", "m", "sqlite3", "pango-1.0", "harfbuzz", "fontconfig", "gobject-2.0"):
        assert find(name) == ctypes.util.find_library(name), name
    assert find("no-such-library-psa") is None


def test_find_library_is_given_back(monkeypatch: pytest.MonkeyPatch) -> None:
    original = ctypes.util.find_library
    monkeypatch.setattr(invoice_pdf, "_ldconfig_listing", lambda: LISTING)
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    with pytest.raises(RuntimeError), invoice_pdf.quick_find_library():
        if sys.platform.startswith("linux"):
            assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.0"
            assert ctypes.util.find_library("pango-1.0-0") is None
        raise RuntimeError("a failing import")
    assert ctypes.util.find_library is original


def test_ld_library_path_keeps_the_full_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    original = ctypes.util.find_library
    monkeypatch.setattr(invoice_pdf, "_ldconfig_listing", lambda: LISTING)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/gtk/lib")
    with invoice_pdf.quick_find_library():
        assert ctypes.util.find_library is original
