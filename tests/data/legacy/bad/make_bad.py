"""Builds the bad files in this folder (run: .venv/bin/python tests/data/legacy/bad/make_bad.py).
Each name says what is wrong; tests/legacy/test_bad_files.py holds the message each must give.
The 20 MB CSV and the too-many-rows file are made at test time instead (tmp_path)."""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
PLAN_HEADER = ["Ref", "Theme", "Objective", "Action", "Lead", "Timescale", "Status", "Cost"]


def xlsx(rows: list[list], merge: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def patch_zip(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def good_plan() -> bytes:
    return xlsx([PLAN_HEADER, ["1.1", "Victims", "Safety", "Run the MARAC", "Police", "Ongoing", "On track", ""]])


def zip_bomb() -> bytes:
    # A small .xlsx whose central directory declares a sheet of 4 GB: refused before unpacking.
    data = bytearray(good_plan())
    eocd = data.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<I", data[eocd + 16:eocd + 20])[0]
    pos = cd_offset
    while data[pos:pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28:pos + 34])
        name = bytes(data[pos + 46:pos + 46 + name_len])
        if name == b"xl/worksheets/sheet1.xml":
            data[pos + 24:pos + 28] = struct.pack("<I", 0xFFFFFFF0)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(data)


def deflate_bomb() -> bytes:
    # Honest sizes this time: 150 MB of zeros compressed to ~150 KB.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_plan())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/padding.xml", b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>")
    return out.getvalue()


def many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_plan())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        for i in range(2100):
            dst.writestr(f"xl/extra/{i}.bin", b"")
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""  # noqa: E501

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""  # noqa: E501


def encrypted_ole() -> bytes:
    # The shape of an Office-encrypted file: an OLE2 container with EncryptionInfo/EncryptedPackage streams.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le") + b"\x00" * 54 + "EncryptionInfo".encode("utf-16-le") + \
        b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 48
    return header + directory + b"\x00" * 1024


def docx_without_tables() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Our action plan is in the minutes.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FILES: dict[str, bytes | str] = {
    "empty.xlsx": b"",
    "pdf_renamed.xlsx": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "png_renamed.csv": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "html_saved_as.xls": "<html><body><table><tr><td>Ref</td><td>Action</td></tr></table></body></html>",
    "zip_bomb.xlsx": b"",
    "deflate_bomb.xlsx": b"",
    "too_many_entries.xlsx": b"",
    "encrypted.xlsx": b"",
    "billion_laughs.xlsx": b"",
    "external_entity.xlsx": b"",
    "no_tables.docx": b"",
    "binary_garbage.csv": bytes(range(256)) * 40,
    "not_an_office_zip.xlsx": b"",
    "missing_action_column.csv": "Ref,Lead,Timescale\n1.1,Police,Ongoing\n",
    "duplicate_refs.csv": "Ref,Objective,Action,Lead\n1.1,Safety,Run the MARAC,Police\n1.1,Safety,Train staff,Police\n",
    "negative_cost.csv": "Ref,Objective,Action,Cost\n1.1,Safety,Run the MARAC,-500\n",
    "negative_value.csv": "Indicator,Area,Period,Value\nNI 32,North Town,2009-10 Q1,-3\n",
    "percent_over_100.csv": "Indicator,Area,Period,Value\nNI 32,North Town,2009-10 Q1,140\n",
    "other_partnership_area.csv": "Indicator,Area,Period,Value\nNI 32,South Town,2009-10 Q1,30\n",
    "unparseable_period.csv": "Indicator,Area,Period,Value\nNI 32,North Town,Spring 2009,30\n",
    "unknown_indicator.csv": "Indicator,Area,Period,Value\nNI 999,North Town,2009-10 Q1,30\n",
    "value_not_a_number.csv": "Indicator,Area,Period,Value\nNI 32,North Town,2009-10 Q1,about thirty\n",
    "merged_cells_odd.xlsx": b"",
    "action_empty.csv": "Ref,Objective,Action\n1.1,Safety,\n",
    "doc_97.docx": b"",
}


def build() -> dict[str, bytes]:
    files = {k: (v.encode() if isinstance(v, str) else v) for k, v in FILES.items()}
    files["zip_bomb.xlsx"] = zip_bomb()
    files["deflate_bomb.xlsx"] = deflate_bomb()
    files["too_many_entries.xlsx"] = many_entries()
    files["encrypted.xlsx"] = encrypted_ole()
    files["billion_laughs.xlsx"] = patch_zip(xlsx([["Ref", "Action"], ["1", "x"]]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)  # noqa: E501
    files["external_entity.xlsx"] = patch_zip(xlsx([["Ref", "Action"], ["1", "x"]]), "xl/worksheets/sheet1.xml", XXE)
    files["no_tables.docx"] = docx_without_tables()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not office")
    files["not_an_office_zip.xlsx"] = out.getvalue()
    # Merged across the Action and Lead cells of one row and down the Ref column: the Action is lost.
    files["merged_cells_odd.xlsx"] = xlsx([PLAN_HEADER, ["1.1", "Victims", "Safety", None, None, "Ongoing", "", ""],
                                           [None, "Victims", "Safety", "Train staff", "Police", "Ongoing", "", ""]], merge="D2:E2")  # noqa: E501
    files["doc_97.docx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512  # noqa: E501
    return files


# Hostile files (issue 14): small files that claim huge sheets, damaged zips, XML in other encodings.
# The big ones (a 2 MB CSV of a million columns, a sheet of a million blank cells) are made by the
# tests from these functions, not committed.

SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str) -> bytes:
    header = f'<row r="1">{inline("A1", "Ref")}{inline("B1", "Objective")}{inline("C1", "Action")}</row>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{SML}"><sheetData>'
            f"{header}{rows}</sheetData></worksheet>").encode()


def with_sheet(sheet: bytes) -> bytes:
    return patch_zip(good_plan(), "xl/worksheets/sheet1.xml", sheet)


def far_column(column: str, cells: int = 20) -> bytes:
    """A workbook of a few KB with `cells` cells at `column`: the reader once filled every row out to it."""
    return with_sheet(sheet_xml("".join(f'<row r="{i}">{inline(f"{column}{i}", "x")}</row>'
                                        for i in range(2, cells + 2))))


def wide_csv(columns: int = 1_000_000, cell: str = "x") -> bytes:
    """A header row, then one row of `columns` cells: 2 MB for a million columns of one letter."""
    return b"Ref,Objective,Action\n1.1,Safety," + ",".join([cell] * (columns - 2)).encode() + b"\n"


def blank_cells(rows: int, per_row: int) -> bytes:
    """A sheet storing rows x per_row blank (styled) cells, as a sheet formatted far past its table is."""
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c % 26)}{chr(65 + c // 26)}{r}" s="0"/>'
                                              for c in range(per_row)) + "</row>" for r in range(2, rows + 2))
    return with_sheet(sheet_xml(body))


def long_cell(chars: int = 40_000) -> bytes:
    return with_sheet(sheet_xml(f'<row r="2">{inline("A2", "1.1")}{inline("C2", "x" * chars)}</row>'))


def _restored(data: bytes, method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename), compress_type=method)
    return out.getvalue()


def _member_data_offset(data: bytes, name: str) -> int:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def bad_crc() -> bytes:
    """The sheet stored uncompressed with one byte changed: its CRC-32 no longer matches."""
    data = bytearray(_restored(good_plan(), zipfile.ZIP_STORED))
    at = data.index(b"sheetData", _member_data_offset(bytes(data), "xl/worksheets/sheet1.xml"))
    data[at] = ord("S")
    return bytes(data)


def corrupt_deflate() -> bytes:
    """The sheet's deflate stream starts with a block of the reserved type: zlib refuses it."""
    data = bytearray(good_plan())
    start = _member_data_offset(bytes(data), "xl/worksheets/sheet1.xml")
    data[start:start + 8] = b"\xff" * 8
    return bytes(data)


def compression_method(method: int) -> bytes:
    """The sheet's headers (local and central) claim another compression method (9: Deflate64)."""
    data = bytearray(good_plan())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    data[info.header_offset + 8:info.header_offset + 10] = struct.pack("<H", method)
    eocd = data.rfind(b"PK\x05\x06")
    pos = struct.unpack("<I", data[eocd + 16:eocd + 20])[0]
    while data[pos:pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28:pos + 34])
        if bytes(data[pos + 46:pos + 46 + name_len]) == b"xl/worksheets/sheet1.xml":
            data[pos + 10:pos + 12] = struct.pack("<H", method)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(data)


def truncated() -> bytes:
    data = good_plan()
    return data[:len(data) // 2]


def ratio_bomb() -> bytes:
    """5 MB of zeros in one part: small enough in total, but compressed about a thousand times."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_plan())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/zeros.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>")
    return out.getvalue()


def doctype_in(encoding: str, bom: bool = True) -> bytes:
    """The billion laughs sheet written in another encoding (UTF-16 or UTF-32, with or without BOM)."""
    text = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    codec = {"UTF-16": "utf-16-le", "UTF-16BE": "utf-16-be", "UTF-32": "utf-32-le", "UTF-32BE": "utf-32-be"}[encoding]
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE}
    return with_sheet((boms[codec] if bom else b"") + text.encode(codec))


def declared_utf7() -> bytes:
    # "+ADw-" is "<" in UTF-7: a parser reading UTF-7 would see a DOCTYPE that the bytes do not show.
    doctype = b'+ADw-!DOCTYPE lolz +AFs-+ADw-!ENTITY lol "lol"+AD4-+AF0-+AD4-'
    body = sheet_xml("")[len(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'):]
    return with_sheet(b'<?xml version="1.0" encoding="UTF-7"?>' + doctype + body)


def doctype_in_unnamed_part() -> bytes:
    """The sheet moved to a part not named .xml (the workbook's relationships point to it there)."""
    src = zipfile.ZipFile(io.BytesIO(good_plan()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"worksheets/sheet1.xml", b"worksheets/sheet1.dat")
            if item.filename == "xl/worksheets/sheet1.xml":
                dst.writestr("xl/worksheets/sheet1.dat", BILLION_LAUGHS)
                continue
            dst.writestr(item, content)
    return out.getvalue()


def docx_body(body: str) -> bytes:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WML}"><w:body>'
                f"{body}</w:body></w:document>").encode()
    return patch_zip(docx_without_tables(), "word/document.xml", document)


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def docx_table(rows: list[str]) -> bytes:
    header = "<w:tr>" + tc("Ref") + tc("Objective") + tc("Action") + "</w:tr>"
    return docx_body("<w:tbl>" + header + "".join(rows) + "</w:tbl>")


def docx_grid_span(span: int = 1_000_000_000) -> bytes:
    """A cell spanning a billion grid columns, then a cell after it: python-docx lays the span out."""
    return docx_table(["<w:tr>" + tc("1.1", f'<w:gridSpan w:val="{span}"/>') + tc("Run the MARAC") + "</w:tr>"])


def docx_wide(columns: int = 600) -> bytes:
    return docx_table(["<w:tr>" + "".join(tc(f"c{i}") for i in range(columns)) + "</w:tr>"])


def docx_vertical_merge(rows: int = 3000) -> bytes:
    """One objective cell merged down `rows` rows: python-docx walks up the rows for every one."""
    first = "<w:tr>" + tc("1", '<w:vMerge w:val="restart"/>') + tc("Safety") + tc("Action 1") + "</w:tr>"
    rest = ["<w:tr>" + tc("", "<w:vMerge/>") + tc("Safety") + tc(f"Action {i}") + "</w:tr>" for i in range(2, rows + 1)]
    return docx_table([first, *rest])


def xls_far_cell() -> bytes:
    """A header row and one cell at the last cell of an .xls sheet (IV65536)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    for col, text in enumerate(["Ref", "Objective", "Action"]):
        sheet.write(0, col, text)
    sheet.write(65535, 255, "x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_wide_rows(rows: int = 5000, column: int = 200) -> bytes:
    """`rows` rows each with one cell at `column`: each row is built `column` + 1 cells wide."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    for col, text in enumerate(["Ref", "Objective", "Action"]):
        sheet.write(0, col, text)
    for r in range(1, rows + 1):
        sheet.write(r, column, "x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_hostile() -> dict[str, bytes]:
    return {
        "column_zzzz.xlsx": far_column("ZZZZ"),
        "column_zzzzzzz.xlsx": far_column("ZZZZZZZ", cells=1),
        "cell_too_long.xlsx": long_cell(),
        "bad_crc.xlsx": bad_crc(),
        "corrupt_deflate.xlsx": corrupt_deflate(),
        "deflate64.xlsx": compression_method(9),
        "bzip2.xlsx": _restored(good_plan(), zipfile.ZIP_BZIP2),
        "truncated.xlsx": truncated(),
        "ratio_bomb.xlsx": ratio_bomb(),
        "doctype_utf16.xlsx": doctype_in("UTF-16"),
        "doctype_utf16be_no_bom.xlsx": doctype_in("UTF-16BE", bom=False),
        "doctype_utf32.xlsx": doctype_in("UTF-32"),
        "doctype_utf32be_no_bom.xlsx": doctype_in("UTF-32BE", bom=False),
        "declared_utf7.xlsx": declared_utf7(),
        "doctype_in_dat_part.xlsx": doctype_in_unnamed_part(),
        "grid_span_billion.docx": docx_grid_span(),
        "columns_600.docx": docx_wide(),
    }


if __name__ == "__main__":
    # Only the files missing from the folder are written: rewriting a zip changes its timestamps.
    for name, data in {**build(), **build_hostile()}.items():
        if not (HERE / name).exists():
            (HERE / name).write_bytes(data)
    print(len(FILES), "+", len(build_hostile()), "files in", HERE)
