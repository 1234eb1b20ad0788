#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fixtures/fuzz/corpus/<target>/ (standard library only).

Run from the project folder: python3 Fuzz/make_seeds.py. The seeds are small, valid or nearly
valid examples of every form the readers accept: the fuzzer mutates from there. The committed
corpora are this script's output plus the shipped pipelines and profiles; keep them small.
"""
import os
import shutil
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from crash_harness import write_xlsx  # noqa: E402  (the harness's minimal workbook writer)

CORPUS = os.path.join(ROOT, "fixtures", "fuzz", "corpus")
HEADER = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst"
ROWS = ["VO01-1,VO01,2026-07-02,FYSIEK_GEWELD,school,onbekend,18+,licht",
        "VO01-2,VO01,2026-07-06,Diefstal,omgeving,ja,16-17,middel",
        'VO01-3,VO01,7-8-2026,"wapen",online,nee,12-15,zwaar']


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def csv_seeds():
    canonical = HEADER + "\n" + "\n".join(ROWS) + "\n"
    write("csv", "canoniek.csv", canonical)
    write("csv", "crlf_bom.csv", b"\xef\xbb\xbf" + canonical.replace("\n", "\r\n").encode())
    write("csv", "cr.csv", canonical.replace("\n", "\r"))
    semicolon = "sep=;\r\n" + canonical.replace(",", ";").replace("\n", "\r\n").replace("Diefstal", "Diefstal \u20ac\u00eb")
    write("csv", "excel_nl_1252.csv", semicolon.encode("cp1252"))
    write("csv", "utf16le.csv", b"\xff\xfe" + canonical.replace(",", "\t").encode("utf-16-le"))
    write("csv", "utf16be.csv", b"\xfe\xff" + canonical.encode("utf-16-be"))
    write("csv", "aanhalingstekens.csv", HEADER + ',opmerking\nVO01-4,VO01,2026-07-09,PESTEN,school,ja,12-15,licht,"regel een\r\n""twee"", drie"\n')
    write("csv", "geaggregeerd.csv", "school_code,maand,categorie,locatie,politie,aantal\nPO01,2026-07,PESTEN,school,nee,3\nPO01,2026-08,DIEFSTAL,school,onbekend,0\n")
    write("csv", "alleen_kop.csv", HEADER + "\n")
    write("csv", "hoofdletters_volgorde.csv", "Datum;School_Code;Incident_ID;Categorie\n01/07/2026;PO01;A1;drugs\n2026-07-01 08:30;PO01;A2;Pesten\n")
    write("csv", "fouten.csv", HEADER + "\nX1,VO09,2026-02-30,ONBEKEND,thuis,misschien,99,heel\nX1,VO01,2026-07-02,PESTEN,school,ja,12-15,licht\n"
          'X2,VO01,2026-07-02,PESTEN,school,ja,12-15,"licht"x\nJan Jansen 0612345678,VO01,2026-07-02,PESTEN,,,,\n')


def xlsx_seeds():
    folder = os.path.join(CORPUS, "xlsx")
    os.makedirs(folder, exist_ok=True)
    rows = [HEADER.split(",")] + [row.replace('"', "").split(",") for row in ROWS]
    write_xlsx(os.path.join(folder, "inline.xlsx"), rows)
    # Shared strings, a number and an Excel date serial, a sparse row, stored (not deflated).
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    strings = ["incident_id", "school_code", "datum", "categorie", "A&amp;1", "PO01", "PESTEN"]
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{package_rel}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/>'
        '<sheet name="Incidenten" sheetId="2" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{package_rel}"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{main}" count="7" uniqueCount="7">' + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + '<si><r><t xml:space="preserve">rijk </t></r><r><t>opgemaakt</t></r></si></sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" s="1"><v>46218</v></c><c r="D2" t="s"><v>6</v></c></row>'
        '<row r="4"><c r="A4" t="n"><v>17</v></c><c r="C4" t="str"><f>TODAY()</f><v>2026-07-01</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="e"><v>#N/A</v></c></row>'
        "</sheetData></worksheet>",
        "xl/worksheets/sheet2.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData><row><c t="inlineStr"><is><t>incident_id</t></is></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(os.path.join(folder, "gedeelde_teksten.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), text.encode(), compress_type=zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(os.path.join(folder, "opgeslagen.xlsx"), "w", zipfile.ZIP_STORED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), text.encode())
    # XML seeds: the target zips worksheet, 0xFF, shared strings (0xFF, workbook) into a package.
    write("xlsx", "blad_gedeeld.xml", parts["xl/worksheets/sheet1.xml"].encode() + b"\xff" + parts["xl/sharedStrings.xml"].encode())
    inline = "".join(f'<row r="{r + 1}">' + "".join(f'<c r="{chr(65 + c)}{r + 1}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row))
                     + "</row>" for r, row in enumerate(rows))
    write("xlsx", "blad_inline.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{inline}</sheetData></worksheet>')
    write("xlsx", "blad_werkboek.xml", f'<worksheet xmlns="{main}"><sheetData><row r="1"><c t="inlineStr"><is><t>a&lt;&#233;&#x20AC;</t></is></c></row></sheetData></worksheet>'.encode()
          + b"\xff<sst/>\xff" + parts["xl/workbook.xml"].replace("Blad1", "Incidenten").encode())


def profile_seeds():
    source = os.path.join(ROOT, "pipelines", "profiles")
    for name in sorted(os.listdir(source)):
        if name.endswith(".yml"):
            shutil.copy(os.path.join(source, name), os.path.join(CORPUS, "profile", name))
    write("profile", "volledig.yml", """naam: alles
omschrijving: "Alle sleutels"
herkenning: [Nummer, Wanneer, Soort]
kolommen:
  incident_id: Nummer
  datum: Wanneer
  categorie: Soort
  locatie: Waar
  politie: Politie erbij
school: PO01
waarden:
  categorie:
    "Pesten/treiteren": PESTEN
    Ruzie: FYSIEK_GEWELD
  politie: {Ja: ja, Nee: nee}
periode: 2025-01-01..2025-03-31
blad: Incidenten
""")
    write("profile", "kapot.yml", "naam: x\nkolommen: [a, b]\nonbekend: &anker {a: *anker}\n")
    # Anchors and aliases (as values they are fine; as keys they once made Yams hash for hours).
    write("profile", "aliassen.yml", "naam: x\nkolommen: {incident_id: A, datum: B, categorie: C, school_code: D}\n"
          "waarden:\n  politie: &janee {Ja: ja, Nee: nee}\n  leeftijd: *janee\na0: &a0 [x, x, x]\na1: &a1 [*a0, *a0, *a0]\n? *a1\n: 1\n")


def pipeline_seeds():
    source = os.path.join(ROOT, "pipelines")
    for name in sorted(os.listdir(source)):
        if name.endswith(".yml"):
            shutil.copy(os.path.join(source, name), os.path.join(CORPUS, "pipeline", name))
    write("pipeline", "aliassen.yml", "name: x\ndescription: &d tekst\nparameters: {inbox: *d}\nstages: [ingest]\n"
          "a0: &a0 [x, x, x]\na1: &a1 [*a0, *a0, *a0]\n*a1 : 1\n")
    write("pipeline", "fout.yml", "name: x\ncadence: weekly\nstages: [publish, publish]\nparameters: {threshold: -1, split: 'wijk'}\n")


if __name__ == "__main__":
    for target in ["csv", "xlsx", "profile", "pipeline"]:
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
        os.makedirs(os.path.join(CORPUS, target))
    csv_seeds()
    xlsx_seeds()
    profile_seeds()
    pipeline_seeds()
    total = sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(CORPUS) for name in names)
    print(f"seeds: {sum(len(names) for _, _, names in os.walk(CORPUS))} bestanden, {total} bytes in {CORPUS}")
