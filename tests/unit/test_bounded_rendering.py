"""PDF rendering is bounded in time and memory, and a bad document never takes the pool down."""

import io
import resource

import pypdf
import pytest

from riskapp.reports.bounded import RenderFailed, RenderLimits, RenderPool

# Hundreds of pages of table: seconds of work for WeasyPrint, and well over 200 MB of layout.
HUGE = "<table>" + "".join(f"<tr><td>row {i}</td><td>{'word ' * 30}</td></tr>" for i in range(2000)) + "</table>"


@pytest.fixture
def make_pool():
    pools = []

    def make(**limits):
        pools.append(RenderPool(RenderLimits(**limits)))
        return pools[-1]

    yield make
    for pool in pools:
        pool.close()


def _text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_documents_render_side_by_side_and_come_back_labelled(make_pool):
    pool = make_pool(processes=2)
    results = dict(pool.render_many([f"<p>Document {n}</p>" for n in range(4)]))
    assert sorted(results) == [0, 1, 2, 3]
    assert all(_text(results[n]).strip() == f"Document {n}" for n in range(4))


def test_the_render_workers_run_under_the_memory_limit(make_pool):
    pool = make_pool(memory_mb=1500, processes=1)
    pool.render("<p>start the worker</p>")
    limit = pool._pool().submit(resource.getrlimit, resource.RLIMIT_AS).result()
    assert limit == (1500 * 1024 * 1024, 1500 * 1024 * 1024)


def test_a_document_that_takes_too_long_is_stopped_and_the_next_one_prints(make_pool):
    pool = make_pool(seconds=1, processes=1)
    with pytest.raises(RenderFailed, match="longer than 1 seconds"):
        pool.render(HUGE)
    assert _text(pool.render("<p>Next</p>")).strip() == "Next"


def _address_space_mb() -> int:
    """What a render worker already uses (it depends on what the forkserver and main module hold)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmSize:"))
    return int(line.split()[1]) // 1024


def test_a_document_that_needs_too_much_memory_is_stopped_and_the_next_one_prints(make_pool):
    baseline = make_pool(processes=1)._pool().submit(_address_space_mb).result()
    pool = make_pool(memory_mb=baseline + 150, processes=1)  # room for a page, not for hundreds
    assert _text(pool.render("<p>Small</p>")).strip() == "Small"
    with pytest.raises(RenderFailed) as failure:
        pool.render(HUGE)
    assert "memory" in failure.value.reason or "failed" in failure.value.reason
    assert _text(pool.render("<p>Next</p>")).strip() == "Next"
