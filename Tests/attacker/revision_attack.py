#!/usr/bin/env python3
"""Two editions of one pack held together (issue 17): can a reader learn a change of 1..k-1?

Independent of the Swift code. Reads the CSV tables with a column `aantal` of the old and the
new edition's pack folder. A cell is identified by its dimensions and values, with `Totaal`
left out (so a margin row of one table and the same cell in another table are one cell). Every
`Totaal` row equals the sum of the rows that differ from it in one dimension only. The change
d = new - old of each cell obeys the same sums. Known: d of every cell shown in both editions.
With --laat (a late delivery: incidents only added) every d >= 0; otherwise d >= -old where the
old value is shown, and d <= new where the new value is shown.

Findings: a cell shown in both editions with |d| in 1..k-1, and a cell hidden in the new
edition, shown in the old, whose d the linear programme narrows into 1..k-1 (or -(k-1)..-1).
Prints one line per finding and `bevindingen N`; exit 1 when N > 0.
"""
import argparse
import csv
import os
import sys

import numpy as np
from scipy.optimize import linprog

SKIP = {"naleving", "aanlevering", "afspraken", "signalen", "revisies"}


def read(folder):
    cells, sums = {}, []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv") or name[:-4] in SKIP:
            continue
        with open(os.path.join(folder, name), newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if not rows or "aantal" not in rows[0]:
            continue
        column = rows[0].index("aantal")
        dims = rows[0][:column]
        table = {}
        for row in rows[1:]:
            key = frozenset((d, v) for d, v in zip(dims, row[:column]) if v != "Totaal")
            value = row[column]
            table[tuple(row[:column])] = key
            if key in cells and cells[key] != value:
                sys.exit(f"{name}: cel {sorted(key)} heeft twee waarden ({cells[key]}, {value})")
            cells[key] = value
        for keys, key in table.items():
            for i, value in enumerate(keys):
                if value != "Totaal":
                    continue
                parts = [table[p] for p in table if all((p[j] == keys[j]) for j in range(len(keys)) if j != i) and p[i] != "Totaal"]
                if parts:
                    sums.append((key, parts))
    return cells, sums


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--threshold", type=int, default=5)
    parser.add_argument("--laat", action="store_true")
    args = parser.parse_args()
    old, _ = read(args.old)
    new, sums = read(args.new)
    small = range(1, args.threshold)
    keys = sorted(new, key=lambda k: sorted(k))
    index = {k: i for i, k in enumerate(keys)}
    findings = []
    lower, upper = [], []
    for k in keys:
        o, n = old.get(k, "x"), new[k]
        if o.lstrip("-").isdigit() and n.lstrip("-").isdigit():
            d = int(n) - int(o)
            if abs(d) in small:
                findings.append(f"gepubliceerd verschil {d}: {dict(sorted(k))}")
            lower.append(d), upper.append(d)
            continue
        lo = 0 if args.laat else (-int(o) if o.isdigit() else None)
        hi = None
        if n.isdigit():
            hi = int(n)
        lower.append(lo), upper.append(hi)
    rows = []
    for total, parts in sums:
        row = np.zeros(len(keys))
        row[index[total]] += 1
        for p in parts:
            row[index[p]] -= 1
        rows.append(row)
    a = np.array(rows) if rows else None
    b = np.zeros(len(rows)) if rows else None
    bounds = list(zip(lower, upper))
    for k in keys:
        o, n = old.get(k, "x"), new[k]
        if n.isdigit() or not o.isdigit():
            continue
        c = np.zeros(len(keys))
        c[index[k]] = 1
        low = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        if low.status != 0:
            sys.exit(f"geen oplossing voor {dict(sorted(k))}: {low.message}")
        lo = int(np.ceil(low.fun - 1e-6))
        hi = None if high.status == 3 else int(np.floor(-high.fun + 1e-6))
        if hi is not None and ((lo >= 1 and hi <= args.threshold - 1) or (hi <= -1 and lo >= -(args.threshold - 1))):
            findings.append(f"verborgen verschil {lo}..{hi}: {dict(sorted(k))}")
    for line in findings:
        print(line)
    print(f"cellen {len(keys)}, bevindingen {len(findings)}")
    sys.exit(1 if findings else 0)


main()
