"""Resource limits for reading PDFs: decompression bombs and pages with absurd amounts of
content must end in a clear :class:`ingest.types.LoaderError`, not in a process that eats
all memory.

pypdf bounds what it decodes itself (75 MB of zlib output per stream by default; beyond
that it raises ``LimitReachedError``). pdfminer.six, which pdfplumber uses for the page
text, does not: ``PDFStream.decode`` calls ``zlib.decompress`` without a bound, so a few
MiB of FlateDecode data can inflate to gigabytes. :func:`install` (called when the PDF
loader is imported) replaces pdfminer's Flate, LZW, RunLength and ASCII85 decoding with
bounded versions:

* one decoded stream may hold at most :data:`MAX_STREAM_BYTES`;
* inside :func:`budget` (one per PDF being read) all streams decoded together may hold at
  most :data:`MAX_DOCUMENT_BYTES` (pdfminer keeps decoded streams for the life of the
  document, so this bounds its memory).

Going over raises :class:`StreamLimit`; the active budget also remembers it (``tripped``),
so the loader notices even when a library swallows the exception.

Per page, :func:`limited_layout` lays the page out like pdfplumber's ``Page.layout`` but
raises :class:`PageLimit` once pdfminer has created more than :data:`MAX_PAGE_OBJECTS`
characters, paths, images and form XObjects (a real page has a few thousand; a small
file can ask for millions, each costing about a kilobyte); characters drawn in an
invisible text render mode (3 or 7) are left out of the layout and counted in
``page.hidden_invisible`` (see :mod:`ingest.loaders.pdf_visibility`), except over a
scanned page (an image drawn before them covering at least :data:`SCAN_SHARE` of the
page: the text layer OCR lays invisibly over the scan, where the reader sees that text in
the image); and
:func:`page_content_bytes` tells how large a page's content streams are decoded (the
loader skips pages above :data:`MAX_PAGE_CONTENT_BYTES`, whose parsing alone would take
minutes).
"""
from __future__ import annotations

import io
import logging
import threading
import zlib
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

MAX_STREAM_BYTES = 64 * 2**20
MAX_DOCUMENT_BYTES = 512 * 2**20
MAX_PAGE_CONTENT_BYTES = 16 * 2**20
MAX_PAGE_OBJECTS = 100_000
SCAN_SHARE = 0.5  # an image covering at least half the page: a scanned page

_local = threading.local()


class StreamLimit(Exception):
    """A stream (or all streams of a document) would decode to more than allowed."""


class PageLimit(Exception):
    """A page holds more objects than :data:`MAX_PAGE_OBJECTS`."""


class Budget:
    """Bytes that may still be decoded while one PDF is read."""

    def __init__(self, total: int):
        self.total = total
        self.left = total
        self.tripped: str | None = None  # why a limit was hit, if one was


@contextmanager
def budget(total: int = MAX_DOCUMENT_BYTES):
    """Decode budget for the current thread (one PDF at a time per thread)."""
    previous = getattr(_local, "budget", None)
    b = Budget(total)
    _local.budget = b
    try:
        yield b
    finally:
        _local.budget = previous


def _current() -> Budget | None:
    return getattr(_local, "budget", None)


def _trip(detail: str) -> None:
    b = _current()
    if b is not None and b.tripped is None:
        b.tripped = detail
    raise StreamLimit(detail)


def _allowance() -> int:
    """How many bytes the next stream may decode to."""
    b = _current()
    if b is None:
        return MAX_STREAM_BYTES
    if b.tripped is not None:
        raise StreamLimit(b.tripped)  # stop decoding anything once a limit was hit
    if b.left <= 0:
        _trip(f"the streams of the document expand to more than {b.total >> 20} MiB")
    return min(MAX_STREAM_BYTES, b.left)


def _over(limit: int) -> None:
    b = _current()
    if b is not None and limit < MAX_STREAM_BYTES:
        _trip(f"the streams of the document expand to more than {b.total >> 20} MiB")
    _trip(f"a compressed stream expands to more than {MAX_STREAM_BYTES >> 20} MiB")


def _charge(n: int) -> None:
    b = _current()
    if b is not None:
        b.left -= n


# ----------------------------------------------------------------------------- decoders

class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        limit = _allowance()
        d = zlib.decompressobj(wbits)
        out = d.decompress(data, limit + 1)
        if len(out) > limit:
            _over(limit)
        if not d.eof:  # what zlib.decompress says about a truncated stream
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        _charge(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a Flate stream with a damaged end (it feeds one byte at a
    time and concatenates, which is quadratic): the same result, in linear time and
    bounded. An error before the last 4 bytes (the checksum) is raised."""
    limit = _allowance()
    d = zlib.decompressobj()
    parts: list[bytes] = []
    total = 0
    step = 4096

    def add(out: bytes) -> None:
        nonlocal total
        total += len(out)
        if total > limit:
            _over(limit)
        parts.append(out)

    pos = 0
    while pos < len(data):
        chunk = data[pos:pos + step]
        saved = d.copy()
        try:
            add(d.decompress(chunk))
        except zlib.error:
            d = saved
            for j in range(len(chunk)):
                try:
                    add(d.decompress(chunk[j:j + 1]))
                except zlib.error:
                    if pos + j < len(data) - 3:
                        raise
                    log.debug("data loss while decompressing a damaged stream")
                    pos = len(data)
                    break
        pos += step
    _charge(total)
    return b"".join(parts)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    limit = _allowance()
    parts: list[bytes] = []
    total = 0
    for piece in LZWDecoder(io.BytesIO(data)).run():
        total += len(piece)
        if total > limit:
            _over(limit)
        parts.append(piece)
    _charge(total)
    return b"".join(parts)


def _rldecode(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5) with a bound: at most 64x the input."""
    limit = _allowance()
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1:i + 2 + length]
            i += length + 2
        else:
            out += data[i + 1:i + 2] * (257 - length)
            i += 2
        if len(out) > limit:
            _over(limit)
    _charge(len(out))
    return bytes(out)


def _ascii85decode(data: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode

    limit = _allowance()
    # "z" stands for four zero bytes; everything else shrinks (5 characters -> 4 bytes).
    if len(data) * 4 // 5 + 4 * data.count(b"z") > limit:
        _over(limit)
    out = ascii85decode(data)
    _charge(len(out))
    return out


def install() -> None:
    """Put the bounded decoders into pdfminer (idempotent)."""
    try:
        import pdfminer.pdftypes as pdftypes
    except ImportError:  # pragma: no cover - pdfplumber always brings pdfminer
        return
    if getattr(pdftypes, "_vraagbaak_limits", False):
        return
    pdftypes.zlib = _BoundedZlib()
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzwdecode
    pdftypes.rldecode = _rldecode
    pdftypes.ascii85decode = _ascii85decode
    pdftypes._vraagbaak_limits = True


# ----------------------------------------------------------------------------- pages

def page_content_bytes(page) -> int:
    """Decoded size of a pdfplumber page's content streams (bounded decoders)."""
    from pdfminer.pdftypes import resolve1

    total = 0
    for ref in getattr(page.page_obj, "contents", None) or []:
        stream = resolve1(ref)
        get_data = getattr(stream, "get_data", None)
        if get_data is not None:
            total += len(get_data())
    return total


_aggregator_class = None


def _counting_aggregator():
    global _aggregator_class
    if _aggregator_class is None:
        from pdfplumber.page import PDFPageAggregatorWithMarkedContent

        class CountingAggregator(PDFPageAggregatorWithMarkedContent):
            max_objects = MAX_PAGE_OBJECTS
            objects_seen = 0

            def _count(self) -> None:
                self.objects_seen += 1
                if self.objects_seen > self.max_objects:
                    raise PageLimit(f"more than {self.max_objects} characters and drawing objects on the page")

            invisible_mode = False  # text render mode 3 or 7: nothing is painted
            hidden_invisible = 0
            scans: list = []  # the page-sized images drawn so far (x0, y0, x1, y1)
            page_area = 0.0

            def begin_page(self, page, ctm):
                super().begin_page(page, ctm)
                self.scans = []
                self.page_area = abs(self.cur_item.width * self.cur_item.height)

            def _over_scan(self, item) -> bool:
                cx, cy = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
                return any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in self.scans)

            def render_string(self, textstate, *args, **kwargs):
                self.invisible_mode = getattr(textstate, "render", 0) in (3, 7)
                try:
                    return super().render_string(textstate, *args, **kwargs)
                finally:
                    self.invisible_mode = False

            def render_char(self, *args, **kwargs):
                self._count()
                adv = super().render_char(*args, **kwargs)
                if self.invisible_mode and self.cur_item._objs and not self._over_scan(self.cur_item._objs[-1]):
                    char = self.cur_item._objs.pop()  # a reader never sees it: not read
                    if char.get_text().strip():
                        self.hidden_invisible += len(char.get_text())
                return adv

            def paint_path(self, *args, **kwargs):
                self._count()
                return super().paint_path(*args, **kwargs)

            def render_image(self, *args, **kwargs):
                self._count()
                out = super().render_image(*args, **kwargs)
                fig = self.cur_item  # pdfminer draws an image inside its figure, of its size
                if self.page_area and abs(fig.width * fig.height) >= SCAN_SHARE * self.page_area:
                    self.scans.append((fig.x0, fig.y0, fig.x1, fig.y1))
                return out

            def begin_figure(self, *args, **kwargs):
                self._count()  # a form XObject drawn (nested forms can multiply content)
                return super().begin_figure(*args, **kwargs)

        _aggregator_class = CountingAggregator
    return _aggregator_class


def limited_layout(page, max_objects: int = MAX_PAGE_OBJECTS) -> None:
    """Lay out a pdfplumber page as ``Page.layout`` does (the result is stored where
    pdfplumber looks for it), raising :class:`PageLimit` above ``max_objects``."""
    if hasattr(page, "_layout"):
        return
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _counting_aggregator()(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    device.max_objects = max_objects
    interpreter = PDFPageInterpreter(page.pdf.rsrcmgr, device)
    interpreter.process_page(page.page_obj)
    page._layout = device.get_result()
    page.hidden_invisible = device.hidden_invisible  # characters in an invisible render mode
