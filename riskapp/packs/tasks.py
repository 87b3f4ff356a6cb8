"""Panel pack jobs on RQ, and the render worker that runs them.

A pack is one job per section plus one that puts the pack together, which waits for all the
others (and runs even if some failed, to say so). Workers are started with
``flask --app riskapp render-worker``: a warmed-up process under the render memory limit, with RQ's
job timeout as the time limit. Run one per core to spare, on any machine that reaches Redis and
the database.
"""

import uuid

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Dependency

from riskapp.data import packs as pack_data
from riskapp.extensions import db
from riskapp.packs import service
from riskapp.reports.bounded import limit_memory


def _queue(app: Flask) -> Queue:
    return Queue(app.config["PANEL_PACK_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"]))


def enqueue_pack(app: Flask, pack_id: uuid.UUID) -> None:
    queue = _queue(app)
    pack = pack_data.get_pack(pack_id)
    timeout = int(app.config["RENDER_TIMEOUT_SECONDS"]) + 30
    sections = [
        queue.enqueue(render_section, str(pack_id), position, job_timeout=timeout, result_ttl=0, failure_ttl=3600)
        for position in range(pack.total)
    ]
    queue.enqueue(
        assemble_pack,
        str(pack_id),
        depends_on=Dependency(jobs=sections, allow_failure=True),
        job_timeout=timeout * 2,
        result_ttl=0,
        failure_ttl=3600,
    )


def render_section(pack_id: str, position: int) -> None:
    try:
        _render_section(pack_id, position)
    finally:
        db.session.remove()  # the worker runs job after job: each starts with a fresh session


def _render_section(pack_id: str, position: int) -> None:
    from riskapp.reports.pdf import render_pdf

    pack = pack_data.get_pack(uuid.UUID(pack_id))
    if pack is None or pack.status not in ("queued", "running"):
        return
    service.mark_running(pack)
    try:
        section = service.prepare_section(pack, position)
    except service.PackRefused as refused:
        service.fail(pack, refused.reason)
        db.session.commit()
        return
    db.session.commit()
    pdf = render_pdf(section.html, tagged=False)  # the worker process is limited in memory
    pack = pack_data.get_pack(uuid.UUID(pack_id))
    if pack.status in ("queued", "running"):
        service.store_section(pack, position, section.person, pdf, section.band_label)
    db.session.commit()


def assemble_pack(pack_id: str) -> None:
    try:
        _assemble_pack(pack_id)
    finally:
        db.session.remove()


def _assemble_pack(pack_id: str) -> None:
    from riskapp.reports.pdf import render_pdf

    pack = pack_data.get_pack(uuid.UUID(pack_id))
    if pack is None or pack.status not in ("queued", "running"):
        return
    try:
        service.assemble(pack, render_pdf)
    except Exception:
        db.session.rollback()
        service.fail(pack_data.get_pack(uuid.UUID(pack_id)), "Something went wrong while putting the pack together")
        db.session.commit()
        raise
    db.session.commit()


class RenderWorker(SimpleWorker):
    """An RQ worker that runs each job in its own process, not a forked copy: its caches (parsed
    questionnaires, compiled templates and SQL, fonts) stay warm from one section to the next, as
    in the embedded default's render pool. The process runs under the render memory limit, and
    RQ's job timeout (SIGALRM) stops a section that takes too long."""


@click.command("render-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def render_worker_command(burst: bool) -> None:
    """Run an RQ worker for panel packs (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL to the Redis the web app uses; without it packs run in the web app")
    service.warm_up()
    db.session.remove()
    limit_memory(int(current_app.config["RENDER_MEMORY_MB"]))
    worker = RenderWorker([_queue(current_app)], connection=Redis.from_url(current_app.config["REDIS_URL"]))
    worker.work(burst=burst, with_scheduler=False)
