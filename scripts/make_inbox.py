#!/usr/bin/env python3
"""Writes the binary files of tests/fixtures/inbox/ (no PDF or image library needed).

- meeting-notes.pdf: a text-layer PDF (Helvetica, WinAnsiEncoding) with a few sentences of
  an invented meeting, and a document information dictionary (/Title, /CreationDate).
- scanned-letter.pdf: a page that is only an image (a grey 8x8 bitmap), no text layer: what
  a scanner writes before OCR.
- photo.png: a 1x1 grey picture, a file that is no article.

The HTML pages beside them are written by hand. Run from the repository root:
python3 scripts/make_inbox.py
"""
import os
import struct
import zlib

OUT = os.path.join("tests", "fixtures", "inbox")


def pdf(objects):
    """A PDF file from its objects' bodies (object n is objects[n-1]); object 1 is the
    catalog, the last one the information dictionary."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf():
    lines = [
        "Minutes of the harbour committee",
        "",
        "Trade envoy Marit Olsen met Jonas Keller in Bergen on Tuesday.",
        "They discussed the fees charged at the northern harbours and agreed",
        "to meet again in April.",
    ]
    ops = [b"BT", b"/F1 12 Tf", b"14 TL", b"72 740 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (Harbour committee minutes) /CreationDate (D:20250311100000+01'00') >>",
    ])


def image_pdf():
    pixels = zlib.compress(bytes([128]) * 64)
    image = stream(pixels, b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray"
                           b" /BitsPerComponent 8 /Filter /FlateDecode ")
    content = b"q 468 0 0 600 72 100 cm /Im1 Do Q"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(content),
        image,
        b"<< /CreationDate (D:20250312) >>",
    ])


def png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
            + chunk(b"IEND", b""))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, data in [("meeting-notes.pdf", text_pdf()), ("scanned-letter.pdf", image_pdf()), ("photo.png", png())]:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
