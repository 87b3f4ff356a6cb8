from datetime import UTC, datetime

from tests.factories import PASSWORD


def sign_in(client, user, password: str = PASSWORD):
    client.get("/sign-in")
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, f"sign-in failed for {user.email}: {response.status_code}"
    # The session (and its CSRF secret) was renewed at sign-in: pick up the new token.
    client.get(response.headers["Location"], follow_redirects=True)
    return response


def audit_actions(session, **filters):
    """Audit entries, in the order they were recorded (sealed or still waiting for their seal)."""
    from sqlalchemy import select

    from riskapp.models import AuditEvent

    query = select(AuditEvent).order_by(AuditEvent.id)
    for name, value in filters.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(session.scalars(query))


def now() -> datetime:
    """The time at the moment of asking, not when a module was imported: a run that crosses
    midnight still counts days from today."""
    return datetime.now(UTC)


def rows_and_queries(client, url: str, rows: str) -> tuple[int, int]:
    """How many ``rows`` (a CSS selector) the page at ``url`` shows, and how many SQL statements its
    second view ran (the first loads what a process loads once)."""
    from sqlalchemy import event

    from riskapp.extensions import db

    statements = []
    engine = db.session.get_bind().engine

    def count(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    client.get(url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        shown = client.get(url).soup.select(rows)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(shown), len(statements)
