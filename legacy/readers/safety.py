"""Checks on an uploaded file before any reader touches it.

- size (settings.IMPORT_MAX_BYTES) and rows (settings.IMPORT_MAX_ROWS, enforced by the readers);
- the format is decided by the content (magic bytes), never by the file name;
- a zip (.xlsx, .docx) is refused when its central directory declares too many entries or too
  many uncompressed bytes, before anything is unpacked (a zip bomb);
- XML is parsed with defusedxml installed (no billion laughs, no external entities), and any
  DOCTYPE in the package is refused outright;
- an encrypted (password-protected) Office file is an OLE2 container: refused with a message.
"""

from __future__ import annotations

import io
import re
import zipfile

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
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


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
    return archive


def _sniff_zip(data: bytes) -> str:
    archive = check_zip(data)
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "word/document.xml" in names:
        kind = "docx"
    else:
        raise UnsafeFile("The file is a zip archive, but not an Excel (.xlsx) or Word (.docx) file.")
    # Spreadsheets never need a DOCTYPE; one in any XML part is an entity attack. Members are
    # small here: the directory check above bounded their size.
    for name in names:
        if name.endswith((".xml", ".rels")):
            with archive.open(name) as fh:
                if _DOCTYPE.search(fh.read(ZIP_MAX_UNCOMPRESSED)):
                    raise UnsafeFile(
                        f"The part {name} declares XML entities (a DOCTYPE): refused, as it could expand "
                        "without limit or read files from the server."
                    )
    return kind


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise UnsafeFile(f"The file is {size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:.0f} MB.")
