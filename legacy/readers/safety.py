"""Checks on an uploaded file before any reader touches it.

- size (settings.IMPORT_MAX_BYTES) and rows (settings.IMPORT_MAX_ROWS, enforced by the readers);
- the format is decided by the content (magic bytes), never by the file name;
- a zip (.xlsx, .docx) is refused when its central directory declares too many entries or too
  many uncompressed bytes, a part compressed past any real workbook's ratio (a zip bomb), or a
  compression other than the two Office writes (stored, deflate; not Deflate64, bzip2, LZMA ...),
  before anything is unpacked;
- every failure of the zip layer (a bad CRC, corrupt deflate data, a cut-short file) is a plain
  refusal (`zip_errors`), whichever step meets it;
- XML is parsed with defusedxml installed (no billion laughs, no external entities), and any
  DOCTYPE in the package is refused outright: each part is decoded in the encoding its first bytes
  and its declaration say (UTF-8, UTF-16 and UTF-32, either byte order, with or without a BOM)
  before it is searched, and a part in any other encoding is refused;
- an encrypted (password-protected) Office file is an OLE2 container: refused with a message.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import defusedxml
from django.conf import settings

from legacy.readers.tables import ReadError

# Once, at import: the stdlib XML parsers (used by openpyxl and python-docx through lxml/ElementTree)
# are replaced by defusedxml's, which refuse entity expansion and external entities.
defusedxml.defuse_stdlib()

ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 200  # a member that claims to expand more than 200x is a bomb

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.I)
_DECLARED = re.compile(r"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# The compressions Office writes; zipfile would also unpack bzip2 and LZMA, which no workbook uses.
ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
ZIP_METHOD_NAMES = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES"}
# Byte-order marks; without one, the NUL bytes among a part's first four say UTF-16 or UTF-32 and
# the byte order (XML 1.0, appendix F). A part with none is read as ASCII-compatible.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Declared encodings a part may use besides those its first bytes announce: ASCII-compatible ones,
# where "<!DOCTYPE" is the same bytes as in ASCII. UTF-7, EBCDIC and the rest are refused.
_SAME_ENCODING = {
    "utf-16": {"utf-16", "utf16", "utf-16le", "utf-16be", "utf-16-le", "utf-16-be", "unicode"},
    "utf-32": {"utf-32", "utf32", "utf-32le", "utf-32be", "utf-32-le", "utf-32-be", "ucs-4"},
}
_ASCII_COMPATIBLE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252",
                     "cp1252"}


class UnsafeFile(ReadError):
    pass


def sniff(data: bytes) -> str:
    """'xlsx', 'docx', 'xls' or 'csv' from the content; UnsafeFile for anything else."""
    if not data:
        raise UnsafeFile("The file is empty.")
    if data.startswith(OLE2_MAGIC):
        return _sniff_ole(data)
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(data)
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head[:5].lower() in (b"<html", b"<!doc", b"<?xml", b"<tabl"):
        raise UnsafeFile(
            "The file is a web page (HTML/XML) saved with a spreadsheet name: open it in Excel and "
            "save it as .xlsx or .csv."
        )
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")):
        raise UnsafeFile("The file is not a spreadsheet, Word document or CSV file (it is a PDF, image or RTF).")
    if b"\x00" in data[:65536] or _binary_ratio(data[:65536]) > 0.1:
        raise UnsafeFile("The file contains binary data: it is not a CSV or text file.")
    return "csv"


def _binary_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    return bad / len(sample)


def _sniff_ole(data: bytes) -> str:
    # An encrypted .xlsx/.docx is an OLE2 file holding an "EncryptedPackage" stream; an encrypted
    # .xls has a FILEPASS record. Both names appear as UTF-16 in the directory sectors.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise UnsafeFile(
            "The file is password-protected (encrypted): remove the password in Excel or Word and upload it again."
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    if "WordDocument".encode("utf-16-le") in data:
        raise UnsafeFile("Word 97-2003 (.doc) files cannot be read: save the document as .docx and upload it again.")
    raise UnsafeFile("The file is an old Office file that is not an Excel workbook.")


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open the zip and vet its central directory before any member is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsafeFile("The file is damaged: it looks like an Office file but cannot be opened.") from exc
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_ENTRIES:
        raise UnsafeFile(
            f"The file holds {len(infos):,} parts (the limit is {ZIP_MAX_ENTRIES:,}): it is not a normal workbook."
        )
    declared = sum(i.file_size for i in infos)
    if declared > ZIP_MAX_UNCOMPRESSED:
        raise UnsafeFile(
            f"The file would unpack to {declared / 1024 / 1024:,.0f} MB (the limit is "
            f"{ZIP_MAX_UNCOMPRESSED // 1024 // 1024} MB): it is refused as a possible zip bomb."
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > ZIP_MAX_RATIO:
            ratio = info.file_size // info.compress_size
            raise UnsafeFile(f"The part {info.filename} is compressed {ratio}x: refused as a possible zip bomb.")
        if info.flag_bits & 0x1:
            raise UnsafeFile("The file is password-protected (encrypted): remove the password and upload it again.")
        if info.compress_type not in ZIP_METHODS:
            method = ZIP_METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise UnsafeFile(f"The part {info.filename} is compressed with {method}, which Excel and Word never "
                             "use: open the file in Excel or Word, save it again and upload the copy.")
    return archive


@contextmanager
def zip_errors() -> Iterator[None]:
    """Whatever the zip layer raises while a part is unpacked becomes a refusal that says what is
    damaged."""
    try:
        yield
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            raise UnsafeFile(f"The file is damaged: a part fails its checksum ({exc}). Open it in Excel or "
                             "Word, save it again and upload the copy.") from exc
        raise UnsafeFile(f"The file is damaged: it looks like an Office file but cannot be unpacked ({exc}).") from exc
    except zlib.error as exc:
        raise UnsafeFile(f"The file is damaged: a compressed part is corrupt ({exc}). Open it in Excel or Word, "
                         "save it again and upload the copy.") from exc
    except (EOFError, struct.error, ValueError) as exc:
        if isinstance(exc, ReadError):
            raise
        raise UnsafeFile(f"The file is damaged or cut short: a part ends early ({exc.__class__.__name__}).") from exc
    except NotImplementedError as exc:
        raise UnsafeFile(f"The file uses a zip feature the importer does not read ({exc}): save it again from "
                         "Excel or Word.") from exc


def _sniff_zip(data: bytes) -> str:
    archive = check_zip(data)
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "word/document.xml" in names:
        kind = "docx"
    else:
        raise UnsafeFile("The file is a zip archive, but not an Excel (.xlsx) or Word (.docx) file.")
    # Spreadsheets never need a DOCTYPE; one in any XML part is an entity attack. Every part is
    # read here, so a damaged one is met now, before a reader starts.
    with zip_errors():
        for info in archive.infolist():
            with archive.open(info) as fh:
                head = fh.read(1024)
                if info.filename.endswith((".xml", ".rels")) or _looks_like_xml(head, info.filename):
                    check_xml(head, fh, info.filename)
                else:
                    while fh.read(1024 * 1024):
                        pass  # read through, so that its checksum is checked
    return kind


def _family(head: bytes, name: str) -> str | None:
    """The UTF-8/16/32 encoding a part's first bytes announce; None for an ASCII-compatible start."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    first = head[:4]
    if b"\x00" not in first:
        return None
    if len(first) == 4 and first[:3] == b"\x00\x00\x00":
        return "utf-32-be"
    if len(first) == 4 and first[1:] == b"\x00\x00\x00":
        return "utf-32-le"
    if first[:1] == b"\x00" and first[1:2] != b"\x00":
        return "utf-16-be"
    if first[:1] != b"\x00" and first[1:2] == b"\x00":
        return "utf-16-le"
    raise UnsafeFile(f"The part {name} starts in no encoding an XML parser reads: the file is damaged.")


def _looks_like_xml(head: bytes, name: str) -> bool:
    try:
        family = _family(head, name)
    except UnsafeFile:
        return False
    text = head.decode(family or "latin-1", errors="replace")
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def xml_encoding(head: bytes, name: str) -> str:
    """The encoding an XML part is written in, from its first bytes and its declaration;
    UnsafeFile for one the importer does not read."""
    family = _family(head, name)
    text = head.decode(family or "latin-1", errors="replace").lstrip("\ufeff")
    declared = _DECLARED.match(text.lstrip(" \t\r\n"))
    encoding = declared.group(1).lower() if declared else (family or "utf-8")
    allowed = _ASCII_COMPATIBLE if family in (None, "utf-8") else _SAME_ENCODING[family[:6]]
    if encoding not in allowed:
        raise UnsafeFile(f"The part {name} is written in the encoding {encoding!r}: Office files are UTF-8 or "
                         "UTF-16. Open the file in Excel or Word, save it again and upload the copy.")
    # An ASCII-compatible part is searched as Latin-1: every byte decodes, and "<!DOCTYPE" is the
    # same bytes whatever the declared encoding.
    return family or "latin-1"


def check_xml(head: bytes, fh: IO[bytes], name: str) -> None:
    """UnsafeFile when the XML part (its first bytes `head`, then the rest from `fh`) declares a
    DOCTYPE or an entity, in whatever encoding it is written. The part is decoded a megabyte at a
    time."""
    encoding = xml_encoding(head, name)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    tail = ""
    chunk = head
    while True:
        text = tail + decoder.decode(chunk, final=not chunk)
        if _DOCTYPE.search(text):
            raise UnsafeFile(
                f"The part {name} declares XML entities (a DOCTYPE): refused, as it could expand "
                "without limit or read files from the server."
            )
        if not chunk:
            return
        tail = text[-16:]
        chunk = fh.read(1024 * 1024)


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise UnsafeFile(f"The file is {size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:.0f} MB.")
