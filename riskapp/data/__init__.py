"""The data layer: every query lives here, as small verb-named functions. Functions add and
flush; the request (riskapp.database) or the CLI command commits."""

from riskapp.extensions import db


def add(entity):
    """Add a new record to the request's transaction and flush, so it has its id."""
    db.session.add(entity)
    db.session.flush()
    return entity
