"""How gunicorn serves riskapp. gunicorn reads this file when it starts in the repository root
(as README.md says to start it); options on its command line win over these.

Threaded workers (``gthread``): a request that waits (on the database, or on a summary PDF being
printed in the render pool) holds a thread, not a whole worker process, so the pages other people
ask for meanwhile are served by the same worker's other threads. Measured with `make load`
(docs/performance.md): with 4 sync workers, one summary being printed took a quarter of the
server away from every other page until it was done.

    GUNICORN_WORKERS   processes (default: 2 per core)
    GUNICORN_THREADS   threads per process (default 8; each may hold one database connection)
"""

import os

workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * (os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 8)


def post_worker_init(worker):
    """Each web worker starts one PDF render process and prints a line in it, in the background, so
    that the first summary after a start or a restart is as quick as the next (about 7 s otherwise
    when the server is busy)."""
    from riskapp.reports.bounded import warm_render_pool

    if worker.wsgi.config["RENDER_WARM_AT_START"]:
        warm_render_pool(worker.wsgi.config)
