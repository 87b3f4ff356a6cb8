"""Panel pack jobs on RQ, and the render worker that runs them.

A pack is one job per section plus one that puts the pack together, which waits for all the
others (and runs even if some failed, to say so). Workers are started with
``flask --app riskapp render-worker``: each job runs in a fresh process forked from the worker, with
the address-space limit set before it starts and RQ's job timeout as the time limit.
"""

import uuid

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, Worker
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
    from riskapp.reports.pdf import render_pdf

    pack = pack_data.get_pack(uuid.UUID(pack_id))
    if pack is None or pack.status not in ("queued", "running"):
        return
    service.mark_running(pack)
    try:
        person, html = service.section_html(pack, position)
    except service.PackRefused as refused:
        service.fail(pack, refused.reason)
        db.session.commit()
        return
    band = service.band_label(person)
    db.session.commit()
    pdf = render_pdf(html, tagged=False)  # this process is the job's own, already limited in memory
    pack = pack_data.get_pack(uuid.UUID(pack_id))
    if pack.status in ("queued", "running"):
        service.store_section(pack, position, person, pdf, band)
    db.session.commit()


def assemble_pack(pack_id: str) -> None:
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


class RenderWorker(Worker):
    """An RQ worker whose job processes run with the render memory limit and their own database
    connections (never the parent's)."""

    def main_work_horse(self, job, queue):
        db.engine.dispose(close=False)
        limit_memory(int(current_app.config["RENDER_MEMORY_MB"]))
        super().main_work_horse(job, queue)


@click.command("render-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def render_worker_command(burst: bool) -> None:
    """Run an RQ worker for panel packs (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL to the Redis the web app uses; without it packs run in the web app")
    service.warm_up()  # every job's process is forked from this one, so each starts warm
    db.session.remove()
    db.engine.dispose()
    worker = RenderWorker([_queue(current_app)], connection=Redis.from_url(current_app.config["REDIS_URL"]))
    worker.work(burst=burst, with_scheduler=False)
