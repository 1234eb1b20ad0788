#!/usr/bin/env python3
"""An independent attacker on published briefing packs (SPEC §5).

    python3 attack.py --reference DIR --pack PACKDIR [--pack PACKDIR ...] [--threshold 5]
                      [--ip] [--json OUT] [--label NAME]

reads the CSV tables of the given packs exactly as a reader who holds all of them would, and
bounds every hidden count by linear programming (and, with --ip, by integer programming), with
HiGHS (PyPI `highspy`).

Nothing here shares code with the Swift program. What it knows is what a reader knows:
- the published reference data (schools with their sector, wijk and join date; wijk → stadsdeel
  → gebied; categorie → meldplicht);
- each pack's manifest (its audience, sectors and split) and its CSV tables in long form
  (SPEC §4): one column per dimension, then `aantal` and other measures; `Totaal` in a dimension
  means the sum over it; a non-numeric `aantal` is a hidden cell.

Model. Every incident falls in one (school, month) pair and one detail tuple (categorie, locatie,
politie, leeftijd, ernst: those used by any table). A published or hidden cell is the sum over a
set of such (pair, tuple) combinations: its pack's scope and its row's coordinates. The attacker
partitions the pairs into atoms (pairs that belong to exactly the same cells) and, per pair atom,
the detail tuples likewise; one non-negative variable per (pair atom, detail atom). Adding a
dimension that no table uses does not change what is feasible, so this is exact for the tables
as published. Each published `aantal` is an equation; a published share (`aandeel`, rounded to
one decimal) bounds the total of its group. Then each hidden cell is minimised and maximised.

A hidden cell is *disclosed* when every feasible value lies in 1..threshold-1 (the LP bounds,
rounded inward to integers since counts are whole; with --ip the integer bounds). A hidden
count next to a published rate, interval or share is a *derived leak*.

Insiders (--per-split --insiders --base DB, issue 17). A school's safety coordinator holds the
school's own pack, the packs of its own area (--shared packs whose split value is the school's) and
the shared ones, and knows its own counts. Its own (school, month) pairs become atoms of their own
and their variables are fixed at its counts; a cell that holds the school is judged by what
remains, the cell minus its own part: a published cell whose rest is 1..threshold-1, or a hidden
one whose rest is bounded into that range, tells a small count of the other schools. Cells of the
school alone are its own and not attacked.

The police (--police --base DB, issue 17). The police know their own cases: every count with
`politie = ja`, at the base grain (school, month, categorie, locatie). Every cell gets a twin
restricted to `politie = ja` (it publishes nothing) so that those parts are variables of their own,
fixed at their counts; a cell is judged by what remains without the police's part, as for a school.

Exit status: 0 nothing disclosed, 1 something disclosed, 2 bad input (inconsistent tables are
reported as such: the reader would learn that the tables cannot all be true).
"""

import argparse
import csv
import json
import math
import os
import re
import sys
from collections import defaultdict

import numpy as np

try:
    import highspy
except ImportError:  # pragma: no cover - the set-up installs it
    sys.stderr.write("attack.py needs highspy (pip install highspy)\n")
    sys.exit(2)

PERIOD_COLUMNS = ("periode", "maand", "kwartaal", "halfjaar", "schooljaar", "jaar")
PLACE_DIMS = ("school", "wijk", "stadsdeel", "gebied", "sector")
DETAIL_DIMS = ("categorie", "meldplicht", "locatie", "politie", "leeftijd", "ernst")
DETAIL_BASE = ("categorie", "locatie", "politie", "leeftijd", "ernst")
DETAIL_VALUES = {
    "locatie": ("school", "omgeving", "online", "onbekend"),
    "politie": ("ja", "nee", "onbekend"),
    "leeftijd": ("0-11", "12-15", "16-17", "18+", "onbekend"),
    "ernst": ("licht", "middel", "zwaar", "onbekend"),
}
# Tables whose population is another one than incidents (schools, deliveries).
NOT_INCIDENT_TABLES = ("afspraken", "aanlevering", "signalen")
# Tables that count only the months in which a school had joined the covenant.
JOINED_ONLY_TABLES = ("naleving",)
# The covenant view counts every school's incidents from the month of signing (its title says
# "sinds de ondertekening op 14 november 2023").
COVENANT_TABLES = ("convenantperiode",)
COVENANT_FIRST_MONTH = (2023, 11)
TOTAL = "Totaal"


# --------------------------------------------------------------------------------------------
# Reference data and periods


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return list(csv.DictReader(handle, delimiter=delimiter))


def month_index(year, month):
    return year * 12 + (month - 1)


def months_of_period(text):
    """The month indices of a period as SPEC §4 writes it."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        return [month_index(int(m[1]), int(m[2]))]
    m = re.fullmatch(r"(\d{4})-Q([1-4])", text)
    if m:
        start = month_index(int(m[1]), 3 * int(m[2]) - 2)
        return list(range(start, start + 3))
    m = re.fullmatch(r"(\d{4})-H([12])", text)
    if m:
        start = month_index(int(m[1]), 6 * int(m[2]) - 5)
        return list(range(start, start + 6))
    m = re.fullmatch(r"(\d{4})-(\d{4})-T([1-3])", text)
    if m:
        start = month_index(int(m[1]), 8) + 4 * (int(m[3]) - 1)
        return list(range(start, start + 4))
    m = re.fullmatch(r"(\d{4})-(\d{4})", text)
    if m:
        start = month_index(int(m[1]), 8)
        return list(range(start, start + 12))
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        start = month_index(int(m[1]), 1)
        return list(range(start, start + 12))
    raise ValueError(f"onbekende periode {text!r}")


class Reference:
    def __init__(self, directory):
        wijken = {r["wijk_code"]: r for r in read_csv(os.path.join(directory, "wijken.csv"))}
        self.schools = []
        for row in read_csv(os.path.join(directory, "scholen.csv")):
            wijk = wijken.get(row["wijk_code"], {})
            joined = (row.get("aangesloten_per") or "").strip()
            stadsdeel = (wijk.get("stadsdeel") or "onbekend").strip() or "onbekend"
            self.schools.append({
                "school": row["school_code"],
                "sector": row["sector"],
                "wijk": row["wijk_code"],
                "stadsdeel": stadsdeel,
                "gebied": (wijk.get("gebied") or "onbekend").strip() or "onbekend",
                # A Passend-Onderwijs cluster of wijken (SPEC §1); without one, the stadsdeel.
                "po_cluster": (wijk.get("po_cluster") or "").strip() or stadsdeel,
                "joined": month_index(int(joined[:4]), int(joined[5:7])) if joined else None,
            })
        self.meldplicht = {}
        for row in read_csv(os.path.join(directory, "categorieen.csv")):
            self.meldplicht[row["code"]] = row["meldplicht"]


# --------------------------------------------------------------------------------------------
# Packs and cells


class Cell:
    __slots__ = ("pack", "table", "line", "coords", "schools", "months", "joined_only",
                 "detail", "value", "derived", "share")

    def describe(self):
        coords = ", ".join(f"{k}={v}" for k, v in self.coords)
        return f"{self.pack}/{self.table}.csv regel {self.line}: {coords}"


def is_number(text):
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def pack_scope(pack_dir, reference):
    """Which schools a pack's cells are about: its sectors and its split value."""
    parent = os.path.dirname(os.path.abspath(pack_dir))
    name = os.path.basename(os.path.abspath(pack_dir))
    manifest_path = os.path.join(parent, "manifest.json")
    parameters = {}
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as handle:
            parameters = json.load(handle).get("parameters", {})
    sectors = [s for s in (parameters.get("sectors") or "").split(",") if s]
    split = parameters.get("split", "none")
    value = None
    if split not in ("none", ""):
        # pipeline_period_value: the value follows the period in the pack's name.
        m = re.fullmatch(r".+?_(\d{4}(?:-\d{4})?(?:-[QHT]\d|-\d{2})?)_(.+)", name)
        if not m:
            raise ValueError(f"{name}: splitwaarde niet te vinden")
        value = m[2]
    end = None
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as handle:
            last = json.load(handle).get("periode_tot_en_met")
        if last:
            end = month_index(int(last[:4]), int(last[5:7]))
    schools = set()
    for school in reference.schools:
        if sectors and school["sector"] not in sectors:
            continue
        if value is not None and school[split] != value:
            continue
        schools.add(school["school"])
    return schools, split, value, end


def benchmark_of(pack_dir):
    """Whom a school's benchmark covers, as the run's manifest states it ("" when it does not)."""
    manifest_path = os.path.join(os.path.dirname(os.path.abspath(pack_dir)), "manifest.json")
    if not os.path.exists(manifest_path):
        return ""
    with open(manifest_path, encoding="utf-8") as handle:
        return json.load(handle).get("vergelijking") or ""


def read_pack(pack_dir, reference, cells):
    name = os.path.basename(os.path.abspath(pack_dir))
    scope, split, value, end = pack_scope(pack_dir, reference)
    by_code = {s["school"]: s for s in reference.schools}
    for file_name in sorted(os.listdir(pack_dir)):
        if not file_name.endswith(".csv"):
            continue
        table = file_name[:-4]
        if table.startswith(NOT_INCIDENT_TABLES):
            continue
        rows = read_csv(os.path.join(pack_dir, file_name))
        if not rows or "aantal" not in rows[0]:
            continue
        header = list(rows[0].keys())
        dims = header[: header.index("aantal")]
        table_scope = scope
        if split == "school" and table.startswith("vergelijking_"):
            # A school's benchmark: its whole sector when the manifest says so (issue 17: one
            # common cell set for the sector), else the other schools of its sector.
            own = by_code[value]
            whole = "alle scholen van de sector" in benchmark_of(pack_dir)
            table_scope = {s["school"] for s in reference.schools
                           if s["sector"] == own["sector"] and (whole or s["school"] != value)}
        for line, row in enumerate(rows, start=2):
            cell = Cell()
            cell.pack, cell.table, cell.line = name, table, line
            cell.coords = tuple((d, row[d]) for d in dims)
            schools = set(table_scope)
            months = None
            detail = {}
            for d in dims:
                v = row[d].strip()
                if v == TOTAL:
                    continue
                if d in PERIOD_COLUMNS:
                    months = set(months_of_period(v))
                elif d in PLACE_DIMS:
                    schools = {s for s in schools if by_code[s][d] == v}
                elif d in DETAIL_DIMS:
                    detail[d] = v
                else:
                    raise ValueError(f"{name}/{file_name}: onbekende dimensie {d!r}")
            if months is None:
                raise ValueError(f"{name}/{file_name}: geen periodekolom")
            if end is not None:
                # A pack holds nothing after its period: a school year still running is partial.
                months = {m for m in months if m <= end}
            if table.startswith(COVENANT_TABLES):
                months = {m for m in months if m >= month_index(*COVENANT_FIRST_MONTH)}
            cell.schools = frozenset(schools)
            cell.months = frozenset(months)
            cell.joined_only = table.startswith(JOINED_ONLY_TABLES)
            cell.detail = detail
            text = row["aantal"].strip()
            cell.value = int(text) if re.fullmatch(r"\d+", text) else None
            cell.derived = [m for m in ("per_1000", "bi_laag", "bi_hoog", "aandeel", "ratio")
                            if m in row and row[m].strip() and cell.value is None]
            cell.share = None
            if "aandeel" in row and row["aandeel"].strip() and cell.value is not None:
                cell.share = float(row["aandeel"].replace(",", "."))
            # The group of a share: the same coordinates summed over the last dimension.
            cell_group = dims[-1] if dims else None
            cells.append((cell, cell_group))


# --------------------------------------------------------------------------------------------
# The model


class Model:
    def __init__(self, reference, cells, insider=None, base=None, police=False):
        """insider: a school code whose own counts the reader knows (from `base`, its counts per
        (month index, categorie, locatie, politie)): a school's safety coordinator."""
        self.reference = reference
        self.cells = [c for c, _ in cells]
        self.share_groups = [g for _, g in cells]
        schools = reference.schools
        all_months = sorted({m for c in self.cells for m in c.months})
        self.pairs = [(i, m) for i in range(len(schools)) for m in all_months]
        pair_school = np.array([p[0] for p in self.pairs])
        pair_month = np.array([p[1] for p in self.pairs])
        code_index = {s["school"]: i for i, s in enumerate(schools)}
        joined = np.array([(s["joined"] if s["joined"] is not None else -1) for s in schools])

        used = {d for c in self.cells for d in c.detail}
        if police:
            used.add("politie")
        if "meldplicht" in used:
            used.add("categorie")
        self.detail_dims = [d for d in DETAIL_BASE if d in used]
        values = []
        for d in self.detail_dims:
            values.append(tuple(sorted(reference.meldplicht)) if d == "categorie" else DETAIL_VALUES[d])
        self.tuples = [()]
        for vs in values:
            self.tuples = [t + (v,) for t in self.tuples for v in vs]

        # Share constraints: each share bounds the total of a group that may not be a cell.
        self.extra = []  # (cell-like, lower, upper)
        for cell, group in zip(self.cells, self.share_groups):
            if cell.share is None or cell.share <= 0:
                continue
            group_cell = Cell()
            group_cell.pack, group_cell.table, group_cell.line = cell.pack, cell.table, cell.line
            group_cell.coords = cell.coords
            group_cell.schools, group_cell.months = cell.schools, cell.months
            group_cell.joined_only = cell.joined_only
            group_cell.detail = {k: v for k, v in cell.detail.items() if k != group}
            if group in PLACE_DIMS or group in PERIOD_COLUMNS:
                continue  # shares over places or periods are not what the packs publish
            low = cell.value * 100.0 / (cell.share + 0.05)
            high = cell.value * 100.0 / (cell.share - 0.05) if cell.share > 0.05 else math.inf
            self.extra.append((group_cell, math.ceil(low - 1e-9), math.floor(high + 1e-9)))

        every = self.cells + [e[0] for e in self.extra]
        # An insider's own (school, month) pairs are atoms of their own: one pseudo-cell per
        # month separates them from the other schools' pairs (it publishes nothing).
        self.insider = insider
        self.police = police
        if police:
            for cell in list(self.cells):
                if "politie" in cell.detail:
                    continue
                twin = Cell()
                twin.pack, twin.table, twin.line, twin.coords = "(politie)", cell.table, cell.line, cell.coords
                twin.schools, twin.months, twin.joined_only = cell.schools, cell.months, cell.joined_only
                twin.detail = dict(cell.detail, politie="ja")
                twin.value, twin.derived, twin.share = None, [], None
                every.append(twin)
        if insider is not None:
            for m in all_months:
                own = Cell()
                own.pack, own.table, own.line, own.coords = "(eigen school)", insider, 0, (("maand", str(m)),)
                own.schools, own.months, own.joined_only, own.detail = frozenset([insider]), frozenset([m]), False, {}
                own.value, own.derived, own.share = None, [], None
                every.append(own)
        # Pair masks and detail masks of every cell.
        self.pair_masks = np.zeros((len(every), len(self.pairs)), dtype=bool)
        self.detail_masks = np.zeros((len(every), len(self.tuples)), dtype=bool)
        tuple_columns = {d: np.array([t[k] for t in self.tuples]) for k, d in enumerate(self.detail_dims)}
        cat_meld = np.array([reference.meldplicht.get(t[self.detail_dims.index("categorie")], "")
                             for t in self.tuples]) if "categorie" in self.detail_dims else None
        for k, cell in enumerate(every):
            school_ok = np.zeros(len(schools), dtype=bool)
            school_ok[[code_index[s] for s in cell.schools]] = True
            mask = school_ok[pair_school] & np.isin(pair_month, list(cell.months))
            if cell.joined_only:
                mask &= pair_month >= joined[pair_school]
            self.pair_masks[k] = mask
            dmask = np.ones(len(self.tuples), dtype=bool)
            for d, v in cell.detail.items():
                if d == "meldplicht":
                    dmask &= cat_meld == v
                else:
                    dmask &= tuple_columns[d] == v
            self.detail_masks[k] = dmask
        self.every = every

        # Pair atoms: pairs with the same membership in every cell; pairs in no cell are dropped.
        in_any = self.pair_masks.any(axis=0)
        keys = np.packbits(self.pair_masks[:, in_any], axis=0).T
        _, pair_atom = np.unique(keys, axis=0, return_inverse=True)
        pair_atom = pair_atom.ravel()
        self.n_pair_atoms = int(pair_atom.max()) + 1 if len(pair_atom) else 0
        columns = np.nonzero(in_any)[0]
        # For every cell, which pair atoms it holds (an atom is inside or outside a cell).
        representative = np.zeros(self.n_pair_atoms, dtype=int)
        representative[pair_atom] = columns
        cell_atoms = self.pair_masks[:, representative]  # cells × pair atoms
        # Per pair atom: detail atoms from the cells touching it.
        self.variables = []  # (pair atom, detail-tuple mask representative)
        self.var_tuples = []  # per variable, the detail tuples it sums
        self.var_of = {}
        cell_vars = [[] for _ in every]
        for a in range(self.n_pair_atoms):
            touching = np.nonzero(cell_atoms[:, a])[0]
            dm = self.detail_masks[touching]
            if len(touching) == 0:
                continue
            keys = np.packbits(dm, axis=0).T
            _, detail_atom = np.unique(keys, axis=0, return_inverse=True)
            detail_atom = detail_atom.ravel()
            for d in range(int(detail_atom.max()) + 1):
                members = np.nonzero(detail_atom == d)[0]
                index = len(self.variables)
                self.variables.append((a, int(members[0])))
                self.var_tuples.append([int(t) for t in members])
                inside = dm[:, members[0]]
                for c in touching[inside]:
                    cell_vars[c].append(index)
        self.cell_vars = cell_vars
        # What the insider knows: every variable of its own pairs, summed from its own counts.
        self.fixed = {}
        if police:
            atom_pairs = defaultdict(list)
            for p, a in zip(columns, pair_atom):
                atom_pairs[int(a)].append(int(p))
            dims = {d: k for k, d in enumerate(self.detail_dims)}
            if any(d not in ("categorie", "locatie", "politie") for d in dims):
                raise ValueError("de zaken van de politie kennen alleen categorie, locatie en politie")
            for index, (a, _) in enumerate(self.variables):
                tuples = self.var_tuples[index]
                if any(self.tuples[t][dims["politie"]] != "ja" for t in tuples):
                    continue
                total = 0
                for p in atom_pairs[a]:
                    school, month = schools[self.pairs[p][0]]["school"], self.pairs[p][1]
                    own = base.get(school, {})
                    for t in tuples:
                        key = tuple(self.tuples[t][dims[d]] if d in dims else None for d in ("categorie", "locatie", "politie"))
                        total += own.get((month,) + key, 0)
                self.fixed[index] = total
        if insider is not None:
            own_index = code_index[insider]
            atom_pairs = defaultdict(list)
            for p, a in zip(columns, pair_atom):
                atom_pairs[int(a)].append(int(p))
            dims = {d: k for k, d in enumerate(self.detail_dims)}
            if any(d not in ("categorie", "locatie", "politie") for d in dims):
                raise ValueError("de eigen tellingen van de school kennen alleen categorie, locatie en politie")
            for index, (a, _) in enumerate(self.variables):
                pairs = atom_pairs[a]
                if any(self.pairs[p][0] != own_index for p in pairs):
                    continue
                total = 0
                for p in pairs:
                    month = self.pairs[p][1]
                    for t in self.var_tuples[index]:
                        key = tuple(self.tuples[t][dims[d]] if d in dims else None for d in ("categorie", "locatie", "politie"))
                        total += base.get((month,) + key, 0)
                self.fixed[index] = total
        # Per cell, the insider's own part (known to it): 0 for every cell without its school.
        self.own_part = [sum(self.fixed.get(v, 0) for v in vs) for vs in cell_vars]

    def published(self):
        return [(k, c) for k, c in enumerate(self.cells) if c.value is not None]

    def hidden(self):
        return [(k, c) for k, c in enumerate(self.cells) if c.value is None]


# --------------------------------------------------------------------------------------------
# Solving


def components(model):
    parent = list(range(len(model.variables)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for vars_ in model.cell_vars:
        for v in vars_[1:]:
            a, b = find(vars_[0]), find(v)
            if a != b:
                parent[a] = b
    return find


def integer_check(model, group, local, n, candidates, threshold, time_limit):
    """Integer proofs for cells whose LP proof came from a fractional solution: the findings, the
    cells left undecided (time limit) and the number of solves.

    A cell is safe when some integer solution gives it 0 or the threshold or more. Every
    integer solution found is screened against all open cells, so a few solves decide most of
    them: first any integer solution, then, for the first open cell, one with that cell at the
    threshold or more, else one with that cell at 0; when neither exists the cell is disclosed.
    """
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.addVars(n, np.zeros(n), np.full(n, 1.0e6))
    for v, value in group["fixed"]:
        h.changeColBounds(local[v], float(value), float(value))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))
    for k, low, high in group["rows"]:
        idx = np.array(sorted(local[v] for v in model.cell_vars[k]), dtype=np.int32)
        h.addRow(float(low), float(high) if high != math.inf else highspy.kHighsInf, len(idx), idx, np.ones(len(idx)))
    index = {k: np.array([local[v] for v in model.cell_vars[k]], dtype=np.int32) for k in candidates}
    solves = 0
    findings, unresolved = [], []

    def solution(extra=None):
        nonlocal solves
        if extra is not None:
            k, low, high = extra
            h.addRow(float(low), float(high), len(index[k]), index[k], np.ones(len(index[k])))
        h.run()
        solves += 1
        status = h.getModelStatus()
        x = np.array(h.getSolution().col_value) if h.getInfo().primal_solution_status == 2 else None
        if extra is not None:
            h.deleteRows(1, np.array([h.getNumRow() - 1], dtype=np.int32))
        if x is not None:
            return x, True
        return None, status == highspy.HighsModelStatus.kInfeasible

    def screen(open_, x):
        def safe(k):
            value = float(x[index[k]].sum()) - model.own_part[k]
            return abs(value - round(value)) <= 1e-6 and (value >= threshold - 1e-6 or value <= 1e-6)
        return [k for k in open_ if not safe(k)]

    open_ = list(candidates)
    x, _ = solution()
    if x is None:
        return [], open_, solves
    open_ = screen(open_, x)
    while open_:
        k = open_.pop(0)
        decided = False
        undecided = False
        o = model.own_part[k]
        for low, high in ((threshold + o, 1.0e6), (o, o)):
            x, infeasible = solution((k, low, high))
            if x is not None:
                open_ = screen(open_, x)
                decided = True
                break
            if not infeasible:
                undecided = True
        if decided:
            continue
        if undecided:
            unresolved.append(k)
            continue
        # Disclosed: its integer bounds, for the report.
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            costs = np.zeros(n)
            costs[index[k]] = 1.0
            h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
            h.changeObjectiveSense(sense)
            h.run()
            solves += 1
            ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            bounds.append(round(h.getInfo().objective_function_value) - o if ok else None)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        low = bounds[0] if bounds[0] is not None else 1
        high = bounds[1] if bounds[1] is not None else threshold - 1
        findings.append({"cel": model.cells[k].describe(), "ondergrens": low, "bovengrens": high, "methode": "ip"})
    return findings, unresolved, solves


def solve(model, threshold, use_ip, time_limit, fresh=False):
    find = components(model)
    groups = defaultdict(lambda: {"rows": [], "hidden": [], "fixed": []})
    own = model.own_part
    residuals = []
    for k, cell in enumerate(model.cells):
        vars_ = model.cell_vars[k]
        if not vars_:
            if cell.value not in (None, 0):
                return {"fout": f"{cell.describe()}: {cell.value} gepubliceerd voor een lege cel"}
            continue
        key = find(vars_[0])
        if model.insider is not None and cell.schools <= {model.insider}:
            continue  # the insider's own counts: nothing to learn
        if model.police and cell.detail.get("politie") == "ja":
            continue  # the police's own cases
        if model.police and cell.value is not None:
            rest = cell.value - own[k]
            if 1 <= rest <= threshold - 1:
                residuals.append({"cel": cell.describe(), "ondergrens": rest, "bovengrens": rest,
                                  "methode": "min politie"})
        if model.insider is not None and model.insider in cell.schools and cell.value is not None:
            # Published, minus what the insider knows of its own school: the other schools' part.
            rest = cell.value - own[k]
            if 1 <= rest <= threshold - 1:
                residuals.append({"cel": cell.describe(), "ondergrens": rest, "bovengrens": rest,
                                  "methode": "min eigen school"})
        if cell.value is None:
            groups[key]["hidden"].append(k)
        else:
            groups[key]["rows"].append((k, cell.value, cell.value))
    for e, (_, low, high) in enumerate(model.extra):
        k = len(model.cells) + e
        if model.cell_vars[k]:
            groups[find(model.cell_vars[k][0])]["rows"].append((k, low, high))
    for v, value in model.fixed.items():
        groups[find(v)]["fixed"].append((v, value))

    findings = []
    inconsistent = []
    unresolved = []
    lp_solves = ip_solves = 0
    for key, group in groups.items():
        if not group["hidden"]:
            continue
        members = sorted({v for k, _, _ in group["rows"] for v in model.cell_vars[k]}
                         | {v for k in group["hidden"] for v in model.cell_vars[k]}
                         | {v for v, _ in group["fixed"]})
        local = {v: i for i, v in enumerate(members)}
        n = len(members)

        def build():
            solver = highspy.Highs()
            solver.setOptionValue("output_flag", False)
            solver.setOptionValue("time_limit", float(time_limit))
            solver.setOptionValue("presolve", "off")
            # Primal simplex: a new objective keeps the last basis primal feasible, so each
            # bound starts where the last one ended (ten times faster than dual here).
            solver.setOptionValue("simplex_strategy", 4)
            solver.addVars(n, np.zeros(n), np.full(n, 1.0e6))
            for k, low, high in group["rows"]:
                idx = np.array(sorted(local[v] for v in model.cell_vars[k]), dtype=np.int32)
                solver.addRow(float(low), float(high) if high != math.inf else highspy.kHighsInf,
                              len(idx), idx, np.ones(len(idx)))
            for v, value in group["fixed"]:
                solver.changeColBounds(local[v], float(value), float(value))
            return solver

        h = build()
        h.run()
        lp_solves += 1
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            inconsistent.append([model.every[k].describe() for k, _, _ in group["rows"]][:5])
            continue

        def objective(ks, sense):
            """Optimise the sum of the cells ks (LP); the optimum and the solution."""
            nonlocal lp_solves, h
            costs = np.zeros(n)
            for k in ks:
                costs[[local[v] for v in model.cell_vars[k]]] += 1.0
            h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
            h.changeObjectiveSense(sense)
            if fresh:
                h.clearSolver()
            h.run()
            status = h.getModelStatus()
            if status != highspy.HighsModelStatus.kOptimal:
                # A warm start that went wrong: once more with a new solver, from scratch.
                h = build()
                h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
                h.changeObjectiveSense(sense)
                h.run()
                status = h.getModelStatus()
            lp_solves += 1
            if status != highspy.HighsModelStatus.kOptimal:
                return None, None
            return h.getInfo().objective_function_value, np.array(h.getSolution().col_value)

        def cell_value(k, x):
            return float(sum(x[local[v]] for v in model.cell_vars[k]))

        def integral(x):
            return x is not None and bool(np.all(np.abs(x - np.round(x)) <= 1e-6))

        # Screening: one LP solution proves many cells safe at once (a feasible value of 0, or
        # of the threshold or more); only the rest are bounded one by one. A proof from an
        # integral solution holds for integer counts too; the others are checked by IP.
        undecided = list(group["hidden"])
        proven_by_fraction = []
        # A cell holding the insider's school is judged by the rest: the cell minus its own part.
        for sense, safe in ((highspy.ObjSense.kMaximize, lambda v: v >= threshold - 1e-6),
                            (highspy.ObjSense.kMinimize, lambda v: v <= 1e-6)):
            for _ in range(3):
                if not undecided:
                    break
                _, x = objective(undecided, sense)
                if x is None:
                    break
                still = [k for k in undecided if not safe(cell_value(k, x) - own[k])]
                if not integral(x):
                    proven_by_fraction += [k for k in undecided if k not in set(still)]
                progress = len(still) < len(undecided)
                undecided = still
                if not progress:
                    break
        for k in undecided:
            hi, xh = objective([k], highspy.ObjSense.kMaximize)
            lo, xl = objective([k], highspy.ObjSense.kMinimize)
            if hi is None or lo is None:
                unresolved.append(model.cells[k].describe())
                continue
            lo_int, hi_int = math.ceil(lo - own[k] - 1e-6), math.floor(hi - own[k] + 1e-6)
            if 1 <= lo_int and hi_int <= threshold - 1:
                findings.append({"cel": model.cells[k].describe(), "ondergrens": lo_int,
                                 "bovengrens": hi_int, "methode": "lp" if not own[k] else "lp, min eigen school"})
            elif not ((hi_int >= threshold and integral(xh)) or (lo_int <= 0 and integral(xl))):
                proven_by_fraction.append(k)
        if os.environ.get("ATTACK_DEBUG"):  # progress per group, for profiling
            sys.stderr.write(f"group: {n} vars, {len(group['rows'])} rows, {len(group['hidden'])} hidden, "
                             f"{len(proven_by_fraction)} fractional proofs, lp {lp_solves}\n")
        if use_ip and proven_by_fraction:
            found, open_, solves = integer_check(model, group, local, n, proven_by_fraction, threshold, time_limit)
            ip_solves += solves
            findings += found
            unresolved += [model.cells[k].describe() for k in open_]
    derived = [c.describe() + " (" + ", ".join(c.derived) + ")" for c in model.cells if c.derived]
    return {"onthuld": findings + residuals, "afgeleid": derived, "tegenstrijdig": inconsistent, "onbeslist": unresolved,
            "lp_oplossingen": lp_solves, "ip_oplossingen": ip_solves}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", required=True)
    parser.add_argument("--pack", action="append", required=True)
    parser.add_argument("--threshold", type=int, default=5)
    parser.add_argument("--ip", action="store_true", help="integer bounds instead of the LP's (tighter, slower)")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--fresh", action="store_true", help="solve every LP from scratch (slow; a check of the warm starts)")
    parser.add_argument("--json")
    parser.add_argument("--label", default="")
    parser.add_argument("--per-split", action="store_true",
                        help="one reader per split value (e.g. each school with its own packs of several editions)")
    parser.add_argument("--shared", action="append", default=[],
                        help="a pack every per-split reader holds too; a pack split by a place (gebied, stadsdeel, "
                             "wijk) only by the readers whose school lies there")
    parser.add_argument("--insiders", action="store_true",
                        help="with --per-split over school packs: each reader is that school and knows its own "
                             "counts (from --base); a cell is judged by what remains after its own part")
    parser.add_argument("--police", action="store_true",
                        help="the reader is the police and knows every count with politie = ja (from --base)")
    parser.add_argument("--base", help="the schools' own counts: a SQLite database (its mart_month) or a CSV file "
                                       "school_code,maand,categorie,locatie,politie,aantal")
    args = parser.parse_args()

    reference = Reference(args.reference)
    base_of = {}
    if args.police and not args.base:
        sys.stderr.write("attack.py: --police vraagt --base\n")
        return 2
    if args.insiders or args.police:
        if args.insiders and not (args.per_split and args.base):
            sys.stderr.write("attack.py: --insiders vraagt --per-split en --base\n")
            return 2
        if args.base.endswith(".csv"):
            rows = [(r["school_code"], r["maand"], r["categorie"], r["locatie"], r["politie"], int(r["aantal"]))
                    for r in read_csv(args.base)]
        else:
            import sqlite3
            with sqlite3.connect(f"file:{args.base}?mode=ro", uri=True) as db:
                rows = list(db.execute("SELECT school_code, maand, categorie, locatie, politie, aantal FROM mart_month"))
        for school, month, categorie, locatie, politie, count in rows:
            own = base_of.setdefault(school, defaultdict(int))
            m = month_index(int(month[:4]), int(month[5:7]))
            # Summed over every dimension a table may leave out (None: any value).
            for c in (categorie, None):
                for l in (locatie, None):
                    for p in (politie, None):
                        own[(m, c, l, p)] += count
    by_code = {s["school"]: s for s in reference.schools}
    # One reader per split value (a school's own packs of several editions), or one for all.
    readers = defaultdict(list)
    try:
        for pack in args.pack:
            key = pack_scope(pack, reference)[2] if args.per_split else None
            readers[key].append(pack)
    except (ValueError, KeyError) as error:
        sys.stderr.write(f"attack.py: {error}\n")
        return 2
    result = {"onthuld": [], "afgeleid": [], "tegenstrijdig": [], "onbeslist": [], "lp_oplossingen": 0,
              "ip_oplossingen": 0}
    n_cells = hidden = n_vars = 0
    for key in sorted(readers, key=lambda k: (k is not None, k or "")):
        cells = []
        held = list(readers[key])
        if key is not None and key in by_code:
            for pack in args.shared:
                _, split, value, _ = pack_scope(pack, reference)
                if split in ("none", "") or by_code[key].get(split) == value:
                    held.append(pack)
        try:
            for pack in held:
                read_pack(pack, reference, cells)
            if args.police:
                model = Model(reference, cells, base=base_of, police=True)
            else:
                model = Model(reference, cells, insider=key if args.insiders else None, base=base_of.get(key, {}))
        except (ValueError, KeyError) as error:
            sys.stderr.write(f"attack.py: {error}\n")
            return 2
        part = solve(model, args.threshold, args.ip, args.time_limit, args.fresh)
        if "fout" in part:
            result = part
            break
        if args.insiders:
            for finding in part["onthuld"]:
                finding["lezer"] = key
        for field in ("onthuld", "afgeleid", "tegenstrijdig", "onbeslist"):
            result[field] += part[field]
        result["lp_oplossingen"] += part["lp_oplossingen"]
        result["ip_oplossingen"] += part["ip_oplossingen"]
        n_cells += len(model.cells)
        hidden += len(model.hidden())
        n_vars += len(model.variables)
    result.update({"combinatie": args.label, "pakketten": len(args.pack) + len(args.shared), "lezers": len(readers), "cellen": n_cells,
                   "verborgen": hidden, "variabelen": n_vars})
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1, ensure_ascii=False, sort_keys=True)
    if "fout" in result:
        print(f"{args.label}: {result['fout']}")
        return 2
    readers_text = f" ({len(readers)} lezers)" if args.per_split else ""
    print(f"{args.label or 'aanval'}: {len(args.pack) + len(args.shared)} pakketten{readers_text}, {n_cells} cellen, {hidden} verborgen, "
          f"{n_vars} variabelen; onthuld {len(result['onthuld'])}, afgeleid {len(result['afgeleid'])}, "
          f"tegenstrijdig {len(result['tegenstrijdig'])}, onbeslist {len(result['onbeslist'])} (lp {result['lp_oplossingen']}, ip {result['ip_oplossingen']})")
    for finding in result["onthuld"][:10]:
        reader = f"lezer {finding['lezer']}: " if "lezer" in finding else ""
        print(f"  {reader}{finding['cel']}: {finding['ondergrens']}..{finding['bovengrens']} ({finding['methode']})")
    for group in result["tegenstrijdig"][:3]:
        print("  tegenstrijdig:", "; ".join(group))
    if result["tegenstrijdig"]:
        return 2
    return 1 if result["onthuld"] or result["afgeleid"] or result["onbeslist"] else 0


if __name__ == "__main__":
    sys.exit(main())
