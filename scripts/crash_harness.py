#!/usr/bin/env python3
"""Crash-safety harness for schoolveilig (called by scripts/crash-harness.sh; standard library only).

Each trial copies a prepared working folder, starts one `schoolveilig run ...` command in it,
kills it with SIGKILL at a random moment, checks what stands on disk right after the kill, then
runs the same command again to its end and compares the end state with that of an uninterrupted
reference run of the same command:

  - the database, as a canonical dump (every table and row, sorted; volatile columns left out);
  - `schoolveilig counts --by school`;
  - the inbox and archive of the nightly pipeline, file by file (name and SHA-256);
  - the output folder of a pack run, file by file (no leftovers, hidden ones included).

Right after a kill: every final-named output file must be byte-identical to the reference run's
file of that name (or, when republishing, to the earlier edition's) or absent; a manifest that is
present must describe the files beside it; archive files must be complete; inbox files unchanged.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

# What differs between two correct runs, and is therefore left out of the comparison:
# - the run log (`pipeline_run`, `pipeline_stage`): a killed run leaves a run marked "bezig" and
#   the re-run adds its own; run ids and clock times differ by design;
# - clock times: when a delivery was received, the reference data loaded, the marts built, a file
#   rejected, the release register updated, a context series loaded;
# - SQLite's own statistics tables, should `ANALYZE` ever run.
# Everything else is compared, ids included, so a lost or doubled delivery, incident, quarantine
# line or retraction shows as a difference.
RUN_LOG_TABLES = {"pipeline_run", "pipeline_stage"}
VOLATILE_COLUMNS = {
    "delivery": {"received_at"},
    "reference_meta": {"loaded_at"},
    "mart_meta": {"built_at"},
    "rejected_file": {"rejected_at"},
    "release_register": {"updated_at"},
    "context_load": {"loaded_at"},
    "retention_meta": {"applied_at"},
}

DATABASE = "schoolveilig.sqlite"
PG_TABLES_SQL = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                 "AND table_type = 'BASE TABLE' ORDER BY table_name")
OUTPUT = "uit"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def tree(root):
    """Every file and folder below root: relative path -> SHA-256 (files) or '<map>' (folders)."""
    result = {}
    if not os.path.isdir(root):
        return result
    # Symbolic links are followed (the packs the user opens link into the current edition); a
    # link that leads nowhere is absent, as it is for a reader.
    for folder, folders, files in os.walk(root, followlinks=True):
        for name in folders:
            result[os.path.relpath(os.path.join(folder, name), root)] = "<map>"
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.exists(path):
                continue
            result[os.path.relpath(path, root)] = sha256(path)
    return result


def canonical_dump(path):
    """The database as sorted text lines: schema, then every row of every table."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        lines = []
        check = connection.execute("PRAGMA integrity_check").fetchall()
        lines.append(f"integrity_check {check}")
        schema = connection.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").fetchall()
        for row in schema:
            lines.append("schema " + " | ".join(row))
        tables = [row[1] for row in schema if row[0] == "table" and not row[1].startswith("sqlite_")]
        for table in tables:
            if table in RUN_LOG_TABLES:
                continue
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if c not in VOLATILE_COLUMNS.get(table, set())]
            quoted = ", ".join(f'"{c}"' for c in kept)
            rows = connection.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {quoted}').fetchall()
            lines.append(f"table {table} ({', '.join(kept)}): {len(rows)} rows")
            lines.extend(f"{table}: {json.dumps(row, ensure_ascii=False)}" for row in rows)
        return lines
    finally:
        connection.close()


def diff(expected, actual, limit=8):
    """A short description of the lines only one side has."""
    want, got = set(expected), set(actual)
    missing = [line for line in expected if line not in got][:limit]
    extra = [line for line in actual if line not in want][:limit]
    return "alleen in de referentie: " + repr(missing) + "; alleen in de proef: " + repr(extra)


def dict_diff(expected, actual, limit=8):
    missing = sorted(k for k in expected if k not in actual)[:limit]
    extra = sorted(k for k in actual if k not in expected)[:limit]
    changed = sorted(k for k in expected if k in actual and expected[k] != actual[k])[:limit]
    return f"ontbreekt: {missing}; extra: {extra}; anders: {changed}"


class Harness:
    def __init__(self, options):
        self.options = options
        self.work = os.path.abspath(options.workdir)
        # A copy of the binary: a rebuild during a long run must not change (or block) it.
        os.makedirs(self.work, exist_ok=True)
        self.binary = os.path.join(self.work, "schoolveilig")
        shutil.copy2(os.path.abspath(options.binary), self.binary)
        self.as_of = options.as_of
        self.rng = random.Random(options.seed)
        # --postgres URL: every folder's store is a database of its own on that server (named after
        # the folder), cloned from its template's with CREATE DATABASE … TEMPLATE.
        self.pg = options.postgres
        self.created = []

    # -- PostgreSQL ----------------------------------------------------------------------------

    def pg_name(self, folder):
        return "crash_" + hashlib.sha1(os.path.abspath(folder).encode()).hexdigest()[:20]

    def pg_url(self, folder):
        base, _, query = self.pg.partition("?")
        scheme, _, rest = base.partition("://")
        authority = rest.split("/", 1)[0]
        return f"{scheme}://{authority}/{self.pg_name(folder)}" + (f"?{query}" if query else "")

    def psql(self, url, sql):
        done = subprocess.run(["psql", "-X", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if done.returncode != 0:
            raise SystemExit(f"crash-harness: psql: {done.stderr.decode('utf-8', 'replace')[-1000:]}")
        return done.stdout.decode("utf-8", "replace")

    def pg_create(self, folder, template=None):
        name = self.pg_name(folder)
        self.psql(self.pg, f'DROP DATABASE IF EXISTS "{name}"')
        self.created.append(folder)
        self.psql(self.pg, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{self.pg_name(template)}"' if template else ""))

    def pg_drop(self, folder):
        self.psql(self.pg, f'DROP DATABASE IF EXISTS "{self.pg_name(folder)}"')

    def copy(self, template, folder):
        """A folder from its template, with a copy of the template's store."""
        shutil.copytree(template, folder, symlinks=True)
        if self.pg:
            self.pg_create(folder, template)

    def pg_dump(self, folder):
        """As canonical_dump, for the folder's PostgreSQL database."""
        url = self.pg_url(folder)
        lines = []
        for table in self.psql(url, PG_TABLES_SQL).split():
            if table in RUN_LOG_TABLES:
                continue
            columns = self.psql(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                                     f"AND table_name = '{table}' ORDER BY ordinal_position").split()
            kept = [c for c in columns if c not in VOLATILE_COLUMNS.get(table, set())]
            quoted = ", ".join(f'"{c}"' for c in kept)
            rows = [line for line in self.psql(url, f'SELECT {quoted} FROM "{table}" ORDER BY {quoted}').split("\n") if line]
            lines.append(f"table {table} ({', '.join(kept)}): {len(rows)} rows")
            lines.extend(f"{table}: {row}" for row in rows)
        return lines

    # -- running the binary -------------------------------------------------------------------

    def environment(self, folder):
        env = dict(os.environ)
        env["SCHOOLVEILIG_DB"] = self.pg_url(folder) if self.pg else DATABASE
        env.pop("SCHOOLVEILIG_LOG_FILE", None)
        env["SCHOOLVEILIG_LOG"] = "error"
        return env

    def run(self, arguments, folder, timeout=600):
        """Runs schoolveilig to its end in folder; returns (status, stdout, stderr, seconds)."""
        start = time.monotonic()
        done = subprocess.run([self.binary] + arguments, cwd=folder, env=self.environment(folder), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), \
            time.monotonic() - start

    def must_run(self, arguments, folder, statuses=(0,)):
        status, out, err, seconds = self.run(arguments, folder)
        if status not in statuses:
            raise SystemExit(f"crash-harness: '{' '.join(arguments)}' in {folder} gaf status {status}:\n{err[-2000:]}")
        return seconds

    # -- preparation -----------------------------------------------------------------------------

    def prepare(self):
        os.makedirs(self.work, exist_ok=True)
        demo = os.path.join(self.work, "demo")
        if not os.path.isdir(os.path.join(demo, "inbox")):
            empty = os.path.join(self.work, "geen-pijplijnen")
            os.makedirs(empty, exist_ok=True)
            self.must_run(["demo", "--output", demo, "--as-of", self.as_of, "--pipelines", empty, "--db",
                           os.path.join(demo, "demo.sqlite")], self.work, statuses=(0, 3))
        # fresh: pipelines, reference data and an inbox, no database yet.
        fresh = self.template("fresh")
        shutil.rmtree(fresh, ignore_errors=True)
        os.makedirs(os.path.join(fresh, "data"))
        if self.pg:
            self.pg_create(fresh)
        shutil.copytree(self.options.pipelines, os.path.join(fresh, "pipelines"))
        shutil.copytree(os.path.join(demo, "referentie"), os.path.join(fresh, "data", "referentie"))
        shutil.copytree(os.path.join(demo, "inbox"), os.path.join(fresh, "data", "inbox"))
        self.add_extra_deliveries(os.path.join(fresh, "data", "inbox"))
        # --nieuw: the fresh template has no database yet (a missing one is otherwise refused).
        nightly = ["run", "nightly", "--nieuw", "--as-of", self.as_of]
        # ingested: after one nightly run (the reference of the nightly scenario).
        ingested = self.template("ingested")
        shutil.rmtree(ingested, ignore_errors=True)
        self.copy(fresh, ingested)
        self.must_run(nightly, ingested, statuses=(0, 3))
        # published-old: an earlier edition of the kerngroep pack (another threshold) in the output folder.
        old = self.template("published-old")
        shutil.rmtree(old, ignore_errors=True)
        self.copy(ingested, old)
        self.must_run(["run", "kerngroep", "--as-of", self.as_of, "--output", OUTPUT, "--set", "threshold=10"], old)
        self.old_edition = tree(os.path.join(old, OUTPUT))

        kerngroep = ["run", "kerngroep", "--as-of", self.as_of, "--output", OUTPUT]
        self.scenarios = {
            "nightly": dict(arguments=nightly, template="fresh", statuses=(0, 3), data=True, output=False),
            "aggregate": dict(arguments=nightly + ["--from-stage", "aggregate", "--set", "rebuild_aggregates=true"],
                              template="ingested", statuses=(0,), data=True, output=False),
            "kerngroep": dict(arguments=kerngroep, template="ingested", statuses=(0,), data=False, output=True),
            "republish": dict(arguments=kerngroep, template="published-old", statuses=(0,), data=False, output=True),
        }
        unknown = [name for name in self.options.scenarios if name not in self.scenarios]
        if unknown:
            raise SystemExit(f"crash-harness: onbekend scenario {unknown}; kies uit {', '.join(self.scenarios)}")
        self.references = {}
        self.durations = {}
        for name in self.options.scenarios:
            scenario = self.scenarios[name]
            folder = os.path.join(self.work, f"referentie-{name}")
            shutil.rmtree(folder, ignore_errors=True)
            self.copy(self.template(scenario["template"]), folder)
            seconds = self.must_run(scenario["arguments"], folder, statuses=scenario["statuses"])
            self.references[name] = dict(state=self.state(folder, scenario), seconds=seconds)
            self.durations[name] = [seconds]
            print(f"crash-harness: referentie {name}: {seconds:.2f} s", flush=True)

    def template(self, name):
        return os.path.join(self.work, "sjabloon-" + name)

    def add_extra_deliveries(self, inbox):
        """Deliveries the demo lacks: a file refused for its content, an aggregated delivery that
        declares its month in its name, and an .xlsx export."""
        year, month, _ = self.as_of.split("-")
        folder = os.path.join(inbox, "extra")
        os.makedirs(folder, exist_ok=True)
        header = "incident_id,school_code,datum,categorie,locatie,politie,leeftijd,ernst\n"
        with open(os.path.join(folder, "kapot_aanhalingsteken.csv"), "w", encoding="utf-8") as handle:
            handle.write(header + 'X1,PO01,2022-09-01,"DRUGS,school,ja,12-15,licht\n')
        with open(os.path.join(inbox, "PO02", f"PO02_geaggregeerd_{year}-{month}.csv"), "w", encoding="utf-8") as handle:
            handle.write("school_code,maand,categorie,locatie,politie,aantal\n"
                         f"PO02,{year}-{month},PESTEN,school,nee,3\nPO02,{year}-{month},DIEFSTAL,school,onbekend,0\n")
        rows = [["incident_id", "school_code", "datum", "categorie", "locatie", "politie", "leeftijd", "ernst"],
                ["XL-1", "VO01", self.as_of, "DRUGS", "school", "ja", "16-17", "middel"],
                ["XL-2", "VO01", self.as_of, "Diefstal", "omgeving", "nee", "12-15", "licht"]]
        write_xlsx(os.path.join(inbox, "VO01", "VO01_uit_excel.xlsx"), rows)

    # -- state ---------------------------------------------------------------------------------

    def state(self, folder, scenario):
        if self.pg:
            state = {"database": self.pg_dump(folder)}
            # `counts` reads SQLite only: the same figures from the marts.
            state["counts"] = self.psql(self.pg_url(folder), "SELECT school_code, sum(aantal) FROM mart_month GROUP BY 1 ORDER BY 1")
        else:
            state = {"database": canonical_dump(os.path.join(folder, DATABASE))}
            status, out, err, _ = self.run(["counts", "--by", "school", "--format", "csv"], folder)
            state["counts"] = f"status {status}\n{out}"
        if scenario["data"]:
            state["data"] = {path: digest for path, digest in tree(os.path.join(folder, "data")).items()}
        if scenario["output"]:
            state["output"] = tree(os.path.join(folder, OUTPUT))
        return state

    # -- trials --------------------------------------------------------------------------------

    def kill_delay(self, name):
        # The run's expected length: the median of the last complete runs seen (the reference run,
        # and every trial that ended before its kill), so a slow reference run on a busy machine
        # does not push most kills past the end. Half the kills anywhere in the run, half in its
        # last third (archiving, aggregating, the renames of a pack run).
        recent = sorted(self.durations[name][-5:])
        seconds = recent[len(recent) // 2]
        if self.rng.random() < 0.5:
            return self.rng.uniform(0.0, seconds)
        return self.rng.uniform(seconds * 0.67, seconds * 1.02)

    def trial(self, number, name):
        scenario = self.scenarios[name]
        reference = self.references[name]
        folder = os.path.join(self.work, f"proef-{number:04d}-{name}")
        shutil.rmtree(folder, ignore_errors=True)
        self.copy(self.template(scenario["template"]), folder)
        delay = self.kill_delay(name)
        problems = []
        with open(os.path.join(folder, "afgebroken.stdout"), "wb") as out, \
                open(os.path.join(folder, "afgebroken.stderr"), "wb") as err:
            start = time.monotonic()
            process = subprocess.Popen([self.binary] + scenario["arguments"], cwd=folder, env=self.environment(folder),
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            deadline = start + delay
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(min(0.005, max(0.0, deadline - time.monotonic())))
            killed = process.poll() is None
            if killed:
                os.kill(process.pid, signal.SIGKILL)
            else:
                self.durations[name].append(time.monotonic() - start)
            process.wait()
        if not killed and process.returncode not in scenario["statuses"]:
            problems.append(f"de onderbroken run eindigde zelf met status {process.returncode}")
        problems += self.check_after_kill(folder, name)
        status, out, err, _ = self.run(scenario["arguments"], folder)
        with open(os.path.join(folder, "herhaling.stderr"), "w") as handle:
            handle.write(err)
        if status not in scenario["statuses"]:
            problems.append(f"de herhaalde run gaf status {status}: {err.strip()[-500:]}")
        else:
            actual = self.state(folder, scenario)
            expected = reference["state"]
            if actual["database"] != expected["database"]:
                with open(os.path.join(folder, "dump-proef.txt"), "w") as handle:
                    handle.write("\n".join(actual["database"]) + "\n")
                with open(os.path.join(folder, "dump-referentie.txt"), "w") as handle:
                    handle.write("\n".join(expected["database"]) + "\n")
                problems.append("database wijkt af van de referentie: " + diff(expected["database"], actual["database"]))
            if actual["counts"] != expected["counts"]:
                problems.append("counts --by school wijkt af: " + diff(expected["counts"].splitlines(), actual["counts"].splitlines()))
            if scenario["data"] and actual["data"] != expected["data"]:
                problems.append("inbox/archief wijkt af: " + dict_diff(expected["data"], actual["data"]))
            if scenario["output"] and actual["output"] != expected["output"]:
                problems.append("uitvoermap wijkt af: " + dict_diff(expected["output"], actual["output"]))
        return killed, delay, problems, folder

    def check_after_kill(self, folder, name):
        """What stands on disk the moment the process died."""
        problems = []
        scenario = self.scenarios[name]
        reference = self.references[name]["state"]
        if scenario["output"]:
            output = os.path.join(folder, OUTPUT)
            allowed = [reference["output"]] + ([self.old_edition] if name == "republish" else [])
            visible = {path: digest for path, digest in tree(output).items()
                       if not any(part.startswith(".") for part in path.split(os.sep))}  # hidden: never a final name
            # One edition as a whole, never a mix: every file visible belongs to the same edition.
            if visible and not any(all(edition.get(path) == digest for path, digest in visible.items()) for edition in allowed):
                problems.append("na de kill: de zichtbare bestanden komen niet alle uit één editie")
            for path, digest in visible.items():
                if path.endswith(".xlsx") and digest != "<map>" and not zip_is_valid(os.path.join(output, path)):
                    problems.append(f"na de kill: {path} staat onder zijn eindnaam maar is geen geldig zip-bestand")
                if not any(edition.get(path) == digest for edition in allowed):
                    problems.append(f"na de kill: {path} staat onder zijn eindnaam maar is niet gelijk aan de referentie"
                                    + (" of de vorige editie" if name == "republish" else ""))
            manifest = os.path.join(output, "manifest.json")
            if os.path.exists(manifest):
                try:
                    with open(manifest, encoding="utf-8") as handle:
                        listed = manifest_files(json.load(handle))
                except (ValueError, OSError) as error:
                    problems.append(f"na de kill: manifest.json is onleesbaar ({error})")
                    listed = {}
                for path, digest in listed.items():
                    target = os.path.join(output, path)
                    if not os.path.isfile(target) or sha256(target) != digest:
                        problems.append(f"na de kill: manifest.json noemt {path}, maar dat bestand staat er niet zo naast")
        if scenario["data"]:
            before = tree(os.path.join(self.template(scenario["template"]), "data"))
            after_reference = reference["data"]
            for path, digest in tree(os.path.join(folder, "data")).items():
                if digest == "<map>" or path.endswith(".tmp"):
                    continue
                if before.get(path) != digest and after_reference.get(path) != digest:
                    problems.append(f"na de kill: data/{path} is niet gelijk aan het origineel of aan de referentie")
        return problems

    def main(self):
        self.prepare()
        names = self.options.scenarios
        passed = 0
        killed_count = 0
        failures = []
        for number in range(1, self.options.trials + 1):
            name = names[(number - 1) % len(names)]
            killed, delay, problems, folder = self.trial(number, name)
            killed_count += killed
            moment = f"kill na {delay:.3f} s" if killed else f"klaar voor de kill ({delay:.3f} s)"
            if problems:
                failures.append(folder)
                print(f"crash-harness: proef {number} ({name}, {moment}) MISLUKT; map bewaard: {folder}", flush=True)
                for problem in problems[:12]:
                    print(f"    {problem}", flush=True)
            else:
                passed += 1
                if self.options.verbose:
                    print(f"crash-harness: proef {number} ({name}, {moment}) geslaagd", flush=True)
                if not self.options.keep:
                    shutil.rmtree(folder, ignore_errors=True)
                    if self.pg:
                        self.pg_drop(folder)
        counts = ", ".join(f"{sum(1 for i in range(self.options.trials) if names[i % len(names)] == n)} {n}" for n in names)
        print(f"crash-harness: {passed}/{self.options.trials} trials passed "
              f"(seed {self.options.seed}; {counts}; {killed_count} killed mid-run)", flush=True)
        if self.pg and not failures and not self.options.keep:
            for folder in self.created:
                self.pg_drop(folder)
        if failures:
            print("crash-harness: mislukte proeven bewaard in:\n  " + "\n  ".join(failures), flush=True)
            return 1
        return 0


def manifest_files(manifest):
    """path -> sha256 of every file a manifest lists (each an object with `bestand` and `sha256`)."""
    found = {}

    def walk(value):
        if isinstance(value, dict):
            path, digest = value.get("bestand"), value.get("sha256")
            if isinstance(path, str) and isinstance(digest, str):
                found[path] = digest
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(manifest)
    return found


def zip_is_valid(path):
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


def write_xlsx(path, rows):
    """A minimal .xlsx workbook (inline strings), as spreadsheet software writes it."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"

    def escape(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    def column(index):
        name = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        return name

    sheet_rows = "".join(
        f'<row r="{r + 1}">' + "".join(
            f'<c r="{column(c)}{r + 1}" t="inlineStr"><is><t>{escape(value)}</t></is></c>' for c, value in enumerate(row))
        + "</row>" for r, row in enumerate(rows))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{package_rel}">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{main}" xmlns:r="{rel}">'
        '<sheets><sheet name="Incidenten" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{package_rel}">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main}" xmlns:r="{rel}">'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def main():
    parser = argparse.ArgumentParser(description="SIGKILL at random moments; the re-run must end where an uninterrupted run ends.")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--pipelines", required=True, help="the project's pipelines folder (copied into every trial)")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--as-of", default="2026-09-30", help="the demo's as-of date: an earlier date gives a smaller inbox")
    parser.add_argument("--scenarios", default="nightly,aggregate,kerngroep,republish")
    parser.add_argument("--keep", action="store_true", help="keep the folders of passed trials too")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--postgres", default=None,
                        help="a PostgreSQL server's URL (libpq form): the stores are databases there, not SQLite files")
    options = parser.parse_args()
    if options.seed is None:
        options.seed = random.SystemRandom().randrange(1, 2**31)
    options.scenarios = [name for name in options.scenarios.split(",") if name]
    if options.trials < 1 or not options.scenarios:
        raise SystemExit("crash-harness: minstens één proef en één scenario")
    sys.exit(Harness(options).main())


if __name__ == "__main__":
    main()
