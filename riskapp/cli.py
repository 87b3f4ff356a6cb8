"""Command-line commands: ``flask --app riskapp <command>``. Each runs in one transaction."""

import json
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from riskapp import audit
from riskapp.auth.passwords import hash_password, password_problem
from riskapp.data import organisations as organisation_data
from riskapp.data import users as user_data
from riskapp.extensions import db
from riskapp.reference import ROLE_LABELS, Role
from riskapp.scoring.words import agency_name

audit_cli = AppGroup("audit", help="Seal and check the audit trail.")
authorities_cli = AppGroup("authorities", help="Local authorities in the partnership.")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Recompute the sealed hash chain, report the first broken link, and count the events not
    sealed yet. Exits non-zero only if the chain is broken."""
    report = audit.verify_chain()
    waiting = f"{report.pending} {'entry' if report.pending == 1 else 'entries'} waiting to be sealed."
    if report.ok:
        click.echo(f"Audit trail intact: {report.entries_checked} entries checked. {waiting}")
        return
    click.echo(
        f"Audit trail BROKEN at entry seq={report.broken_seq} (event id {report.broken_id}): {report.reason}. "
        f"{report.entries_checked} entries before it are intact. {waiting}",
        err=True,
    )
    sys.exit(1)


@audit_cli.command("seal")
def audit_seal() -> None:
    """Link every event waiting for its seal into the hash chain (the app also does this after
    responses, unless AUDIT_SEALER_ENABLED is off)."""
    from flask import current_app

    batch = current_app.config["AUDIT_SEAL_BATCH"]
    total = sealed = audit.seal_pending(batch)
    while sealed == batch:
        sealed = audit.seal_pending(batch)
        total += sealed
    click.echo(f"Sealed {total} {'entry' if total == 1 else 'entries'}.")


@authorities_cli.command("add")
@click.argument("slug")
@click.argument("name")
def add_authority(slug: str, name: str) -> None:
    """Add a local authority, e.g. `authorities add luton Luton`."""
    if organisation_data.get_authority_by_slug(slug):
        raise click.ClickException(f"An authority with slug {slug!r} already exists")
    authority = organisation_data.create_authority(slug, name)
    audit.record("create", object_type="local_authority", object_id=authority.id, details={"slug": slug, "name": name})
    db.session.commit()
    click.echo(f"Added {name} ({slug}).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--agency", "agency_slug", required=True, help="Agency slug, e.g. police")
@click.option("--authority", "authority_slugs", multiple=True, required=True, help="Authority slug; repeat for more")
@click.option("--job-title", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input")
def create_user_command(email, full_name, role, agency_slug, authority_slugs, job_title, password_stdin) -> None:
    """Create a user. The password comes from a prompt or standard input, never the command line."""
    agency = organisation_data.get_agency_by_slug(agency_slug)
    if agency is None:
        raise click.ClickException(f"Unknown agency {agency_slug!r}")
    authorities = []
    for slug in authority_slugs:
        authority = organisation_data.get_authority_by_slug(slug)
        if authority is None:
            raise click.ClickException(f"Unknown authority {slug!r}: add it with `flask --app riskapp authorities add`")
        authorities.append(authority)
    if user_data.get_user_by_email(email):
        raise click.ClickException(f"A user with email {email} already exists")
    password = _read_password(password_stdin)
    problem = password_problem(password, email=email, full_name=full_name)
    if problem:
        raise click.ClickException(problem)
    user = user_data.create_user(
        email=email,
        full_name=full_name,
        role=role,
        agency=agency,
        authorities=authorities,
        password_hash=hash_password(password),
        job_title=job_title,
    )
    audit.record(
        "create", object_type="user", object_id=user.id, details={"email": user.email, "role": role, "via": "cli"}
    )
    db.session.commit()
    click.echo(f"Created {ROLE_LABELS[Role(role)].lower()} {user.email} ({agency.name}).")


@click.command("demo-data")
def demo_data_command() -> None:
    """Create demo authorities, users (one per agency and role) and fictional young people, and
    print the demo sign-ins. Run again to issue new demo passwords."""
    from riskapp.demo import load_demo_data

    logins = load_demo_data()
    db.session.commit()
    click.echo("\nDemo sign-ins (new passwords every time this runs; demo data is fictional):\n")
    for login in logins:
        click.echo(f"  {login.email:<48} {login.password}   {login.description}")
    click.echo("")


def register_cli(app: Flask) -> None:
    app.cli.add_command(audit_cli)
    app.cli.add_command(authorities_cli)
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(questionnaires_cli)
    app.cli.add_command(assess_command)
    app.cli.add_command(rescore_command)
    from riskapp.packs.cli import panel_pack_command
    from riskapp.packs.tasks import render_worker_command

    app.cli.add_command(panel_pack_command)
    app.cli.add_command(render_worker_command)


questionnaires_cli = AppGroup("questionnaires", help="Questionnaire definition files.")


@questionnaires_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_questionnaires(files: tuple[Path, ...]) -> None:
    """Check definition files (default: every file in questionnaires/), together with the shipped
    versions of the same questionnaires. Exits non-zero on any problem."""
    from flask import current_app

    from riskapp.questionnaire.catalogue import definition_files, read_files

    directory = Path(current_app.config["QUESTIONNAIRES_DIR"])
    shipped_files = definition_files(directory)
    chosen = [path.resolve() for path in files] or shipped_files
    # Checked alongside the shipped versions, so a changed meaning or a reused version is caught.
    catalogue = read_files(sorted(set(chosen) | set(shipped_files)), root=Path.cwd())
    names = {str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path) for path in chosen}
    shipped_names = {
        str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path) for path in shipped_files
    }
    # A file not yet in questionnaires/ is a candidate for upload (uploads start as drafts), so
    # "two active versions" only applies to the shipped set.
    problems = [
        p
        for p in catalogue.problems
        if p.file in names and not (p.rule == "two-active-versions" and p.file not in shipped_names)
    ]
    for problem in problems:
        click.echo(str(problem), err=True)
    checked = [q for q in catalogue.questionnaires if q.file in names]
    for q in checked:
        summary = f"{len(q.indicators())} indicators in {len(q.sections)} sections"
        click.echo(f"{q.file}: {q.title}, version {q.version} ({q.status}): {summary}")
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo("No problems found.")


@click.command("assess")
@click.argument("casefile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score with this definition file (e.g. a draft) instead of the shipped active one.",
)
@click.option("--format", "output", type=click.Choice(["json", "text"]), default="json")
def assess_command(casefile: Path, rules_file: Path | None, output: str) -> None:
    """Score a JSON case file (schema: docs/casefile.schema.json) with the shipped active rules, or
    --rules FILE. Reads files only: it works before any `db upgrade` and never touches the database."""
    from dataclasses import asdict

    from riskapp.scoring.casefile import CaseFileError, read_casefile
    from riskapp.scoring.engine import assess, inputs_hash
    from riskapp.scoring.judgement import band_with_judgements
    from riskapp.timeutil import utcnow

    try:
        chronology, as_of = read_casefile(json.loads(casefile.read_text(encoding="utf-8")))
    except (CaseFileError, ValueError) as error:  # JSONDecodeError and bad dates are ValueErrors
        raise click.ClickException(f"{casefile}: {error}") from None
    rules = _assess_rules(rules_file)
    now = as_of or utcnow()
    result = assess(chronology, rules, now)
    band_in_force, judgement = band_with_judgements(result.band, chronology.judgements, now)
    if output == "json":
        extra = {"band_in_force": band_in_force, "judgements": [asdict(j) for j in chronology.judgements]}
        click.echo(
            json.dumps(
                {**asdict(result), **extra, "inputs_hash": inputs_hash(chronology, rules, now)}, indent=2, default=str
            )
        )
        return
    click.echo(describe(result, chronology.judgements, band_in_force, judgement))


def _assess_rules(rules_file: Path | None):
    """The rules of --rules FILE, or of the shipped active screening questionnaire (read from
    questionnaires/ when the app started, not from the database)."""
    from flask import current_app

    from riskapp.catalogue.questionnaires import shipped
    from riskapp.questionnaire.parser import parse_definition
    from riskapp.scoring.rules import rules_from

    if rules_file is not None:
        questionnaire, problems = parse_definition(rules_file.read_text(encoding="utf-8"), str(rules_file))
        if questionnaire is None:
            raise click.ClickException("\n".join(str(problem) for problem in problems))
        return rules_from(questionnaire)
    wanted = current_app.config["SCREENING_QUESTIONNAIRE_ID"]
    active = [q for q in shipped().questionnaires if q.id == wanted and q.status == "active"]
    if not active:
        raise click.ClickException(f"No active '{wanted}' questionnaire in questionnaires/: use --rules FILE")
    return rules_from(max(active, key=lambda q: q.version))


def describe(result, judgements=(), band_in_force: str | None = None, judgement=None) -> str:
    in_force = band_in_force or result.band
    why = (
        f" (professional judgement, {agency_name(judgement.agency)}, {judgement.made_at:%d %b %Y})" if judgement else ""
    )
    lines = [
        f"Band in force: {in_force}{why}",
        f"Computed band: {result.band} (score {result.score}; from the score alone: {result.score_band})",
        f"The latest missing episode alone: {result.latest_only_band}",
        f"Risk to others: {result.risk_to_others_band}",
        f"Highest band ever: {result.highest_band}",
    ]
    if result.floors_applied:
        lines.append(f"Floors applied: {', '.join(result.floors_applied)}")
    lines += ["", "Factors:"] + [
        f"  {f.points:>5} {f.kind:<15} {f.text} (seen "
        + "; ".join(f"{e.seen_on:%d %b %Y} by {agency_name(e.agency)}, {e.entry}" for e in f.evidence)
        + ")"
        for f in result.factors
    ]
    lines += ["", "Patterns:"] + [f"  {f.points:>5} {f.description}" for f in result.findings]
    lines += ["", "Agency views:"] + [
        f"  {agency_name(v.agency)}: {v.band}{' (screened, no concerns)' if v.status == 'no-concerns' else ''}, "
        f"score {v.score}"
        for v in result.agency_views
    ]
    lines += ["", "Flags:"] + [f"  {f.kind}: {f.message}" for f in result.flags]
    if judgements:
        lines += ["", "Judgements:"] + [
            f"  {j.made_at:%d %b %Y} {agency_name(j.agency)}: {j.band} ({j.status})" for j in judgements
        ]
    lines += ["", f"Rules {result.rules_version}, engine {result.engine_version}"]
    return "\n".join(lines)


@click.command("rescore")
@click.option("--all", "everyone", is_flag=True, required=True, help="Re-score every young person")
def rescore_command(everyone: bool) -> None:
    """Re-score every young person with the active rules and report whose band changed."""
    from riskapp.risk.service import rescore_everyone

    changed, total = rescore_everyone()
    audit.record("rescore-all", by_system=True, details={"young_people": total, "changed": len(changed), "via": "cli"})
    for young_person_id, before, after in changed:
        click.echo(f"{young_person_id}: {before or 'none'} -> {after}")
    db.session.commit()
    click.echo(f"Re-scored {total} young people; {len(changed)} changed band.")
