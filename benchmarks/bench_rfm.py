"""RFM: `cohorts rfm` on a generated order-lines CSV (2 and 10 million lines; 2 million
with --quick).

Each run is a fresh `python -m cvo_workshop` process; its wall time, CPU time
and peak memory (the child's own rusage, from wait4) are compared, in the same
run and on the same file, with one bare DuckDB query computing the same scores
(the duckdb SQL `--emit-sql` prints, members written to a CSV): the floor for the
work itself, so the ratio is what reading, checking and reporting cost on top
(issue 19 aims at <= 1.3x). CPU time is the steadier of the two on a machine
other work shares: waiting for a core counts in wall time only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks._harness import PY, Row, installed_env

LINES = 10_000_000
QUICK_LINES = 2_000_000


def generate(path: Path, lines: int) -> None:
    """Order lines like a shop's: 1-4 lines an order, about 60% one-time customers,
    a few repeat buyers with many orders, 1% negative (returned) lines."""
    import duckdb

    orders = lines * 2 // 5 + 1
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(
        f"""
COPY (
  WITH o AS (
    SELECT o,
      1 + hash(o * 11) % 4 AS k,
      (hash(o) % 1000000000) / 1e9 AS u,
      hash(o * 7) % 4 = 0 AS one_time,
      hash(o * 3) % 1461 AS d,
      hash(o * 13) % 86400 AS s
    FROM range({orders}) t(o)
  ),
  l AS (SELECT *, unnest(range(CAST(k AS BIGINT))) AS j FROM o)
  SELECT
    'ORD' || o AS order_id,
    CASE WHEN one_time THEN 'n' || o
         ELSE 'r' || CAST(floor(pow(u, 2) * {max(orders // 6, 1)}) AS BIGINT) END AS customer_id,
    strftime(TIMESTAMP '2021-01-01' + to_days(CAST(d AS INTEGER))
             + to_seconds(CAST(s AS BIGINT)), '%Y-%m-%d %H:%M:%S') AS ordered_at,
    CASE WHEN hash(o * 17 + j) % 100 = 0 THEN -((hash(o * 5 + j) % 5000) / 100.0)
         ELSE 1 + (hash(o * 5 + j) % 20000) / 100.0 END AS amount
  FROM l
  LIMIT {lines}
) TO '{path}' (HEADER, DELIMITER ',')
"""
    )
    con.close()


def measure(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed ({proc.returncode}): {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # maxrss is KB


#: One bare DuckDB query computing the same scores: the SQL `--emit-sql` prints for the
#: file, over a view reading the CSV, its members written to a CSV as `--members` does.
PEER = """
import sys, duckdb
data, sql, out = sys.argv[1:4]
con = duckdb.connect()
con.execute(f"CREATE VIEW orders AS SELECT * FROM read_csv('{data}')")
*setup, query = con.extract_statements(open(sql).read())
for statement in setup:
    con.execute(statement.query)
con.execute(f"COPY ({query.query.rstrip().rstrip(';')}) TO '{out}' (HEADER)")
"""


def rows(quick: bool = False) -> list[Row]:
    sizes = [QUICK_LINES] if quick else [QUICK_LINES, LINES]
    repeat = 1 if quick else 3
    out: list[Row] = []
    for lines in sizes:
        out += _rows(lines, repeat)
    return out


def _rows(lines: int, repeat: int) -> list[Row]:
    env = installed_env()
    with tempfile.TemporaryDirectory(prefix="bench-rfm-") as tmp:
        data = Path(tmp) / "orders.csv"
        generate(data, lines)
        sql = Path(tmp) / "rfm.sql"
        subprocess.run(
            [PY, "-m", "cvo_workshop", "cohorts", "rfm", str(data), "--emit-sql", "-o", str(sql)],
            check=True,
            capture_output=True,
        )
        peer = [PY, "-c", PEER, str(data), str(sql), str(Path(tmp) / "peer.csv")]
        command = [
            PY, "-m", "cvo_workshop", "cohorts", "rfm", str(data),
            "-o", str(Path(tmp) / "cohorts.yaml"), "--members", str(Path(tmp) / "members.csv"),
        ]  # fmt: skip
        # In turn, so a noisy spell on a shared machine hits both.
        runs: dict[str, list[tuple[float, float, float]]] = {"peer": [], "rfm": []}
        for _ in range(repeat):
            runs["peer"].append(measure(peer, env))
            runs["rfm"].append(measure(command, env))
        peer_time = statistics.median(r[0] for r in runs["peer"])
        peer_mb = max(r[1] for r in runs["peer"])
        rfm_time = statistics.median(r[0] for r in runs["rfm"])
        rfm_mb = max(r[1] for r in runs["rfm"])
        peer_cpu = statistics.median(r[2] for r in runs["peer"])
        rfm_cpu = statistics.median(r[2] for r in runs["rfm"])
    label = f"{lines / 1e6:g}M order lines"
    return [
        Row(
            f"cohorts rfm, {label} (cohort file + members)",
            rfm_time,
            "s",
            "<= 1.3x the bare query",
            rfm_time <= 1.3 * peer_time,
            "one bare duckdb query, same scores",
            peer_time,
        ),
        Row(
            f"cohorts rfm CPU time, {label}",
            rfm_cpu,
            "s",
            "<= 1.3x the bare query",
            rfm_cpu <= 1.3 * peer_cpu,
            "the bare query's CPU time",
            peer_cpu,
        ),
        Row(
            f"cohorts rfm peak memory, {label}",
            rfm_mb,
            "MB",
            "< 2048 MB",
            rfm_mb < 2048,
            "the bare query's peak memory",
            peer_mb,
        ),
    ]
