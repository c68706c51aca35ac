#!/usr/bin/env python3
"""Makes the Word (.docx) fixtures for the form tests, next to this script.

    pip install python-docx
    python3 make-docx-fixtures.py

Real documents from python-docx (tables, paragraphs, runs split mid-label, tab
stops, line breaks, a content control still showing its placeholder, a nested
table), and damaged archives built by hand (a zip bomb, a bomb whose header lies
about its size, deflate streams that never end, a zip without word/document.xml).
Runs differ only in the zip entries' timestamps; the tests read content, not bytes.
"""
import os
import struct
import zlib

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def fixed_properties(doc):
    import datetime
    props = doc.core_properties
    props.author = "Fixture"
    props.created = datetime.datetime(2026, 9, 1, 9, 0, 0)
    props.modified = datetime.datetime(2026, 9, 1, 9, 0, 0)
    props.last_modified_by = "Fixture"


def add_row(table, label, *values):
    cells = table.add_row().cells
    cells[0].text = label
    for i, value in enumerate(values):
        cells[i + 1].text = value
    return cells


def placeholder_control():
    """A plain-text content control that still shows Word's placeholder text."""
    return parse_xml(
        '<w:sdt %s><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr>'
        '<w:sdtContent><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent></w:sdt>'
        % nsdecls("w"))


def table_form():
    doc = Document()
    fixed_properties(doc)
    doc.add_heading("Access to Resources Panel: request form", level=1)
    doc.add_paragraph("Please complete every section. Forms without the required details will be returned.")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = "Field"
    header[1].text = "Details"
    add_row(table, "Child's name", "Ava Thompson")
    add_row(table, "Case ID:", "7730215")
    add_row(table, "Locality", "Forest of Dean")
    add_row(table, "Team", "Forest of Dean Safeguarding 2")
    cells = add_row(table, "Social worker (name and email)", "Priya Natarajan")
    cells[1].add_paragraph("priya.natarajan@council.test")
    add_row(table, "Team manager", "Sam Patel, sam.patel@council.test")
    add_row(table, "Resource type", "Placement")
    add_row(table, "Placement type", "IFA")
    add_row(table, "Provider", "Severn Fostering Ltd & Partners")
    add_row(table, "Weekly cost", "£1,150")
    add_row(table, "Start date", "Monday 14 September 2026")
    add_row(table, "End date or duration", "12 weeks")
    cells = add_row(table, "Reason for request", "Ava's kinship carers can no longer care for her.")
    cells[1].add_paragraph("No in-house foster carer with a vacancy could take a child with her needs.")
    # An IRO cell holding a content control that was never filled in.
    cells = add_row(table, "IRO", "")
    cells[1].paragraphs[0]._p.append(placeholder_control())
    add_row(table, "Legal status or PLO stage", "Section 20")
    # A nested table inside a cell: its rows become lines of that cell.
    cells = add_row(table, "Other funding", "")
    inner = cells[1].add_table(rows=0, cols=2)
    add_row(inner, "Health", "none")
    add_row(inner, "Education", "£50 per week towards transport")
    doc.add_paragraph("Signed by the team manager on 9 September 2026.")
    doc.save(path("table-form.docx"))


def paragraph_form():
    doc = Document()
    fixed_properties(doc)
    doc.add_heading("Panel request", level=1)
    # A label split over several runs, as Word does after edits, and bold.
    p = doc.add_paragraph()
    p.add_run("Child").bold = True
    p.add_run("'s na").bold = True
    p.add_run("me: ").bold = True
    p.add_run("Leo <K> Martin")
    doc.add_paragraph("Case number: 6640178")
    p = doc.add_paragraph("Locality:\tCheltenham")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(5))  # a w:tab in w:pPr, not text
    doc.add_paragraph("Team: Cheltenham Children in Need")
    doc.add_paragraph("Social worker: Tom Reed <tom.reed@council.test>")
    doc.add_paragraph("TM: Grace Obi, grace.obi@council.test")
    doc.add_paragraph("Resource type: School transport")
    doc.add_paragraph("Cost:\t£38.50 per day")
    doc.add_paragraph("Start date: 07/09/2026")
    doc.add_paragraph("End date: 18/12/2026")
    doc.add_paragraph("Reason:")
    p = doc.add_paragraph("Leo moved to a placement 14 miles from his school.")
    p.add_run().add_break()
    p.add_run("The carer cannot drive and there is no bus that arrives before 9am.")
    doc.add_paragraph("He is in Year 10 and his GCSEs start in May.")
    doc.add_paragraph("Alternatives considered: bus pass (no route); the carer's partner (works nights).")
    doc.save(path("paragraph-form.docx"))


def mixed_form():
    doc = Document()
    fixed_properties(doc)
    doc.add_paragraph("Dear Panel,")
    doc.add_paragraph(
        "Please find below my request for an expert assessment for the Hughes family. "
        "The legal planning meeting on 2 September agreed the assessment; the guardian has agreed "
        "a joint letter of instruction.")
    table = doc.add_table(rows=0, cols=2)
    add_row(table, "Child or family name", "Hughes family (Mia and Noah)")
    add_row(table, "LCS ID", "5520381")
    add_row(table, "Locality", "Gloucester")
    add_row(table, "Team", "Gloucester Court Team")
    add_row(table, "Allocated worker", "Jordan Ellis, jordan.ellis@council.test")
    add_row(table, "TM", "Chris Dunn <chris.dunn@council.test>")
    add_row(table, "Resource type", "PAMs parenting assessment")
    add_row(table, "Cost", "£3,450 (half shared with the guardian)")
    add_row(table, "Start date", "21st Sept 2026")
    add_row(table, "Legal status / PLO stage", "PLO pre-proceedings")
    add_row(table, "Reason", "Mother has a learning disability; a PAMs assessment is the recognised tool.")
    doc.add_paragraph(
        "The panel asked last time about sequencing: this is the only assessment requested, "
        "and the psychological assessment will wait for its findings.")
    doc.add_paragraph("Many thanks,")
    doc.add_paragraph("Jordan Ellis")
    doc.save(path("mixed-form.docx"))


# Damaged archives, built by hand so that every byte is under control.

def raw_zip(entries):
    """entries: (name, compressed bytes, method, crc, compressed size, uncompressed size)."""
    out = b""
    directory = b""
    for name, data, method, crc, csize, usize in entries:
        name_bytes = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5321, crc, csize, usize, len(name_bytes), 0)
        out += name_bytes + data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x5321, crc, csize, usize,
                                 len(name_bytes), 0, 0, 0, 0, 0, offset) + name_bytes
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return out + directory + eocd


def deflate(data, finish=True):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + (c.flush() if finish else c.flush(zlib.Z_SYNC_FLUSH))


DOC_OPEN = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
DOC_CLOSE = "</w:body></w:document>"


def small_document():
    return (DOC_OPEN + "<w:p><w:r><w:t>Case ID: 1234567</w:t></w:r></w:p>" + DOC_CLOSE).encode()


def damaged():
    # A zip bomb: 25 MB of XML (mostly spaces) in about 25 KB, sizes stated honestly.
    bomb = (DOC_OPEN + "<w:p><w:r><w:t>" + " " * 25_000_000 + "</w:t></w:r></w:p>" + DOC_CLOSE).encode()
    packed = deflate(bomb)
    with open(path("bomb.docx"), "wb") as f:
        f.write(raw_zip([("word/document.xml", packed, 8, zlib.crc32(bomb), len(packed), len(bomb))]))
    # The same bomb whose headers claim 1,000 bytes: only counting while inflating stops it.
    with open(path("bomb-lying.docx"), "wb") as f:
        f.write(raw_zip([("word/document.xml", packed, 8, zlib.crc32(bomb), len(packed), 1000)]))
    # A deflate stream with no final block: zlib wants more input for ever.
    doc = small_document()
    endless = deflate(doc, finish=False)
    with open(path("endless-deflate.docx"), "wb") as f:
        f.write(raw_zip([("word/document.xml", endless, 8, zlib.crc32(doc), len(endless), len(doc))]))
    # A stream whose last block is a stored block claiming 65,535 bytes that are not
    # there: an inflater reading past the entry finds the end of the file still
    # wanting input (ZIPFoundation 0.9.20's Archive.extract spins for ever on Linux).
    stalled = endless + b"\x00\xff\xff\x00\x00"
    with open(path("stalled-deflate.docx"), "wb") as f:
        f.write(raw_zip([("word/document.xml", stalled, 8, zlib.crc32(doc), len(stalled), len(doc))]))
    # A zip with no word/document.xml (a spreadsheet's parts).
    sheet = b'<?xml version="1.0"?><workbook/>'
    packed = deflate(sheet)
    with open(path("no-document.docx"), "wb") as f:
        f.write(raw_zip([("xl/workbook.xml", packed, 8, zlib.crc32(sheet), len(packed), len(sheet))]))


if __name__ == "__main__":
    table_form()
    paragraph_form()
    mixed_form()
    damaged()
