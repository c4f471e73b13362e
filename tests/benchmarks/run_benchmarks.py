"""Side-by-side benchmark: `ingredients` against sqlite-utils on the same data, same run.

Builds a synthetic catalogue of N ingredients through `ingredients import`, then
times each scenario against its sqlite-utils counterpart, alternating the two,
and prints median wall times, their ratio, and peak memory where it matters.

    python tests/benchmarks/run_benchmarks.py [--rows 50000] [--repeat 15] [--postgres URL]

With --postgres (or INGREDIENTS_TEST_POSTGRES_URL) naming a database on a
PostgreSQL server, it also times show, search, export and import on that
server, beside the same commands on SQLite; it creates its own databases there
(ingredients_bench_*) and drops them at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        sys.exit(f"{name} is not installed beside {sys.executable}; run: pip install -e '.[bench]'")
    return str(found)


@dataclass
class Measure:
    seconds: float
    peak_mib: float


def run_once(command: list[str], env: dict[str, str], prepare: list[str] | None = None) -> Measure:
    """Wall time and peak resident memory of one run (output discarded)."""
    if prepare:
        subprocess.run(prepare, check=True, capture_output=True)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        stderr = process.stderr.read().decode() if process.stderr else ""
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{stderr}")
    return Measure(elapsed, usage.ru_maxrss / 1024)


@dataclass
class Scenario:
    name: str
    ours: list[str]
    theirs: list[str]
    env: dict[str, str]
    repeat: int
    ours_prepare: list[str] | None = None
    theirs_prepare: list[str] | None = None
    show_memory: bool = False


def compare(scenario: Scenario) -> dict[str, object]:
    ours, theirs = [], []
    run_once(scenario.ours, scenario.env, scenario.ours_prepare)  # warm the file cache
    run_once(scenario.theirs, scenario.env, scenario.theirs_prepare)
    for _ in range(scenario.repeat):
        ours.append(run_once(scenario.ours, scenario.env, scenario.ours_prepare))
        theirs.append(run_once(scenario.theirs, scenario.env, scenario.theirs_prepare))
    ours_s = statistics.median(m.seconds for m in ours)
    theirs_s = statistics.median(m.seconds for m in theirs)
    result: dict[str, object] = {
        "scenario": scenario.name,
        "ingredients_s": f"{ours_s:.3f}",
        "sqlite_utils_s": f"{theirs_s:.3f}",
        "ratio": f"{ours_s / theirs_s:.2f}",
    }
    if scenario.show_memory:
        ours_mib = max(m.peak_mib for m in ours)
        theirs_mib = max(m.peak_mib for m in theirs)
        result.update({
            "ingredients_MiB": f"{ours_mib:.0f}", "sqlite_utils_MiB": f"{theirs_mib:.0f}",
            "memory_ratio": f"{ours_mib / theirs_mib:.2f}",
        })
    return result


def _server(url: str, database: str | None = None) -> str:
    """``url`` for libpq, pointing at ``database`` when given."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_server(url).replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as connection:
        connection.execute(sql)


def postgres_scenarios(
    url: str, ingredients: str, work: Path, rows: Path, small: Path, env: dict[str, str],
    sqlite: dict[str, Path], repeat: int, slow: int, probe: str, words: str,
) -> tuple[list[Scenario], list[str]]:
    """The PostgreSQL runs (ours) beside the same commands on SQLite (theirs)."""
    made = []

    def database(name: str, rows_file: Path | None) -> str:
        _admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(url, f"CREATE DATABASE {name}")
        made.append(name)
        target = _server(url, name)
        subprocess.run([ingredients, "--db", target, "db", "status"], check=True, capture_output=True)
        if rows_file is not None:
            subprocess.run([ingredients, "--db", target, "import", str(rows_file)], check=True,
                           capture_output=True)
        return target

    big, tiny = database("ingredients_bench_big", rows), database("ingredients_bench_small", small)
    fresh = _server(url, "ingredients_bench_fresh")
    made.append("ingredients_bench_fresh")
    recreate = [sys.executable, "-c",
                "import sys, subprocess; sys.path.insert(0, sys.argv[1]); import run_benchmarks as b; "
                "b._admin(sys.argv[2], 'DROP DATABASE IF EXISTS ingredients_bench_fresh WITH (FORCE)'); "
                "b._admin(sys.argv[2], 'CREATE DATABASE ingredients_bench_fresh'); "
                "subprocess.run([sys.argv[3], '--db', sys.argv[4], 'db', 'status'], check=True, "
                "capture_output=True)",
                str(Path(__file__).parent), url, ingredients, fresh]
    fresh_sqlite = work / "fresh-pg-compare.db"
    scenarios = [
        Scenario("postgresql: show one ingredient", [ingredients, "--db", big, "show", probe],
                 [ingredients, "--db", str(sqlite["big"]), "show", probe], env, repeat),
        Scenario(f"postgresql: search, {len(rows.read_text().splitlines())} ingredients",
                 [ingredients, "--db", big, "search", words],
                 [ingredients, "--db", str(sqlite["big"]), "search", words], env, repeat),
        Scenario("postgresql: search, 10 ingredients",
                 [ingredients, "--db", tiny, "search", "ingredient 00005"],
                 [ingredients, "--db", str(sqlite["small"]), "search", "ingredient 00005"], env, repeat),
        Scenario("postgresql: export csv", [ingredients, "--db", big, "export", "-f", "csv"],
                 [ingredients, "--db", str(sqlite["big"]), "export", "-f", "csv"], env, slow,
                 show_memory=True),
        Scenario("postgresql: import jsonl", [ingredients, "--db", fresh, "import", str(rows)],
                 [ingredients, "--db", str(fresh_sqlite), "import", str(rows)], env, slow,
                 ours_prepare=recreate, theirs_prepare=["cp", str(sqlite["empty"]), str(fresh_sqlite)],
                 show_memory=True),
    ]
    return scenarios, made


def synthetic_rows(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps({
                "slug": f"synthetic-{number:05d}",
                "name": f"Synthetic ingredient {number:05d}",
                "class": ["peptide", "vitamin", "vasodilator", "plant-compound"][number % 4],
                "stated_purpose": f"Made-up purpose number {number} for benchmarking",
                "mechanism": "Unknown; generated data",
            }) + "\n")


# A 40-item list as labels and recipes write it: names, aliases, an INCI name, a CAS
# number, misspellings, vehicles, concentrations in several units and one unknown item.
CHECK_LIST = ", ".join([
    "Aqua", "Panthenol", "Biotine", "Finasteride 0.05%", "Dutasteride 0.01%", "Minoxidil 0.5%",
    "Buflomedil", "Caffeine 0.2%", "Procaine 2%", "Lidocaine 20 mg/ml", "Sodium chloride 0.9%",
    "Hyaluronic acid", "Polynucleotides 15 mg", "Triamcinolone acetonide 10 mg/ml", "Vitamin B6",
    "Niacinamide", "L-Cysteine", "Ginkgo biloba extract", "Red clover extract", "Biochanin A",
    "Acetyl tetrapeptide-3", "Copper tripeptide-1", "Coumarin", "Organic silicon", "Propecia",
    "Rogaine 5%", "Botox 20 U", "Stem cell exosomes", "sh-Oligopeptide-1", "Pyridoxine 100 mg/ml",
    "Dexpanthénol", "Natural silicium", "98319-26-7", "Lidocain", "Minoxidyl", "Caffein",
    "Water for injection", "Glycerin", "Mystery peptide X", "Dutasteride 0.05%",
])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of fast scenarios")
    parser.add_argument("--postgres", default=os.environ.get("INGREDIENTS_TEST_POSTGRES_URL"),
                        help="a PostgreSQL database URL: also time the commands on that server")
    options = parser.parse_args()
    ingredients, sqlite_utils = tool("ingredients"), tool("sqlite-utils")
    work = Path(tempfile.mkdtemp(prefix="ingredients-bench-"))
    made: list[str] = []
    postgres_results: list[dict[str, object]] = []
    try:
        env = {**os.environ, "INGREDIENTS_DB": str(work / "unused.db")}
        rows = work / "ingredients.jsonl"
        synthetic_rows(rows, options.rows)
        small = work / "small.jsonl"
        synthetic_rows(small, 10)

        # An empty (seeded) catalogue to import into, made once and copied per run.
        empty = work / "empty.db"
        subprocess.run([ingredients, "--db", str(empty), "db", "status"], check=True, capture_output=True)
        catalogue = work / "catalogue.db"
        shutil.copyfile(empty, catalogue)
        subprocess.run([ingredients, "--db", str(catalogue), "import", str(rows)], check=True,
                       capture_output=True)
        small_catalogue = work / "small.db"
        shutil.copyfile(empty, small_catalogue)
        subprocess.run([ingredients, "--db", str(small_catalogue), "import", str(small)], check=True,
                       capture_output=True)
        # sqlite-utils searches its own FTS table, on a copy of the same rows.
        theirs_db, theirs_small = work / "theirs.db", work / "theirs-small.db"
        for ours, theirs in ((catalogue, theirs_db), (small_catalogue, theirs_small)):
            shutil.copyfile(ours, theirs)
            subprocess.run([sqlite_utils, "enable-fts", str(theirs), "ingredient", "name",
                            "ingredient_class", "stated_purpose", "--fts5", "--create-triggers"],
                           check=True, capture_output=True)

        probe = f"synthetic-{options.rows // 2:05d}"
        words = f"ingredient {options.rows // 2:05d}"
        fresh_ours, fresh_theirs = work / "fresh-ours.db", work / "fresh-theirs.db"
        slow = max(3, options.repeat // 3)
        scenarios = [
            Scenario("show one ingredient", [ingredients, "--db", str(catalogue), "show", probe],
                     [sqlite_utils, "query", str(catalogue),
                      "select * from ingredient where slug = :slug", "-p", "slug", probe],
                     env, options.repeat),
            Scenario("complete a name (TAB)", [ingredients],
                     [sqlite_utils, "--version"],
                     {**env, "INGREDIENTS_DB": str(catalogue), "_INGREDIENTS_COMPLETE": "complete_bash",
                      "COMP_WORDS": f"ingredients show {probe[:-1]}", "COMP_CWORD": "2"},
                     options.repeat),
            Scenario(f"search, {options.rows} ingredients",
                     [ingredients, "--db", str(catalogue), "search", words],
                     [sqlite_utils, "search", str(theirs_db), "ingredient", words], env, options.repeat),
            Scenario("search, 10 ingredients",
                     [ingredients, "--db", str(small_catalogue), "search", "ingredient 00005"],
                     [sqlite_utils, "search", str(theirs_small), "ingredient", "ingredient 00005"],
                     env, options.repeat),
            Scenario("export csv", [ingredients, "--db", str(catalogue), "export", "-f", "csv"],
                     [sqlite_utils, "rows", str(catalogue), "ingredient", "--csv"], env, slow,
                     show_memory=True),
            Scenario("export jsonl", [ingredients, "--db", str(catalogue), "export", "-f", "jsonl"],
                     [sqlite_utils, "rows", str(catalogue), "ingredient", "--nl"], env, slow,
                     show_memory=True),
            Scenario("import jsonl", [ingredients, "--db", str(fresh_ours), "import", str(rows)],
                     [sqlite_utils, "insert", str(fresh_theirs), "ingredient", str(rows), "--nl"],
                     env, slow,
                     ours_prepare=["cp", str(empty), str(fresh_ours)],
                     theirs_prepare=["rm", "-f", str(fresh_theirs)], show_memory=True),
            Scenario("--help", [ingredients, "--help"], [sqlite_utils, "--help"], env, options.repeat),
        ]
        results = [compare(scenario) for scenario in scenarios]
        if options.postgres:
            on_server, made = postgres_scenarios(
                options.postgres, ingredients, work, rows, small, env,
                {"big": catalogue, "small": small_catalogue, "empty": empty},
                options.repeat, slow, probe, words,
            )
            postgres_results = [compare(scenario) for scenario in on_server]
        # check against show, both ours: on the seeded catalogue and on the large one.
        check_scenarios = [
            Scenario(f"check 40 items vs show, {label}",
                     [ingredients, "--db", str(db), "check", CHECK_LIST],
                     [ingredients, "--db", str(db), "show", "finasteride"], env, options.repeat)
            for label, db in (("seeded catalogue", empty), (f"{options.rows} ingredients", catalogue))
        ]
        check_results = [compare(scenario) for scenario in check_scenarios]
        # The static site has no peer: one timed build of the whole large catalogue,
        # and one of the small one, to show that memory stays flat as pages stream out.
        site_results = [
            (label, run_once([ingredients, "--db", str(db), "site", str(work / f"site-{n}")], env))
            for n, (label, db) in enumerate(((f"{options.rows} ingredients", catalogue),
                                             ("10 ingredients", small_catalogue)))
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for name in made:
            _admin(options.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    from tabulate import tabulate

    print(f"{options.rows} ingredients; medians of {options.repeat} runs ({slow} for export and import)")
    print(f"{platform.platform()}; {os.cpu_count()} cores; Python {platform.python_version()}")
    columns = ["scenario", "ingredients_s", "sqlite_utils_s", "ratio",
               "ingredients_MiB", "sqlite_utils_MiB", "memory_ratio"]
    print(tabulate([[r.get(c, "") for c in columns] for r in results], headers=columns,
                   tablefmt="github", disable_numparse=True))
    if postgres_results:
        print()
        print("PostgreSQL (postgresql_s) beside the same command on SQLite (sqlite_s):")
        renamed = [["scenario", "ingredients_s", "sqlite_utils_s", "ratio",
                    "ingredients_MiB", "sqlite_utils_MiB"],
                   ["scenario", "postgresql_s", "sqlite_s", "ratio", "postgresql_MiB", "sqlite_MiB"]]
        print(tabulate([[r.get(c, "") for c in renamed[0]] for r in postgres_results], headers=renamed[1],
                       tablefmt="github", disable_numparse=True))
    print()
    print(tabulate([[f"site, {label}", f"{m.seconds:.1f}", f"{m.peak_mib:.0f}"] for label, m in site_results],
                   headers=["scenario", "seconds", "peak_MiB"], tablefmt="github", disable_numparse=True))
    print()
    print(tabulate(
        [[r["scenario"], r["ingredients_s"], r["sqlite_utils_s"], r["ratio"]] for r in check_results],
        headers=["scenario", "check_s", "show_s", "ratio"], tablefmt="github", disable_numparse=True,
    ))


if __name__ == "__main__":
    main()
