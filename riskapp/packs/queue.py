"""Where a panel pack's work runs.

- ``rq``: with ``REDIS_URL`` set, every section is a job on the RQ queue and a last job puts the pack
  together once they have all run. Any number of ``flask --app riskapp render-worker`` processes, on
  any machine that reaches Redis and the database, share the work.
- ``in-process``: the embedded default. A thread of the web process (or the command line) prints the
  sections in the render pool, one worker process per core, and puts the pack together.

Either way the person who asked can leave the page: progress is kept in the database.
"""

import threading
import uuid

from flask import Flask, current_app

from riskapp.data import packs as pack_data
from riskapp.extensions import db
from riskapp.packs import service
from riskapp.reports.bounded import RenderFailed, configured_limits, pool_for


def backend_name(app: Flask) -> str:
    return app.config.get("PANEL_PACK_BACKEND") or ("rq" if app.config.get("REDIS_URL") else "in-process")


def start(pack_id: uuid.UUID) -> None:
    """Begin the work on a pack whose row is committed."""
    app = current_app._get_current_object()
    backend = backend_name(app)
    if backend == "rq":
        from riskapp.packs import tasks

        tasks.enqueue_pack(app, pack_id)
    elif backend == "inline":
        run_in_process(pack_id)
    else:
        threading.Thread(target=_run_in_app, args=(app, pack_id), name=f"panel-pack-{pack_id}", daemon=True).start()


def _run_in_app(app: Flask, pack_id: uuid.UUID) -> None:
    with app.app_context():
        try:
            run_in_process(pack_id)
        finally:
            db.session.remove()


def run_in_process(pack_id: uuid.UUID, on_progress=None) -> None:
    """Print every section (side by side, one per core) and put the pack together, committing as
    it goes. The command line calls this directly; the web app calls it on a thread."""
    pack = pack_data.get_pack(pack_id)
    total = pack.total
    service.mark_running(pack)
    db.session.commit()
    pool = pool_for(configured_limits(current_app.config))
    prepared: dict[int, service.PreparedSection] = {}

    def documents():
        for position in range(total):
            prepared[position] = service.prepare_section(pack, position)
            db.session.commit()  # end the read transaction: SQLite writers are not held up while printing
            yield prepared[position].html

    sections = pool.render_many(documents(), tagged=False)  # untagged: merging drops the tags anyway
    try:
        for done, (position, pdf) in enumerate(sections, start=1):
            section = prepared.pop(position)
            service.store_section(pack, position, section.person, pdf, section.band_label)
            db.session.commit()  # nothing stays open while the next sections print (SQLite's write lock)
            if on_progress:
                on_progress(done, total)
        service.assemble(pack, pool.render)
    except (RenderFailed, service.PackRefused) as failure:
        db.session.rollback()
        pack = pack_data.get_pack(pack_id)
        service.fail(pack, failure.reason)
    except Exception:
        db.session.rollback()
        pack = pack_data.get_pack(pack_id)
        service.fail(pack, "Something went wrong while printing the pack")
        db.session.commit()
        raise
    db.session.commit()
