"""`cohorts rfm`'s progress: each stage reported and finished when a bar is shown;
the same customers either way (progress is tracked only for a bar someone sees)."""

from cvo_workshop.store import rfm_run

LINES = "".join(f"o{i},c{i % 7},2024-01-{1 + i % 28:02d},{10 + i}\n" for i in range(60))


def _run(tmp_path, name, on_progress=None):
    orders = tmp_path / "orders.csv"
    orders.write_text("order_id,customer_id,ordered_at,amount\n" + LINES)
    with rfm_run.RfmRun(rfm_run.RfmRequest(paths=(orders,))) as run:
        run.open()
        result = run.compute(on_progress)
        members = run.export_members(tmp_path / name, on_progress)
        members.publish()
    return result, (tmp_path / name).read_text()


def test_each_stage_is_reported_and_finished(tmp_path):
    said: list[tuple[str, float | None]] = []
    _run(tmp_path, "members.csv", lambda stage, done: said.append((stage, done)))
    stages = list(dict.fromkeys(stage for stage, _ in said))
    assert stages == ["Reading orders", "Scoring customers", "Writing members"]
    for stage in stages:
        last = [done for s, done in said if s == stage][-1]
        assert last == 1.0, stage
    assert all(done is None or 0 <= done <= 1 for _, done in said)


def test_the_same_members_with_a_bar_or_without(tmp_path):
    shown, with_bar = _run(tmp_path, "a.csv", lambda stage, done: None)
    quiet, without = _run(tmp_path, "b.csv")
    assert with_bar == without
    assert with_bar.count("\n") == 8  # header and the 7 customers
    assert shown.totals.customers == quiet.totals.customers == 7
