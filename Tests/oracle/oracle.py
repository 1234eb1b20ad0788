#!/usr/bin/env python3
"""Independent oracle for `schoolveilig counts` (SPEC §1, §2a, §2d, §3).

    python3 oracle.py --seed S --out DIR

writes, for seed S, a fictional reference set (DIR/reference), several canonical incident
exports (DIR/exports, applied in path order) and the expected results:

    DIR/expected/cases.json       [{"by": "...", "from": null|"YYYY-MM-DD", "to": ..., "file": "..."}]
    DIR/expected/<file>           the exact CSV `counts --by ... [--from] [--to]` must print
    DIR/expected/quarantine.json  {export file name: distinct quarantined lines}
    DIR/expected/stored.json      the incidents that must be stored (for debugging)

The exports deliberately mix everything the canonical form allows (column order, header case,
missing optional columns, CRLF/LF, BOM, RFC 4180 quoting with embedded line breaks in an unknown
column, category as code/label/alias with odd case, diacritics and surrounding spaces) with
invalid rows, duplicate keys and later updates.

Nothing here shares code with the Swift program: the generator writes raw text, and a separate,
deliberately naive reader and validator (`parse_csv`, `validate_row`, `apply_files`) decide what
is stored, following the SPEC's words. The generator also keeps the state it *intends*; the two
must agree or the oracle stops (a self-check of the oracle, not of the program).

Python 3 standard library only. Deterministic for a given seed.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import unicodedata

AS_OF = dt.date(2025, 12, 31)
EARLIEST = dt.date(2000, 1, 1)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATEGORIES = os.path.normpath(os.path.join(HERE, "..", "..", "fixtures", "reference", "categorieen.csv"))

REQUIRED = ["incident_id", "school_code", "datum", "categorie"]
OPTIONAL = ["locatie", "politie", "leeftijd", "ernst"]
ALLOWED = {
    "locatie": ["school", "omgeving", "online", "onbekend"],
    "politie": ["ja", "nee", "onbekend"],
    "leeftijd": ["0-11", "12-15", "16-17", "18+", "onbekend"],
    # SPEC §2a lists only these three for ernst; empty means onbekend. An explicit "onbekend"
    # is deliberately never written (the SPEC does not say whether it is valid).
    "ernst": ["licht", "middel", "zwaar"],
}
BAD_VALUES = {
    "locatie": ["buiten", "thuis", "schoolplein", "internet"],
    "politie": ["misschien", "j", "yes", "0"],
    "leeftijd": ["12-16", "18", "volwassen", "0-12"],
    "ernst": ["ernstig", "zeer zwaar", "laag", "3"],
}

DIMENSIONS = ["school", "wijk", "stadsdeel", "gebied", "sector", "categorie", "locatie", "politie",
              "leeftijd", "ernst", "jaar", "maand", "kwartaal", "halfjaar", "schooljaar"]


# --------------------------------------------------------------------------------------------
# CSV writing and (independent) reading

def csv_field(value, rng=None, quote_probability=0.0):
    """RFC 4180 field: quoted when needed, or at random when rng and probability are given."""
    needs = any(c in value for c in ',"\r\n')
    if needs or (rng is not None and rng.random() < quote_probability):
        return '"' + value.replace('"', '""') + '"'
    return value


def parse_csv(text):
    """A naive RFC 4180 reader: returns [(start_line, [fields])], skipping nothing but a final
    empty line. Line numbers are physical lines (1-based), counting a line break inside a quoted
    field as a line break."""
    records = []
    fields = []
    field = []
    i = 0
    n = len(text)
    line = 1
    start_line = 1
    in_quotes = False
    at_field_start = True
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field.append('"')
                    i += 2
                    continue
                in_quotes = False
                i += 1
                continue
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                field.append("\r\n")
                line += 1
                i += 2
                continue
            if c in "\r\n":
                line += 1
            field.append(c)
            i += 1
            continue
        if c == '"' and at_field_start:
            in_quotes = True
            at_field_start = False
            i += 1
            continue
        if c == ",":
            fields.append("".join(field))
            field = []
            at_field_start = True
            i += 1
            continue
        if c in "\r\n":
            fields.append("".join(field))
            records.append((start_line, fields))
            fields, field = [], []
            at_field_start = True
            i += 2 if (c == "\r" and i + 1 < n and text[i + 1] == "\n") else 1
            line += 1
            start_line = line
            continue
        if c == '"':
            raise ValueError("oracle wrote a stray quote")
        field.append(c)
        at_field_start = False
        i += 1
    if in_quotes:
        raise ValueError("oracle wrote an unterminated quote")
    if field or fields or not at_field_start:
        fields.append("".join(field))
        records.append((start_line, fields))
    return records


# --------------------------------------------------------------------------------------------
# Categories

def fold(text):
    """SPEC §2a: case, diacritics and surrounding spaces ignored."""
    decomposed = unicodedata.normalize("NFD", text.strip(" "))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()


def load_categories(path):
    with open(path, encoding="utf-8") as handle:
        records = parse_csv(handle.read())
    header = [h.strip().lower() for h in records[0][1]]
    categories = []
    for _, fields in records[1:]:
        if fields == [""]:
            continue
        row = dict(zip(header, fields))
        aliases = [a.strip() for a in row.get("aliassen", "").split("|") if a.strip()]
        categories.append({"code": row["code"], "label": row["label"], "aliases": aliases})
    return categories


def category_names(categories):
    names = {}
    for cat in categories:
        for name in [cat["code"], cat["label"]] + cat["aliases"]:
            folded = fold(name)
            assert names.get(folded, cat["code"]) == cat["code"], f"ambiguous category name {name!r}"
            names[folded] = cat["code"]
    return names


ACCENTS = {
    "a": ["á", "à", "ä", "â"], "e": ["é", "è", "ë", "ê"], "i": ["í", "ï", "î"],
    "o": ["ó", "ö", "ô"], "u": ["ú", "ü", "û"], "A": ["Á", "Ä"], "E": ["É", "Ë"], "I": ["Í", "Ï"],
    "O": ["Ó", "Ö"], "U": ["Ú", "Ü"],
}


def category_variant(rng, cat):
    """A way a school might write category `cat`: code, label or alias, odd case, diacritics,
    surrounding spaces. Always folds to a name of `cat`."""
    name = rng.choice([cat["code"], cat["label"]] + cat["aliases"])
    style = rng.randrange(4)
    if style == 1:
        name = name.upper()
    elif style == 2:
        name = name.lower()
    elif style == 3:
        name = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
    if rng.random() < 0.4:
        chars = list(name)
        for index, c in enumerate(chars):
            if c in ACCENTS and rng.random() < 0.35:
                accented = rng.choice(ACCENTS[c])
                chars[index] = accented if rng.random() < 0.6 else unicodedata.normalize("NFD", accented)
        name = "".join(chars)
    if rng.random() < 0.3:
        name = " " * rng.randint(1, 3) + name
    if rng.random() < 0.3:
        name = name + " " * rng.randint(1, 3)
    return name


UNKNOWN_CATEGORIES = ["brandstichting", "verkeersongeval", "geweld!", "diefstal en heling", "pest", "overige",
                      "WAPENS2", "drugs (bezit)", "Fysiek_geweld_x", "vernieling of brand"]


# --------------------------------------------------------------------------------------------
# Reference data

def make_reference(rng):
    wijken = [
        # code, naam, stadsdeel, gebied
        ("HAV01", "Havenkwartier", "Haven", "Oost-Haven"),
        ("STA01", "Stadshart", "Stad", "Oost-Haven"),
        ("STA02", "Lindenwijk", "Stad", "West-Poort"),
        ("POO01", "Poortzicht", "Poort", "West-Poort"),
        ("BUI01", "Molenveld", "Buiten", "Buiten-Hout"),
        ("HOU01", "Horstveld", "de Hout", "Buiten-Hout"),
        ("KUS01", "Strandwal", "Kust", "Kust, Noord"),     # a gebied with a comma
        ("EIL01", "Éilandrijk", "Éiland", ""),            # empty gebied -> onbekend
        ("LEE01", "Leegveld", "Haven", "Oost-Haven"),      # a wijk without schools
    ]
    if rng.random() < 0.5:
        wijken.append(("NUL01", "Nergensveld", "", "West-Poort"))  # empty stadsdeel -> onbekend
    school_wijken = [w[0] for w in wijken if w[0] != "LEE01"]
    sectors = ["PO", "PO", "PO", "PO", "SBO", "SO", "VSO", "VO", "VO", "MBO", "HBO", "PO"]
    scholen = []
    counters = {}
    for index, sector in enumerate(sectors):
        counters[sector] = counters.get(sector, 0) + 1
        code = f"{sector}{counters[sector]:02d}"
        wijk = school_wijken[index] if index < len(school_wijken) else rng.choice(school_wijken)
        joined = rng.choice(["2023-11-14", "2023-11-14", "2024-03-01", ""])
        scholen.append((code, f"Fictieve school {code}", sector, wijk, joined))
    return wijken, scholen


def write_reference(rng, directory, wijken, scholen, write_categories):
    os.makedirs(directory, exist_ok=True)

    def write(name, header, rows):
        delimiter = rng.choice([",", ";"])
        newline = rng.choice(["\n", "\r\n"])

        def field(value):
            needs = any(c in value for c in delimiter + '"\r\n')
            return '"' + value.replace('"', '""') + '"' if needs else value

        lines = [delimiter.join(field(v) for v in header)]
        lines += [delimiter.join(field(v) for v in row) for row in rows]
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as handle:
            handle.write(newline.join(lines) + newline)

    write("wijken.csv", ["wijk_code", "wijk_naam", "stadsdeel", "gebied"], wijken)
    if rng.random() < 0.5:
        write("scholen.csv", ["school_code", "naam", "sector", "wijk_code", "aangesloten_per"], scholen)
    else:
        write("scholen.csv", ["school_code", "naam", "sector", "wijk_code"], [s[:4] for s in scholen])
    enrolment = []
    for school in scholen:
        base = rng.randint(80, 2000)
        for year in range(2021, 2027):
            enrolment.append((school[0], f"{year}-{year + 1}", str(base + rng.randint(-30, 30))))
    write("leerlingen.csv", ["school_code", "schooljaar", "leerlingen"], enrolment)
    if write_categories:
        with open(DEFAULT_CATEGORIES, "rb") as source, open(os.path.join(directory, "categorieen.csv"), "wb") as target:
            target.write(source.read())


# --------------------------------------------------------------------------------------------
# Generator (intent)

BOUNDARY_DATES = ["2023-07-31", "2023-08-01", "2024-07-31", "2024-08-01", "2025-07-31", "2025-08-01",
                  "2023-12-31", "2024-01-01", "2024-12-31", "2025-01-01", "2024-02-29", "2024-02-28",
                  "2024-03-01", "2025-03-31", "2025-04-01", "2025-06-30", "2025-07-01", "2025-09-30",
                  "2025-10-01", "2025-12-31", "2000-01-01", "2022-08-01", "2022-07-31"]
BAD_DATES = ["2023-02-29", "2025-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-1-05",
             "05-01-2024", "2024/01/05", "20240105", "2024-06-31", "gisteren", "2024-02-30"]
LATE_DATES = ["2026-01-01", "2026-03-15", "2030-07-01"]
EARLY_DATES = ["1999-12-31", "1998-06-01", "1900-01-01"]


def random_date(rng):
    if rng.random() < 0.4:
        return rng.choice(BOUNDARY_DATES)
    start = dt.date(2021, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, AS_OF.toordinal())).isoformat()


class Generator:
    def __init__(self, rng, scholen, categories):
        self.rng = rng
        self.schools = [s[0] for s in scholen]
        # One school never delivers: it must not appear in any count (no empty groups).
        self.active_schools = self.schools[:-1]
        self.categories = categories
        self.model = {}          # key -> semantic tuple, what the generator intends to be stored
        self.used_ids = set()
        self.id_counter = 0

    def new_id(self, school):
        rng = self.rng
        while True:
            self.id_counter += 1
            style = rng.randrange(16)
            if style < 4 or style >= 10:
                ident = f"INC-{self.id_counter:06d}"
            elif style < 6:
                ident = "".join(rng.choice("0123456789abcdef") for _ in range(rng.randint(8, 20)))
            elif style == 6:
                ident = f"{rng.randint(2021, 2025)}/{self.id_counter}"
            elif style == 7:
                ident = f'melding "{self.id_counter}", map B'   # quotes and a comma: quoted on output
            elif style == 8:
                ident = "x" * 60 + f"{self.id_counter % 10000:04d}"   # exactly 64 characters
            else:
                ident = "é" * 59 + f"{self.id_counter % 100000:05d}"   # 64 characters, more bytes
            if (school, ident) not in self.used_ids:
                self.used_ids.add((school, ident))
                return ident

    def random_values(self, columns):
        rng = self.rng
        cat = rng.choice(self.categories)["code"]
        values = {"datum": random_date(rng), "categorie": cat}
        for column in OPTIONAL:
            if column in columns:
                values[column] = rng.choice(ALLOWED[column] + ["onbekend"] if column == "ernst" else ALLOWED[column])
            else:
                values[column] = "onbekend"
        return values

    def different_values(self, old, columns):
        for _ in range(100):
            new = self.random_values(columns)
            if new != old:
                return new
        raise RuntimeError("could not vary values")

    def expressible(self, values, columns):
        return all(values[c] == "onbekend" or c in columns for c in OPTIONAL)

    def render(self, school, ident, values, columns):
        """Raw row (column -> text) for valid semantic values."""
        rng = self.rng
        cat = next(c for c in self.categories if c["code"] == values["categorie"])
        raw = {"incident_id": ident, "school_code": school, "datum": values["datum"],
               "categorie": category_variant(rng, cat)}
        for column in OPTIONAL:
            if column not in columns:
                continue
            value = values[column]
            if value == "onbekend":
                # Empty means onbekend; ernst has no explicit onbekend in the SPEC.
                raw[column] = "" if column == "ernst" or rng.random() < 0.6 else "onbekend"
            else:
                raw[column] = value
        return raw

    def key_tuple(self, school, ident, values):
        return (school, ident, values["datum"], values["categorie"]) + tuple(values[c] for c in OPTIONAL)

    def defect(self, raw, columns, allow_key_defects):
        """Makes a raw row invalid in one way; returns a short description."""
        rng = self.rng
        kinds = ["bad_date", "late_date", "early_date", "unknown_category", "missing_category",
                 "missing_date", "bad_enum"]
        if allow_key_defects:
            kinds += ["unknown_school", "missing_school", "missing_id", "long_id", "long_id"]
        if not any(c in columns for c in OPTIONAL):
            kinds.remove("bad_enum")
        kind = rng.choice(kinds)
        if kind == "bad_date":
            raw["datum"] = rng.choice(BAD_DATES)
        elif kind == "late_date":
            raw["datum"] = rng.choice(LATE_DATES)
        elif kind == "early_date":
            raw["datum"] = rng.choice(EARLY_DATES)
        elif kind == "unknown_category":
            raw["categorie"] = rng.choice(UNKNOWN_CATEGORIES)
        elif kind == "missing_category":
            raw["categorie"] = ""
        elif kind == "missing_date":
            raw["datum"] = ""
        elif kind == "bad_enum":
            column = rng.choice([c for c in OPTIONAL if c in columns])
            raw[column] = rng.choice(BAD_VALUES[column])
        elif kind == "unknown_school":
            raw["school_code"] = rng.choice(["ZZ99", "PO99", "XX01", "VO00"])
        elif kind == "missing_school":
            raw["school_code"] = ""
        elif kind == "missing_id":
            raw["incident_id"] = ""
        elif kind == "long_id":
            raw["incident_id"] = rng.choice(["y" * 65, "é" * 65, "INC-" + "0" * 61, "q" * 100])
        return kind

    def make_file(self, columns, size):
        """Rows of one file (list of (raw dict or None, field-count delta, intent)) and the
        generator's intended number of quarantined rows. Each key is used by one operation."""
        rng = self.rng
        rows = []
        quarantined = 0
        touched = set()
        existing = [k for k in self.model]
        rng.shuffle(existing)

        def take_existing():
            while existing:
                key = existing.pop()
                if key not in touched:
                    touched.add(key)
                    return key
            return None

        def take_new():
            school = rng.choice(self.active_schools)
            key = (school, self.new_id(school))
            touched.add(key)
            return key

        operations = ["new"] * 14 + ["update"] * 4 + ["same"] * 2 + ["invalid_existing"] * 2 + \
                     ["invalid_new"] * 4 + ["wrong_count"] * 1 + ["dup_same"] * 2 + ["dup_conflict"] * 2
        # Every kind of operation at least once per file after the first (existing keys needed),
        # duplicates both of a new key and of a key stored earlier.
        forced = []
        if self.model:
            forced = [(op, None) for op in ("update", "same", "invalid_existing", "invalid_new", "wrong_count")] + \
                     [(op, existing_key) for op in ("dup_same", "dup_conflict") for existing_key in (True, False)]
            rng.shuffle(forced)
        while len(rows) < size or forced:
            op, use_existing = forced.pop() if forced else (rng.choice(operations), None)
            if use_existing is None:
                use_existing = rng.random() < 0.5
            if op in ("update", "same", "invalid_existing") or (op.startswith("dup") and use_existing):
                key = take_existing()
                if key is None:
                    op, key = "new", take_new()
                is_new = False
            else:
                key = take_new()
                is_new = True
            school, ident = key
            if op == "new":
                values = self.random_values(columns)
                rows.append((self.render(school, ident, values, columns), 0, "valid"))
                self.model[key] = self.key_tuple(school, ident, values)
            elif op == "update":
                old = self.model[key]
                old_values = dict(zip(["datum", "categorie"] + OPTIONAL, old[2:]))
                values = self.different_values(old_values, columns)
                rows.append((self.render(school, ident, values, columns), 0, "valid"))
                self.model[key] = self.key_tuple(school, ident, values)
            elif op == "same":
                old = self.model[key]
                values = dict(zip(["datum", "categorie"] + OPTIONAL, old[2:]))
                if not self.expressible(values, columns):
                    values = self.different_values(values, columns)
                rows.append((self.render(school, ident, values, columns), 0, "valid"))
                self.model[key] = self.key_tuple(school, ident, values)
            elif op in ("invalid_existing", "invalid_new"):
                values = self.random_values(columns)
                raw = self.render(school, ident, values, columns)
                self.defect(raw, columns, allow_key_defects=(op == "invalid_new"))
                if rng.random() < 0.25:
                    self.defect(raw, columns, allow_key_defects=False)   # two problems, one line
                rows.append((raw, 0, "invalid"))
                quarantined += 1
            elif op == "wrong_count":
                values = self.random_values(columns)
                raw = self.render(school, ident, values, columns)
                rows.append((raw, rng.choice([-1, 1]), "invalid"))
                quarantined += 1
            elif op == "dup_same":
                if is_new:
                    values = self.random_values(columns)
                else:
                    old = self.model[key]
                    values = dict(zip(["datum", "categorie"] + OPTIONAL, old[2:]))
                    if rng.random() < 0.5 or not self.expressible(values, columns):
                        values = self.different_values(values, columns)
                for _ in range(rng.choice([2, 2, 3])):
                    rows.append((self.render(school, ident, values, columns), 0, "valid"))
                self.model[key] = self.key_tuple(school, ident, values)
            elif op == "dup_conflict":
                first = self.random_values(columns)
                second = self.different_values(first, columns)
                versions = [first, second] + ([rng.choice([first, second])] if rng.random() < 0.4 else [])
                for values in versions:
                    rows.append((self.render(school, ident, values, columns), 0, "conflict"))
                quarantined += len(versions)
                # The key is not stored from this file; an earlier version (if any) stays.
        rng.shuffle(rows)
        return rows, quarantined


def write_export(rng, path, columns, rows, style):
    """Writes one canonical export with random header case, unknown columns with nasty content
    (style["extras"] of them), style["newline"] line breaks, style["bom"] and style["final_newline"]."""
    extra_names = ["opmerking", "Naam leerling", "vrije tekst, intern", "BSN", "Toelichting \"mentor\""]
    extras = rng.sample(extra_names, style["extras"])
    header = list(columns) + extras
    rng.shuffle(header)
    newline = style["newline"]

    def header_name(name):
        if name in extras:
            return name
        style = rng.randrange(4)
        if style == 0:
            return name
        if style == 1:
            return name.upper()
        if style == 2:
            return name.title()
        return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)

    def extra_value():
        choice = rng.randrange(6)
        if choice == 0:
            return ""
        if choice == 1:
            return "Jan de Vries, klas 3b"
        if choice == 2:
            return 'zei: "ik kom je halen", daarna weggelopen'
        if choice == 3:
            return "regel een\nregel twee, met komma"
        if choice == 4:
            return "eerste\r\ntweede \"\"quote\"\"\r\n\r\nderde"
        return "123456789"

    lines = [",".join(csv_field(header_name(h), rng, 0.15) for h in header)]
    for raw, delta, _ in rows:
        fields = [raw.get(h, "") if h not in extras else extra_value() for h in header]
        if delta < 0:
            fields.pop(rng.randrange(len(fields)))
        elif delta > 0:
            fields.append(rng.choice(["", "extra"]))
        lines.append(",".join(csv_field(f, rng, 0.1) for f in fields))
    text = newline.join(lines) + (newline if style["final_newline"] else "")
    data = text.encode("utf-8")
    if style["bom"]:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as handle:
        handle.write(data)


# --------------------------------------------------------------------------------------------
# Independent reader, validator and store (what the SPEC says must happen)

def parse_date(text):
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    parts = (text[0:4], text[5:7], text[8:10])
    if not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def validate_row(row, schools, names):
    """SPEC §2d: returns the normalised (school, id, datum, categorie, locatie, politie, leeftijd,
    ernst) or None when the row is invalid."""
    ident = row.get("incident_id", "")
    school = row.get("school_code", "")
    if ident == "" or len(unicodedata.normalize("NFC", ident)) > 64:
        return None
    if school not in schools:
        return None
    day = parse_date(row.get("datum", ""))
    if day is None or day < EARLIEST or day > AS_OF:
        return None
    code = names.get(fold(row.get("categorie", "")))
    if row.get("categorie", "").strip(" ") == "" or code is None:
        return None
    optional = []
    for column in OPTIONAL:
        value = row.get(column, "")
        if value == "":
            optional.append("onbekend")
        elif value in ALLOWED[column]:
            optional.append(value)
        else:
            return None
    return (school, ident, day.isoformat(), code) + tuple(optional)


def apply_files(export_dir, schools, names):
    """Reads the exports in path order and applies SPEC §2d. Returns (store, quarantine per file)."""
    store = {}
    quarantine = {}
    for name in sorted(os.listdir(export_dir), key=lambda n: n.encode("utf-8")):
        with open(os.path.join(export_dir, name), "rb") as handle:
            data = handle.read()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        records = parse_csv(data.decode("utf-8"))
        header = [h.lower() for h in records[0][1]]
        assert all(c in header for c in REQUIRED), name
        bad_lines = set()
        by_key = {}
        for line, fields in records[1:]:
            if len(fields) != len(header):
                bad_lines.add(line)
                continue
            row = {h: f for h, f in zip(header, fields) if h in REQUIRED + OPTIONAL}
            normalised = validate_row(row, schools, names)
            if normalised is None:
                bad_lines.add(line)
                continue
            by_key.setdefault(normalised[:2], []).append((line, normalised))
        for key, versions in by_key.items():
            if len({v for _, v in versions}) > 1:
                bad_lines.update(line for line, _ in versions)   # conflicting duplicates
            else:
                store[key] = versions[0][1]                       # latest valid version wins
        quarantine[name] = len(bad_lines)
    return store, quarantine


# --------------------------------------------------------------------------------------------
# Counts

def dimension_value(dimension, incident, school_info, wijk_info):
    school, _, datum, categorie, locatie, politie, leeftijd, ernst = incident
    sector, wijk = school_info[school]
    stadsdeel, gebied = wijk_info[wijk]
    year, month = int(datum[:4]), int(datum[5:7])
    return {
        "school": school,
        "wijk": wijk,
        "stadsdeel": stadsdeel or "onbekend",
        "gebied": gebied or "onbekend",
        "sector": sector or "onbekend",
        "categorie": categorie,
        "locatie": locatie or "onbekend",
        "politie": politie or "onbekend",
        "leeftijd": leeftijd or "onbekend",
        "ernst": ernst or "onbekend",
        "jaar": f"{year:04d}",
        "maand": f"{year:04d}-{month:02d}",
        "kwartaal": f"{year:04d}-Q{(month - 1) // 3 + 1}",
        "halfjaar": f"{year:04d}-H{1 if month <= 6 else 2}",
        "schooljaar": f"{year}-{year + 1}" if month >= 8 else f"{year - 1}-{year}",
    }[dimension]


def expected_counts(store, dims, start, end, school_info, wijk_info):
    groups = {}
    for incident in store.values():
        if start is not None and incident[2] < start:
            continue
        if end is not None and incident[2] > end:
            continue
        values = tuple(dimension_value(d, incident, school_info, wijk_info) for d in dims)
        groups[values] = groups.get(values, 0) + 1
    lines = [",".join(dims + ["aantal"])]
    for values in sorted(groups, key=lambda t: tuple(v.encode("utf-8") for v in t)):
        lines.append(",".join([csv_field(v) for v in values] + [str(groups[values])]))
    return "\n".join(lines) + "\n"


CASES = [(d, None, None) for d in DIMENSIONS] + [
    ("school,categorie", None, None),
    ("maand,school", None, None),
    ("stadsdeel,gebied,wijk", None, None),
    ("gebied,sector", None, None),
    ("sector,schooljaar", None, None),
    ("jaar,kwartaal,maand", None, None),
    ("halfjaar,politie,locatie", None, None),
    ("leeftijd,ernst", None, None),
    ("categorie,locatie,politie,leeftijd,ernst", None, None),
    (",".join(DIMENSIONS), None, None),
    (",".join(reversed(DIMENSIONS)), None, None),
    ("categorie", "2024-08-01", "2025-07-31"),
    ("school,maand", "2024-02-29", "2025-01-01"),
    ("gebied,schooljaar", "2023-08-01", None),
    ("jaar,halfjaar", None, "2024-12-31"),
    ("kwartaal,stadsdeel", "2025-12-31", "2025-12-31"),
    ("sector,categorie", "2024-02-29", "2024-02-29"),
    ("wijk", "2000-01-01", "2000-01-01"),
    ("sector", "2001-01-01", "2001-12-31"),      # no incidents: header only
    ("schooljaar,politie", "2023-07-31", "2024-08-01"),
]


# --------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    out = args.out
    reference_dir = os.path.join(out, "reference")
    export_dir = os.path.join(out, "exports")
    expected_dir = os.path.join(out, "expected")
    for directory in (reference_dir, export_dir, expected_dir):
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))

    categories = load_categories(DEFAULT_CATEGORIES)
    names = category_names(categories)
    wijken, scholen = make_reference(rng)
    write_reference(rng, reference_dir, wijken, scholen, write_categories=rng.random() < 0.5)

    generator = Generator(rng, scholen, categories)
    intended_quarantine = {}
    file_count = rng.randint(4, 6)

    def covering(values, weights):
        """One value per file, every value at least once, the rest drawn with `weights`."""
        chosen = list(values) + rng.choices(values, weights, k=file_count - len(values))
        rng.shuffle(chosen)
        return chosen

    boms = covering([True, False], [3, 7])
    newlines = covering(["\n", "\r\n"], [1, 1])
    final_newlines = covering([True, False], [8, 2])
    extras = covering([0, 1, 2], [2, 5, 3])
    # At least one file with every optional column, at least one without some.
    all_optional = covering([True, False], [1, 3])
    for index in range(file_count):
        if all_optional[index]:
            columns = REQUIRED + OPTIONAL
        else:
            missing = set(rng.sample(OPTIONAL, rng.randint(1, 3)))
            columns = REQUIRED + [c for c in OPTIONAL if c not in missing]
        rows, quarantined = generator.make_file(columns, rng.randint(35, 70))
        name = f"{index + 1:02d}_export_{rng.choice(['po', 'vo', 'mbo', 'mix'])}.csv"
        style = {"bom": boms[index], "newline": newlines[index], "final_newline": final_newlines[index],
                 "extras": extras[index]}
        write_export(rng, os.path.join(export_dir, name), columns, rows, style)
        intended_quarantine[name] = quarantined

    school_set = {s[0] for s in scholen}
    store, quarantine = apply_files(export_dir, school_set, names)

    # Self-check: the generator's intent and the independent reading must agree.
    if store != generator.model or quarantine != intended_quarantine:
        missing = set(generator.model) - set(store)
        extra = set(store) - set(generator.model)
        changed = [k for k in store if k in generator.model and store[k] != generator.model[k]]
        sys.exit(f"oracle self-check failed: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}, "
                 f"changed {changed[:5]}, quarantine {quarantine} vs intended {intended_quarantine}")

    school_info = {s[0]: (s[2], s[3]) for s in scholen}
    wijk_info = {w[0]: (w[2], w[3]) for w in wijken}
    manifest = []
    for number, (by, start, end) in enumerate(CASES, start=1):
        file_name = f"case_{number:02d}.csv"
        text = expected_counts(store, by.split(","), start, end, school_info, wijk_info)
        with open(os.path.join(expected_dir, file_name), "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        manifest.append({"by": by, "from": start, "to": end, "file": file_name})
    with open(os.path.join(expected_dir, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False)
    with open(os.path.join(expected_dir, "quarantine.json"), "w", encoding="utf-8") as handle:
        json.dump(quarantine, handle, indent=1, sort_keys=True)
    with open(os.path.join(expected_dir, "stored.json"), "w", encoding="utf-8") as handle:
        json.dump(sorted(list(v) for v in store.values()), handle, indent=0, ensure_ascii=False)
    print(f"seed {args.seed}: {file_count} exports, {len(store)} incidents stored, "
          f"{sum(quarantine.values())} quarantined lines, {len(manifest)} cases")


if __name__ == "__main__":
    main()
