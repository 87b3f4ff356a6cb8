"""`flask --app riskapp panel-pack`: the same pack as the web page makes, written to a file."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from riskapp.data import organisations as organisation_data
from riskapp.data import packs as pack_data
from riskapp.extensions import db
from riskapp.packs import queue, service
from riskapp.risk.flags import FLAG_LABELS
from riskapp.timeutil import today


@click.command("panel-pack")
@click.option("--authority", "authority_slug", required=True, help="Authority slug, e.g. central-bedfordshire")
@click.option("--flag", type=click.Choice(sorted(FLAG_LABELS)), help="Only young people with this flag")
@click.option("--title", help="Title on the contents page")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def panel_pack_command(authority_slug: str, flag: str | None, title: str | None, out_file: Path) -> None:
    """Make a panel pack for everyone in an authority (with a flag, if given) and write the PDF.

    It runs here, one render process per core, and is audited like a download."""
    authority = organisation_data.get_authority_by_slug(authority_slug)
    if authority is None:
        raise click.ClickException(f"No authority has the slug {authority_slug!r}")
    choice = service.choose(authority, flag or "")
    title = title or f"Missing Young People Panel, {today():%-d %B %Y}"
    try:
        pack = service.request_pack(None, authority, choice.young_people, title, choice.selection, "command-line")
    except service.PackRefused as refused:
        raise click.ClickException(refused.reason) from None
    db.session.commit()
    click.echo(f"Printing {pack.total} summaries for {authority.name} ({choice.selection})...", err=True)
    queue.run_in_process(pack.id, on_progress=lambda done, total: click.echo(f"  {done}/{total}", err=True))
    pack = pack_data.get_pack(pack.id)
    if pack.status != "done":
        click.echo(f"The pack could not be made: {pack.error}", err=True)
        sys.exit(1)
    out_file.write_bytes(pack.pdf)
    service.record_export(pack, by_system=True)
    db.session.commit()
    click.echo(f"Wrote {out_file} ({pack.pages} pages, {len(pack.pdf):,} bytes).", err=True)
