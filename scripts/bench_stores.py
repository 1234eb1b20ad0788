#!/usr/bin/env python3
"""Scale benchmark of the two stores (make bench-stores): a fictional national-size store — S
schools over 5 school years, N incidents — loaded into SQLite and into PostgreSQL with the same
CLI, then a nightly run timed on each: one day of new deliveries (one small file for a tenth of
the schools) and a kerngroep pack. Prints one line per store and size, side by side.

    bench_stores.py --binary BIN --postgres URL [--rows 1000000,10000000] [--schools 9000] [--work DIR]

Everything is generated here: fictional codes (S00001…), no name or value that looks like a person.
"""
import argparse
import datetime
import os
import random
import shutil
import subprocess
import time

CATEGORIES = ["PESTEN", "FYSIEK_GEWELD", "BEDREIGING", "DIEFSTAL", "VANDALISME", "DRUGS", "WAPENS", "DISCRIMINATIE"]
LOCATIONS = ["school", "omgeving", "online"]
POLICE = ["ja", "nee"]
AGES = ["4-11", "12-15", "16-17", "18+"]
SEVERITY = ["licht", "middel", "ernstig"]
SECTORS = ["PO", "VO", "MBO", "SO"]


def write_reference(folder, schools):
    os.makedirs(folder, exist_ok=True)
    wijken = max(1, schools // 30)
    with open(os.path.join(folder, "wijken.csv"), "w") as f:
        f.write("wijk_code,wijk_naam,stadsdeel,gebied\n")
        for w in range(wijken):
            f.write(f"W{w:05d},Wijk {w},Stadsdeel {w % 40},Gebied {w % 8}\n")
    with open(os.path.join(folder, "scholen.csv"), "w") as f:
        f.write("school_code,naam,sector,wijk_code,aangesloten_per\n")
        for s in range(schools):
            f.write(f"S{s:05d},School {s},{SECTORS[s % 4]},W{s % wijken:05d},2021-08-01\n")
    with open(os.path.join(folder, "leerlingen.csv"), "w") as f:
        f.write("school_code,schooljaar,leerlingen\n")
        for s in range(schools):
            for year in range(2021, 2026):
                f.write(f"S{s:05d},{year}-{year + 1},{200 + s % 900}\n")


FIRST = datetime.date(2021, 8, 1)


def day(rng):
    """A day of the five school years 2021-2022 … 2025-2026 (up to the as-of date)."""
    return (FIRST + datetime.timedelta(days=rng.randrange(0, 5 * 365 - 1))).isoformat()


def write_history(path, rows, schools, seed):
    rng = random.Random(seed)
    with open(path, "w") as f:
        f.write("incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n")
        for n in range(rows):
            f.write(f"H{n},S{rng.randrange(schools):05d},{day(rng)},{rng.choice(CATEGORIES)},{rng.choice(LOCATIONS)},"
                    f"{rng.choice(POLICE)},{rng.choice(AGES)},{rng.choice(SEVERITY)}\n")


def write_day(folder, schools, as_of, seed):
    """One day of deliveries: a tenth of the schools send a file with a few incidents of that day."""
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    for s in range(0, schools, 10):
        with open(os.path.join(folder, f"S{s:05d}_dag.csv"), "w") as f:
            f.write("incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n")
            for n in range(rng.randrange(1, 4)):
                f.write(f"D{s}-{n},S{s:05d},{as_of},{rng.choice(CATEGORIES)},school,nee,12-15,licht\n")


def timed(arguments, cwd, statuses=(0, 3)):
    start = time.monotonic()
    done = subprocess.run(arguments, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.monotonic() - start
    if done.returncode not in statuses:
        raise SystemExit(f"bench-stores: {' '.join(arguments)} gaf {done.returncode}:\n{done.stderr.decode()[-1500:]}")
    return seconds


def psql(url, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--postgres", required=True, help="a server URL (libpq form) where databases may be made")
    parser.add_argument("--rows", default="1000000")
    parser.add_argument("--schools", type=int, default=9000)
    parser.add_argument("--work", default="/tmp/schoolveilig-bench-stores")
    parser.add_argument("--pipelines", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pipelines"))
    options = parser.parse_args()
    work = os.path.abspath(options.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copytree(options.pipelines, os.path.join(work, "pipelines"))
    write_reference(os.path.join(work, "referentie"), options.schools)
    as_of = "2026-08-31"
    write_day(os.path.join(work, "dag"), options.schools, as_of, 7)
    base, _, query = options.postgres.partition("?")
    scheme, _, rest = base.partition("://")
    authority = rest.split("/", 1)[0]
    print(f"bench-stores: {options.schools} scholen, 5 schooljaren; nachtelijke run = {len(os.listdir(os.path.join(work, 'dag')))} leveringen van één dag + kerngroep", flush=True)
    for rows in [int(r) for r in options.rows.split(",")]:
        history = os.path.join(work, f"historie-{rows}.csv")
        write_history(history, rows, options.schools, rows)
        for store in ["sqlite", "postgresql"]:
            if store == "sqlite":
                db = os.path.join(work, f"bench-{rows}.sqlite")
            else:
                name = f"bench_{rows}"
                psql(options.postgres, f'DROP DATABASE IF EXISTS "{name}"')
                psql(options.postgres, f'CREATE DATABASE "{name}"')
                db = f"{scheme}://{authority}/{name}" + (f"?{query}" if query else "")
            cli = [options.binary]
            timed(cli + ["reference", "load", os.path.join(work, "referentie"), "--db", db], work)
            load = timed(cli + ["ingest", history, "--as-of", as_of, "--db", db], work)
            marts = timed(cli + ["run", "kerngroep", "--as-of", as_of, "--output", os.path.join(work, f"uit-{store}-{rows}-0"), "--db", db], work)
            nightly_ingest = timed(cli + ["ingest", os.path.join(work, "dag"), "--as-of", as_of, "--db", db], work)
            nightly_pack = timed(cli + ["run", "kerngroep", "--as-of", as_of, "--output", os.path.join(work, f"uit-{store}-{rows}"), "--db", db], work)
            print(f"bench-stores: {store:10s} {rows:>9,d} incidenten: laden {load:7.1f} s, eerste pack {marts:6.1f} s; "
                  f"nacht: inname {nightly_ingest:6.1f} s + kerngroep {nightly_pack:6.1f} s = {nightly_ingest + nightly_pack:6.1f} s", flush=True)
        same = subprocess.run(["diff", "-r", os.path.join(work, f"uit-sqlite-{rows}"), os.path.join(work, f"uit-postgresql-{rows}")],
                              stdout=subprocess.PIPE).returncode == 0
        print(f"bench-stores: kerngroep-pack van beide stores {'byte voor byte gelijk' if same else 'VERSCHILLEND'}", flush=True)


if __name__ == "__main__":
    main()
