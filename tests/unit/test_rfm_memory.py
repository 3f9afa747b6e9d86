"""DuckDB's memory for a `cohorts rfm` run follows the machine: a quarter of it, 1-4 GB."""

import pytest

from cvo_workshop.store import rfm_run

GIB = 1024**3
PAGE = 4096


@pytest.mark.parametrize(
    ("machine_gib", "limit"),
    [(2, "1GB"), (4, "1GB"), (8, "2GB"), (12, "3GB"), (16, "4GB"), (256, "4GB")],
)
def test_a_quarter_of_the_machine_between_1_and_4_gb(monkeypatch, machine_gib, limit):
    pages = {"SC_PAGE_SIZE": PAGE, "SC_PHYS_PAGES": machine_gib * GIB // PAGE}
    monkeypatch.setattr(rfm_run.os, "sysconf", pages.__getitem__)
    assert rfm_run.memory_limit() == limit


def test_1_gb_where_the_machine_does_not_say(monkeypatch):
    def no_sysconf(name):
        raise ValueError(name)

    monkeypatch.setattr(rfm_run.os, "sysconf", no_sysconf)
    assert rfm_run.memory_limit() == "1GB"


def test_the_run_uses_it(tmp_path, monkeypatch):
    monkeypatch.setattr(rfm_run, "memory_limit", lambda: "3GB")
    orders = tmp_path / "orders.csv"
    orders.write_text("order_id,customer_id,ordered_at,amount\n1,c1,2024-01-02,10\n")
    with rfm_run.RfmRun(rfm_run.RfmRequest(paths=(orders,))) as run:
        setting = run._con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert setting == "2.7 GiB"  # 3 GB (10^9 bytes) as DuckDB shows it
