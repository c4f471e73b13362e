"""Side-by-side benchmark: `ingredients` against yardsticks on the same data, same run.

Builds a synthetic catalogue of N ingredients through `ingredients import`, each a copy
of the shipped entry of minoxidil under its own name (records of real size), then times
each command against a yardstick, alternating the two, and prints median wall times,
their ratio, and peak memory where it matters. The yardsticks:

- `sqlite-utils --version`, the floor of a Python command-line tool, for the reads;
- the Python floor: start Python, read one row with `sqlite3`, print it, for `show`;
- for import, an equal-work sqlite-utils pipeline (insert, a unique index on the name,
  an index on the CAS number, a filled full-text index with triggers over the columns
  `search` reads), timed as the sum of its commands, and its bare insert alone;
- for `check`, `show` of one ingredient.

    python tests/benchmarks/run_benchmarks.py [--rows 50000] [--repeat 15] [--postgres URL] [--no-site]

It also times show, search, export and import on PostgreSQL, beside the same commands
on SQLite: on the server --postgres (or INGREDIENTS_TEST_POSTGRES_URL) names, else on a
throwaway one started as the tests start theirs (tests/postgres_server.py), wherever the
server binaries are installed. It creates its own databases there (ingredients_bench_*)
and drops them at the end. It builds the static site of both catalogues once each
(--no-site leaves that out). Last, it prints each of the performance targets with the
measured figure, met or not.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]

# The columns `search` reads in an ingredient (ingredients/store/search_index.py), under
# the names `export` gives them: the equal-work pipeline indexes the same text.
SEARCHED_COLUMNS = ["name", "class", "class_detail", "stated_purpose", "mechanism", "regulatory_status"]

# Words of minoxidil's description: one match in the shipped catalogue, every copy in the large one.
COMMON_WORDS = "potassium channel"


def tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        sys.exit(f"{name} is not installed beside {sys.executable}; run: pip install -e '.[bench]'")
    return str(found)


@dataclass
class Measure:
    seconds: float
    peak_mib: float


# A child's peak resident size (ru_maxrss) starts at its parent's: a forked child is a copy of
# the parent until it runs the command. So each command is started by GNU time, a program of
# about 1 MiB, which reports the peak of the command alone. Without it, memory is not measured.
GNU_TIME = shutil.which("time") or ""


def run_once(command: list[str], env: dict[str, str]) -> Measure:
    """Wall time and peak resident memory of one run (output discarded)."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        launcher = [GNU_TIME, "--format=%M", f"--output={peak.name}"] if GNU_TIME else []
        start = time.perf_counter()
        process = subprocess.run(
            [*launcher, *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.decode()}")
        kib = peak.read().strip().splitlines()[-1:] if GNU_TIME else []
    return Measure(elapsed, int(kib[0]) / 1024 if kib else float("nan"))


def run_steps(commands: list[list[str]], env: dict[str, str], prepare: list[str] | None) -> list[Measure]:
    """One run of a pipeline: each command's own measure, after the (untimed) preparation."""
    if prepare:
        subprocess.run(prepare, check=True, capture_output=True)
    return [run_once(command, env) for command in commands]


def whole(steps: list[Measure]) -> Measure:
    """A pipeline as one run: the sum of its times, the largest of its peaks."""
    return Measure(sum(m.seconds for m in steps), max(m.peak_mib for m in steps))


@dataclass
class Scenario:
    name: str
    ours: list[str]
    yardstick: str
    theirs: list[list[str]]  # one command, or a pipeline timed as the sum of its commands
    env: dict[str, str]
    repeat: int
    ours_prepare: list[str] | None = None
    theirs_prepare: list[str] | None = None
    show_memory: bool = False


@dataclass
class Timings:
    scenario: Scenario
    ours: list[Measure]
    theirs: list[list[Measure]]  # per run, per command


def measure(scenario: Scenario) -> Timings:
    print(f"  {scenario.name} / {scenario.yardstick}", file=sys.stderr, flush=True)
    ours: list[Measure] = []
    theirs: list[list[Measure]] = []
    # Warm the file cache, except where each run starts from a fresh copy: there the
    # inputs are already cached by the set-up and one more run would cost the most.
    if scenario.ours_prepare is None:
        run_steps([scenario.ours], scenario.env, None)
        run_steps(scenario.theirs, scenario.env, scenario.theirs_prepare)
    for _ in range(scenario.repeat):
        ours.extend(run_steps([scenario.ours], scenario.env, scenario.ours_prepare))
        theirs.append(run_steps(scenario.theirs, scenario.env, scenario.theirs_prepare))
    return Timings(scenario, ours, theirs)


def row(
    name: str, yardstick: str, ours: list[Measure], theirs: list[Measure], memory: bool
) -> dict[str, str]:
    ours_s = statistics.median(m.seconds for m in ours)
    theirs_s = statistics.median(m.seconds for m in theirs)
    result = {
        "scenario": name,
        "ingredients_s": f"{ours_s:.3f}",
        "yardstick": yardstick,
        "yardstick_s": f"{theirs_s:.3f}",
        "ratio": f"{ours_s / theirs_s:.2f}",
    }
    if memory:
        ours_mib = max(m.peak_mib for m in ours)
        theirs_mib = max(m.peak_mib for m in theirs)
        result.update(
            {
                "ingredients_MiB": f"{ours_mib:.0f}",
                "yardstick_MiB": f"{theirs_mib:.0f}",
                "memory_ratio": f"{ours_mib / theirs_mib:.2f}",
            }
        )
    return result


def rows_of(timings: Timings) -> list[dict[str, str]]:
    """The scenario's row; a pipeline adds a row against its first command alone."""
    scenario = timings.scenario
    rows = [
        row(
            scenario.name,
            scenario.yardstick,
            timings.ours,
            [whole(steps) for steps in timings.theirs],
            scenario.show_memory,
        )
    ]
    if len(scenario.theirs) > 1:
        rows.append(
            row(
                scenario.name,
                f"{' '.join(Path(a).name for a in scenario.theirs[0][:2])} alone",
                timings.ours,
                [steps[0] for steps in timings.theirs],
                scenario.show_memory,
            )
        )
    return rows


def _server(url: str, database: str | None = None) -> str:
    """``url`` pointing at ``database`` when given."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}")) if database else url


# Run on the server from a child process, so that this process stays small and imports no
# driver (each measured command is started by GNU time, whose peak does not count this one's).
_ADMIN = (
    "import sys, psycopg; "
    "psycopg.connect(sys.argv[1], autocommit=True).execute(sys.argv[2]).connection.close()"
)


def _admin(url: str, sql: str) -> None:
    libpq = _server(url).replace("postgresql+psycopg://", "postgresql://")
    subprocess.run([sys.executable, "-c", _ADMIN, libpq, sql], check=True, capture_output=True)


@dataclass
class Catalogue:
    """A SQLite catalogue and what to ask it: an entry, its name, a completion prefix."""

    label: str
    db: Path
    probe: str
    name: str
    prefix: str


def postgres_scenarios(
    url: str,
    ingredients: str,
    work: Path,
    rows: Path,
    env: dict[str, str],
    shipped: Catalogue,
    big: Catalogue,
    empty: Path,
    repeat: int,
    slow: int,
    made: list[str],
) -> list[Scenario]:
    """The PostgreSQL runs (ours) beside the same commands on SQLite (the yardstick).

    Names each database it creates in `made` as soon as it exists, for the caller to drop.
    """

    def database(name: str, rows_file: Path | None) -> str:
        _admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(url, f"CREATE DATABASE {name}")
        made.append(name)
        target = _server(url, name)
        subprocess.run([ingredients, "--db", target, "db", "status"], check=True, capture_output=True)
        if rows_file is not None:
            subprocess.run(
                [ingredients, "--db", target, "import", str(rows_file)], check=True, capture_output=True
            )
        return target

    server = {
        big.label: database("ingredients_bench_big", rows),
        shipped.label: database("ingredients_bench_shipped", None),
    }
    fresh = _server(url, "ingredients_bench_fresh")
    made.append("ingredients_bench_fresh")
    recreate = [
        sys.executable,
        "-c",
        "import sys, subprocess; sys.path.insert(0, sys.argv[1]); import run_benchmarks as b; "
        "b._admin(sys.argv[2], 'DROP DATABASE IF EXISTS ingredients_bench_fresh WITH (FORCE)'); "
        "b._admin(sys.argv[2], 'CREATE DATABASE ingredients_bench_fresh'); "
        "subprocess.run([sys.argv[3], '--db', sys.argv[4], 'db', 'status'], check=True, "
        "capture_output=True)",
        str(Path(__file__).parent),
        url,
        ingredients,
        fresh,
    ]
    fresh_sqlite = work / "fresh-pg-compare.db"

    def beside(name: str, catalogue: Catalogue, args: list[str], runs: int, memory: bool = False) -> Scenario:
        return Scenario(
            f"postgresql: {name}, {catalogue.label}",
            [ingredients, "--db", server[catalogue.label], *args],
            "same on SQLite",
            [[ingredients, "--db", str(catalogue.db), *args]],
            env,
            runs,
            show_memory=memory,
        )

    scenarios = [
        beside("show one", big, ["show", big.probe], repeat),
        beside(f"search '{COMMON_WORDS}'", big, ["search", COMMON_WORDS], repeat),
        beside("search one name", big, ["search", big.name], repeat),
        beside(f"search '{COMMON_WORDS}'", shipped, ["search", COMMON_WORDS], repeat),
        beside("export csv", big, ["export", "-f", "csv"], slow, memory=True),
        Scenario(
            f"postgresql: import, {big.label}",
            [ingredients, "--db", fresh, "import", str(rows)],
            "same on SQLite",
            [[ingredients, "--db", str(fresh_sqlite), "import", str(rows)]],
            env,
            slow,
            ours_prepare=recreate,
            theirs_prepare=["cp", str(empty), str(fresh_sqlite)],
            show_memory=True,
        ),
    ]
    return scenarios


def minoxidil_record(ingredients: str, catalogue: Path) -> tuple[dict[str, object], int]:
    """The shipped entry of minoxidil as `export` writes it, and how many entries are shipped."""
    exported = subprocess.run(
        [ingredients, "--db", str(catalogue), "export", "ingredients", "-f", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    records = json.loads(exported)
    return next(r for r in records if r["slug"] == "minoxidil"), len(records)


def synthetic_rows(path: Path, count: int, record: dict[str, object]) -> float:
    """Write `count` copies of `record`, each its own entry; return the mean line size in bytes."""
    size = 0
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            # Names and slugs must be unique, and a CAS number must be unique and pass
            # its check digit: the copies leave it empty.
            line = (
                json.dumps(
                    {
                        **record,
                        "slug": f"minoxidil-copy-{number:05d}",
                        "name": f"Minoxidil copy {number:05d}",
                        "cas_number": None,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            stream.write(line)
            size += len(line.encode())
    return size / count


def expect_output(command: list[str], env: dict[str, str], wanted: str) -> None:
    """Fail early if a timed command would print nothing useful (its output is discarded)."""
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    if wanted not in output:
        sys.exit(f"expected {wanted!r} from {' '.join(command)}, got:\n{output[:500]}")


# A 40-item list as labels and recipes write it: names, aliases, an INCI name, a CAS
# number, misspellings, vehicles, concentrations in several units and one unknown item.
CHECK_LIST = ", ".join(
    [
        "Aqua",
        "Panthenol",
        "Biotine",
        "Finasteride 0.05%",
        "Dutasteride 0.01%",
        "Minoxidil 0.5%",
        "Buflomedil",
        "Caffeine 0.2%",
        "Procaine 2%",
        "Lidocaine 20 mg/ml",
        "Sodium chloride 0.9%",
        "Hyaluronic acid",
        "Polynucleotides 15 mg",
        "Triamcinolone acetonide 10 mg/ml",
        "Vitamin B6",
        "Niacinamide",
        "L-Cysteine",
        "Ginkgo biloba extract",
        "Red clover extract",
        "Biochanin A",
        "Acetyl tetrapeptide-3",
        "Copper tripeptide-1",
        "Coumarin",
        "Organic silicon",
        "Propecia",
        "Rogaine 5%",
        "Botox 20 U",
        "Stem cell exosomes",
        "sh-Oligopeptide-1",
        "Pyridoxine 100 mg/ml",
        "Dexpanthénol",
        "Natural silicium",
        "98319-26-7",
        "Lidocain",
        "Minoxidyl",
        "Caffein",
        "Water for injection",
        "Glycerin",
        "Mystery peptide X",
        "Dutasteride 0.05%",
    ]
)

# The Python floor: start Python, read one row with the standard library, print it.
PYTHON_FLOOR = (
    "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
    ".execute('select * from ingredient where slug = ?', (sys.argv[2],)).fetchone())"
)


def read_scenarios(
    catalogue: Catalogue, ingredients: str, version: list[str], env: dict[str, str], repeat: int, slow: int
) -> list[Scenario]:
    """The reads on one catalogue, each against sqlite-utils reading the same file (completion
    against the start of sqlite-utils, which does nothing)."""
    db, label = str(catalogue.db), catalogue.label
    completion = {
        **env,
        "INGREDIENTS_DB": db,
        "_INGREDIENTS_COMPLETE": "complete_bash",
        "COMP_WORDS": f"ingredients show {catalogue.prefix}",
        "COMP_CWORD": "2",
    }
    expect_output([ingredients], completion, catalogue.probe)
    expect_output([ingredients, "--db", db, "search", catalogue.name], env, catalogue.probe)
    utils = version[0]
    # Each read against sqlite-utils doing the same reading on the same file.
    query = [utils, "query", db]
    found = "SELECT rowid, body FROM search_index WHERE search_index MATCH :q LIMIT 100"
    return [
        Scenario(
            f"show one, {label}",
            [ingredients, "--db", db, "show", catalogue.probe],
            "sqlite-utils query (the row)",
            [[*query, "SELECT * FROM ingredient WHERE slug = :s", "-p", "s", catalogue.probe]],
            env,
            repeat,
        ),
        Scenario(
            f"search '{COMMON_WORDS}', {label}",
            [ingredients, "--db", db, "search", COMMON_WORDS],
            "sqlite-utils query (FTS5)",
            [[*query, found, "-p", "q", "potassium* channel*"]],
            env,
            repeat,
        ),
        Scenario(
            f"search one name, {label}",
            [ingredients, "--db", db, "search", catalogue.name],
            "sqlite-utils query (FTS5)",
            [[*query, found, "-p", "q", f'"{catalogue.name}"']],
            env,
            repeat,
        ),
        Scenario(
            f"export csv, {label}",
            [ingredients, "--db", db, "export", "-f", "csv"],
            "sqlite-utils rows --csv",
            [[utils, "rows", db, "ingredient", "--csv"]],
            env,
            slow,
            show_memory=True,
        ),
        Scenario(
            f"export jsonl, {label}",
            [ingredients, "--db", db, "export", "-f", "jsonl"],
            "sqlite-utils rows --nl",
            [[utils, "rows", db, "ingredient", "--nl"]],
            env,
            slow,
            show_memory=True,
        ),
        Scenario(
            f"complete a name (TAB), {label}",
            [ingredients],
            "sqlite-utils --version",
            [version],
            completion,
            repeat,
        ),
        Scenario(
            f"check 40 items, {label}",
            [ingredients, "--db", db, "check", CHECK_LIST],
            "show (ours)",
            [[ingredients, "--db", db, "show", "finasteride"]],
            env,
            repeat,
        ),
    ]


# The targets of the performance work: (what, scenario, yardstick, figure, at most).
TARGETS = [
    ("PostgreSQL show / SQLite", "postgresql: show one, {big}", "same on SQLite", "ratio", 1.5),
    (
        "PostgreSQL search one name / SQLite",
        "postgresql: search one name, {big}",
        "same on SQLite",
        "ratio",
        1.5,
    ),
    (
        "PostgreSQL search a common word / SQLite",
        f"postgresql: search '{COMMON_WORDS}', {{big}}",
        "same on SQLite",
        "ratio",
        1.5,
    ),
    (
        "PostgreSQL export peak memory / SQLite",
        "postgresql: export csv, {big}",
        "same on SQLite",
        "memory_ratio",
        1.5,
    ),
    ("PostgreSQL import / SQLite", "postgresql: import, {big}", "same on SQLite", "ratio", 1.5),
    (
        "search a word every entry holds / sqlite-utils FTS5",
        f"search '{COMMON_WORDS}', {{big}}",
        "sqlite-utils query (FTS5)",
        "ratio",
        1.0,
    ),
    ("show / the Python floor", "show one, {big}", "Python floor", "ratio", 3.5),
    (
        "import / the equal-work sqlite-utils pipeline",
        "import {rows} ingredients",
        "sqlite-utils pipeline",
        "ratio",
        1.5,
    ),
    ("export csv / sqlite-utils rows --csv", "export csv, {big}", "sqlite-utils rows --csv", "ratio", 0.8),
]
SITE_SECONDS = 90.0
# Memory flat: the large catalogue's site build peaks at most this much above the shipped one's.
SITE_MEMORY_GROWTH = 1.5


def target_rows(
    results: list[dict[str, str]], site_results: list[tuple[str, Measure]], big: str, rows: int
) -> list[list[str]]:
    """Each target with the measured figure beside it, met or not (absent: not measured)."""
    measured = {(r["scenario"], r["yardstick"]): r for r in results}
    table = []
    for what, scenario, yardstick, figure, limit in TARGETS:
        found = measured.get((scenario.format(big=big, rows=rows), yardstick), {}).get(figure)
        met = "" if found is None else ("met" if float(found) <= limit else "missed")
        table.append([what, found or "not measured", f"<= {limit}", met])
    if site_results:
        (_, large), (_, small) = site_results
        table.append(
            [
                f"site build, {big} (s)",
                f"{large.seconds:.1f}",
                f"<= {SITE_SECONDS:.0f}",
                "met" if large.seconds <= SITE_SECONDS else "missed",
            ]
        )
        growth = large.peak_mib / small.peak_mib
        table.append(
            [
                f"site peak memory, {big} / shipped",
                f"{growth:.2f}",
                f"<= {SITE_MEMORY_GROWTH}",
                "met" if growth <= SITE_MEMORY_GROWTH else "missed",
            ]
        )
    return table


def compile_bytecode() -> None:
    """Our modules' bytecode, written beforehand as `pip install` writes every installed
    package's (sqlite-utils' among them). An editable install has none until a first run
    writes it, and none ever under PYTHONDONTWRITEBYTECODE: each command would then compile
    every module it imports, which is no cost of the program's own."""
    folders = [str(ROOT / name) for name in ("ingredients", "cli", "seed_data")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of fast scenarios")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("INGREDIENTS_TEST_POSTGRES_URL"),
        help="a PostgreSQL database URL: also time the commands on that server",
    )
    parser.add_argument("--no-site", action="store_true", help="leave out building the static site")
    options = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if not options.postgres:
            options.postgres = stack.enter_context(throwaway_server())
        run(options)


@contextlib.contextmanager
def throwaway_server() -> Iterator[str | None]:
    """A PostgreSQL server of the run's own, as the tests start theirs; None without one."""
    sys.path.insert(0, str(ROOT))
    from tests.postgres_server import start_server

    servers = start_server()
    try:
        url = next(servers)
    except LookupError as exc:
        print(f"no PostgreSQL: {exc}", file=sys.stderr)
        yield None
        return
    try:
        yield url
    finally:
        servers.close()


def run(options: argparse.Namespace) -> None:
    ingredients, sqlite_utils = tool("ingredients"), tool("sqlite-utils")
    started = time.perf_counter()
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="ingredients-bench-"))
    made: list[str] = []
    results: list[dict[str, str]] = []
    site_results: list[tuple[str, Measure]] = []
    slow = max(3, options.repeat // 3)
    try:
        env = {**os.environ, "INGREDIENTS_DB": str(work / "unused.db")}
        # The shipped catalogue, made once and copied where a run needs a fresh one.
        empty = work / "shipped.db"
        subprocess.run([ingredients, "--db", str(empty), "db", "status"], check=True, capture_output=True)
        record, shipped_count = minoxidil_record(ingredients, empty)
        rows = work / "ingredients.jsonl"
        record_bytes = synthetic_rows(rows, options.rows, record)
        catalogue = work / "catalogue.db"
        shutil.copyfile(empty, catalogue)
        print(f"importing {options.rows} ingredients", file=sys.stderr, flush=True)
        subprocess.run(
            [ingredients, "--db", str(catalogue), "import", str(rows)], check=True, capture_output=True
        )
        middle = f"{options.rows // 2:05d}"
        shipped = Catalogue(
            f"{shipped_count} ingredients (shipped)", empty, "minoxidil", "Minoxidil", "minox"
        )
        big = Catalogue(
            f"{options.rows} ingredients",
            catalogue,
            f"minoxidil-copy-{middle}",
            f"Minoxidil copy {middle}",
            f"minoxidil-copy-{middle[:-1]}",
        )

        version = [sqlite_utils, "--version"]
        fresh_ours, fresh_theirs = work / "fresh-ours.db", work / "fresh-theirs.db"
        pipeline = [
            [sqlite_utils, "insert", str(fresh_theirs), "ingredients", str(rows), "--nl", "--pk", "slug"],
            [sqlite_utils, "create-index", str(fresh_theirs), "ingredients", "name", "--unique"],
            [sqlite_utils, "create-index", str(fresh_theirs), "ingredients", "cas_number"],
            [
                sqlite_utils,
                "enable-fts",
                str(fresh_theirs),
                "ingredients",
                *SEARCHED_COLUMNS,
                "--fts5",
                "--create-triggers",
            ],
        ]
        # Each read on the shipped catalogue, then the same read on the large one.
        reads = zip(
            read_scenarios(shipped, ingredients, version, env, options.repeat, slow),
            read_scenarios(big, ingredients, version, env, options.repeat, slow),
            strict=True,
        )
        scenarios = [
            *(scenario for pair in reads for scenario in pair),
            Scenario(
                f"show one, {big.label}",
                [ingredients, "--db", str(catalogue), "show", big.probe],
                "Python floor",
                [[sys.executable, "-c", PYTHON_FLOOR, str(catalogue), big.probe]],
                env,
                options.repeat,
            ),
            Scenario(
                "--help",
                [ingredients, "--help"],
                "sqlite-utils --help",
                [[sqlite_utils, "--help"]],
                env,
                options.repeat,
            ),
            Scenario(
                f"import {options.rows} ingredients",
                [ingredients, "--db", str(fresh_ours), "import", str(rows)],
                "sqlite-utils pipeline",
                pipeline,
                env,
                slow,
                ours_prepare=["cp", str(empty), str(fresh_ours)],
                theirs_prepare=["rm", "-f", str(fresh_theirs)],
                show_memory=True,
            ),
        ]
        print("timing on SQLite", file=sys.stderr, flush=True)
        for scenario in scenarios:
            results.extend(rows_of(measure(scenario)))
        if options.postgres:
            print("filling PostgreSQL", file=sys.stderr, flush=True)
            on_server = postgres_scenarios(
                options.postgres,
                ingredients,
                work,
                rows,
                env,
                shipped,
                big,
                empty,
                options.repeat,
                slow,
                made,
            )
            for scenario in on_server:
                results.extend(rows_of(measure(scenario)))
        if not options.no_site:
            # The static site has no peer: one timed build of each catalogue, to show
            # that memory stays flat as pages stream out.
            site_results = [
                (label, run_once([ingredients, "--db", str(db), "site", str(work / f"site-{n}")], env))
                for n, (label, db) in enumerate(((big.label, catalogue), (shipped.label, empty)))
            ]
        # The launcher's own floor, printed so that a reader can see the memory figures mean the commands.
        floor_mib = run_once(["true"], env).peak_mib
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for name in made:
            _admin(options.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    from tabulate import tabulate

    versions = [
        subprocess.run([program, "--version"], capture_output=True, text=True).stdout.strip()
        for program in (ingredients, sqlite_utils)
    ]
    print(
        f"{options.rows} ingredients, each a copy of the shipped entry of minoxidil: "
        f"mean record {record_bytes:.0f} bytes of jsonl; medians of {options.repeat} runs "
        f"({slow} for export and import)"
    )
    print(
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {platform.platform()}; "
        f"{os.cpu_count()} cores; Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
        f"{'; '.join(versions)}; "
        "bytecode compiled beforehand for every program, as pip does on installing; "
        f"whole run {time.perf_counter() - started:.0f} s; "
        + (
            f"peak memory by GNU time (of `true`: {floor_mib:.1f} MiB)"
            if GNU_TIME
            else "peak memory not measured (GNU time is not installed: Debian package `time`)"
        )
    )
    columns = [
        "scenario",
        "ingredients_s",
        "yardstick",
        "yardstick_s",
        "ratio",
        "ingredients_MiB",
        "yardstick_MiB",
        "memory_ratio",
    ]
    print(
        tabulate(
            [[r.get(c, "") for c in columns] for r in results],
            headers=columns,
            tablefmt="github",
            disable_numparse=True,
        )
    )
    if site_results:
        print()
        print(
            tabulate(
                [[f"site, {label}", f"{m.seconds:.1f}", f"{m.peak_mib:.0f}"] for label, m in site_results],
                headers=["scenario", "seconds", "peak_MiB"],
                tablefmt="github",
                disable_numparse=True,
            )
        )
    print()
    print(
        tabulate(
            target_rows(results, site_results, f"{options.rows} ingredients", options.rows),
            headers=["target", "measured", "target", "met"],
            tablefmt="github",
            disable_numparse=True,
        )
    )


if __name__ == "__main__":
    main()
