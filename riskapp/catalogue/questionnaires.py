"""Which questionnaire versions exist and which one is active.

Versions shipped in questionnaires/ are copied into the database the first time they are needed;
uploaded versions go straight there. From then on the stored text is the truth: a screening is
always shown again against the exact text it was answered on (looked up by its hash).
"""

from pathlib import Path

from flask import Flask, current_app, g

from riskapp import audit
from riskapp.catalogue.labels import load_labels
from riskapp.data import locks
from riskapp.data import questionnaires as questionnaire_data
from riskapp.database import write_step
from riskapp.extensions import db
from riskapp.models import QuestionnaireDefinition, User
from riskapp.questionnaire.catalogue import Catalogue, active_problems, definition_files, read_files
from riskapp.questionnaire.checks import check_versions
from riskapp.questionnaire.parser import load_definition, parse_definition
from riskapp.questionnaire.problems import DefinitionError, Problem
from riskapp.questionnaire.schema import Questionnaire

EXTENSION_KEY = "riskapp.shipped_questionnaires"


def register_questionnaires(app: Flask) -> None:
    """Read and check the shipped files once; refuse to start if an active one is invalid."""
    directory = Path(app.config["QUESTIONNAIRES_DIR"])
    paths = definition_files(directory)
    catalogue = read_files(paths, root=directory.parent)
    blocking = active_problems(catalogue, directory.parent)
    if blocking:
        listing = "\n".join(f"  {problem}" for problem in blocking)
        raise RuntimeError(f"riskapp cannot start: a questionnaire file is invalid.\n{listing}")
    app.extensions[EXTENSION_KEY] = catalogue
    _check_chronology_labels(directory)


def _check_chronology_labels(directory: Path) -> None:

    try:
        load_labels(directory / "chronology.yaml")
    except DefinitionError as error:
        listing = "\n".join(f"  {problem}" for problem in error.problems)
        raise RuntimeError(f"riskapp cannot start: questionnaires/chronology.yaml is invalid.\n{listing}") from None


def shipped() -> Catalogue:
    return current_app.extensions[EXTENSION_KEY]


_PARSED: dict[tuple[str, str], Questionnaire] = {}  # by the text's SHA-256 and the file's name


def parsed(definition: QuestionnaireDefinition) -> Questionnaire:
    """The stored definition, parsed once per process. Its text (tens of KB) is read from the database
    only the first time: the definition hash is the SHA-256 of that text, so it names the text."""
    key = (definition.definition_hash, definition.file_name or "stored definition")
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) >= 64:
            _PARSED.clear()
        found = _PARSED[key] = load_definition(definition.source_text, key[1])
    return found


def sync_shipped_definitions() -> None:
    """Copy shipped versions the database does not hold yet. Stored versions are never overwritten.

    Several requests can find the same version missing at once (the first requests after a
    deployment): the copying is done by one at a time, each looking again once it holds the lock.
    A read request (the first page after a deployment) copies them in a write step of its own.
    Checked once per request (stored versions are never removed), not at every look-up."""
    if g.get("shipped_definitions_stored"):
        return
    questionnaire_ids = {q.id for q in shipped().questionnaires}
    stored = questionnaire_data.stored_versions(questionnaire_ids)
    if not all((q.id, q.version) in stored for q in shipped().questionnaires):
        with write_step():
            _copy_shipped_definitions()
        stored = questionnaire_data.stored_versions(questionnaire_ids)
    # The same look says which version is active (for keys of what was rendered under it).
    g.active_definition_keys = {
        questionnaire_id: (definition_id, definition_hash)
        for (questionnaire_id, _version), (definition_id, status, definition_hash) in stored.items()
        if status == "active"
    }
    g.shipped_definitions_stored = True


def active_definition_key(questionnaire_id: str) -> tuple:
    """(id, hash) of the active version, from the look this request already took; () if none."""
    sync_shipped_definitions()
    return g.active_definition_keys.get(questionnaire_id, ())


def _copy_shipped_definitions() -> None:
    locks.hold("shipped-questionnaires")
    for questionnaire in shipped().questionnaires:
        if not _stored(questionnaire):
            text = (Path(current_app.config["QUESTIONNAIRES_DIR"]).parent / questionnaire.file).read_text("utf-8")
            # A newly shipped active version replaces the active one: deploying it is the decision.
            definition = _store(
                text, questionnaire, "draft" if questionnaire.status == "active" else questionnaire.status, None
            )
            if questionnaire.status == "active":
                set_status(definition, "active", by_system=True)


def _stored(questionnaire: Questionnaire) -> bool:
    return questionnaire_data.get_definition_by_version(questionnaire.id, questionnaire.version) is not None


def _store(text: str, questionnaire: Questionnaire, status: str, user: User | None) -> QuestionnaireDefinition:
    definition = questionnaire_data.add_definition(
        QuestionnaireDefinition(
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            title=questionnaire.title,
            definition_hash=questionnaire.definition_hash,
            source_text=text,
            file_name=questionnaire.file,
            status=status,
            uploaded_by_id=user.id if user else None,
        )
    )
    audit.record(
        "publish-questionnaire",
        actor=user,
        by_system=user is None,
        object_type="questionnaire_definition",
        object_id=definition.id,
        details={"questionnaire": questionnaire.id, "version": questionnaire.version, "status": status},
    )
    return definition


def active_definition(questionnaire_id: str) -> QuestionnaireDefinition | None:
    sync_shipped_definitions()
    return questionnaire_data.get_active_definition(questionnaire_id)


def screening_questionnaire_id() -> str:
    return current_app.config["SCREENING_QUESTIONNAIRE_ID"]


def check_upload(text: str, file_name: str) -> tuple[Questionnaire | None, list[Problem]]:
    """Check an uploaded version on its own and against every stored version of the same id."""
    questionnaire, problems = parse_definition(text, file_name)
    if questionnaire is None:
        return None, problems
    sync_shipped_definitions()
    stored = [parsed(d) for d in questionnaire_data.versions_of(questionnaire.id)]
    if any(s.version == questionnaire.version for s in stored):
        latest = max(s.version for s in stored)
        return None, [
            Problem(
                file_name,
                1,
                "duplicate-version",
                f"Version {questionnaire.version} of '{questionnaire.id}' already exists",
                f"Use version: {latest + 1}.",
            )
        ]
    # The uploaded file's own status is not used: uploads start as drafts.
    problems = [
        p for p in check_versions([*stored, questionnaire]) if p.file == file_name and p.rule != "two-active-versions"
    ]
    return (None if problems else questionnaire), problems


def store_upload(text: str, questionnaire: Questionnaire, user: User) -> QuestionnaireDefinition:
    return _store(text, questionnaire, "draft", user)


def set_status(definition: QuestionnaireDefinition, status: str, by_system: bool = False) -> None:
    """Activate (retiring whichever version was active) or retire a version."""
    if status == "active":
        current = questionnaire_data.get_active_definition(definition.questionnaire_id)
        if current is not None and current.id != definition.id:
            current.status = "retired"
            audit.record(
                "retire-questionnaire",
                object_type="questionnaire_definition",
                object_id=current.id,
                by_system=by_system,
            )
    definition.status = status
    db.session.flush()
    g.pop("shipped_definitions_stored", None)  # the active version changed: look again
    audit.record(
        f"{'activate' if status == 'active' else 'retire'}-questionnaire",
        object_type="questionnaire_definition",
        object_id=definition.id,
        by_system=by_system,
    )
