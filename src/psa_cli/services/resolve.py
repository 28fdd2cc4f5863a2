"""Turn what people type (codes, names, `client/project`) into ledger rows."""

from __future__ import annotations

from psa_cli.domain.errors import NotFound, Refused
from psa_cli.domain.matching import did_you_mean
from psa_cli.domain.models import Client, Person, Project, Task
from psa_cli.services.ledger import Ledger
from psa_cli.store import parties, projects


def client(ledger: Ledger, text: str) -> Client:
    conn = ledger.conn
    found = parties.client_by_code(conn, text.strip())
    if found:
        return found
    by_name = parties.clients_by_name(conn, text.strip())
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        codes = ", ".join(c.code for c in by_name)
        raise Refused(f"client name '{text}' is ambiguous ({codes}): use the client's code")
    hint = did_you_mean(text, parties.client_codes(conn))
    raise NotFound(
        f"unknown client '{text}': {hint or 'see psa client list'}"
        + ("" if hint else f", or add it with 'psa client add \"{text}\"'")
    )


def project(ledger: Ledger, text: str, *, allow_archived: bool = False) -> Project:
    """A project by code, or `client/project` (client code, then project code or name)."""
    conn = ledger.conn
    raw = text.strip()
    found = projects.project_by_code(conn, raw)
    if found is None and "/" in raw:
        client_part, project_part = raw.split("/", 1)
        owner = client(ledger, client_part)
        candidates = [
            p
            for p in projects.projects_of_client(conn, owner.id)
            if project_part.lower() in (p.code.lower(), p.name.lower())
        ]
        if len(candidates) > 1:
            raise Refused(f"'{text}' matches several projects: use the project code")
        found = candidates[0] if candidates else None
        if found is None:
            names = [p.code for p in projects.projects_of_client(conn, owner.id)]
            hint = did_you_mean(project_part, names) or f"{owner.code} has: {', '.join(names)}"
            raise NotFound(f"unknown project '{text}': {hint}")
    if found is None:
        by_name = [t for t in projects.project_names(conn) if t[2].lower() == raw.lower()]
        if len(by_name) == 1:
            found = projects.project_by_code(conn, by_name[0][1])
        elif len(by_name) > 1:
            options = ", ".join(f"{c}/{p}" for c, p, _ in by_name)
            raise Refused(f"project name '{text}' is ambiguous ({options}): use a code")
    if found is None:
        hint = did_you_mean(raw, projects.project_codes(conn))
        raise NotFound(
            f"unknown project '{text}': "
            + (hint or "see 'psa project list', or add it with 'psa project add CLIENT NAME'")
        )
    if found.archived and not allow_archived:
        raise Refused(
            f"project '{found.code}' is archived: reopen it with "
            f"'psa project edit {found.code} --status active'"
        )
    return found


def task(ledger: Ledger, proj: Project, text: str) -> Task:
    found = projects.task_by_name(ledger.conn, proj.id, text.strip())
    if found is None:
        names = projects.task_names(ledger.conn, proj.id)
        hint = did_you_mean(text, names)
        raise NotFound(
            f"unknown task '{text}' in project {proj.code}: "
            + (hint or f"add it with 'psa task add {proj.code} \"{text}\"'")
        )
    return found


def person(ledger: Ledger, text: str | None) -> Person:
    """A person by name; None means the default person (you)."""
    conn = ledger.conn
    if text is None:
        me = parties.default_person(conn)
        if me is None:  # pragma: no cover - created on first open by services.setup
            raise NotFound("no default person: run 'psa init'")
        return me
    found = parties.person_by_name(conn, text.strip())
    if found is None:
        hint = did_you_mean(text, parties.person_names(conn))
        raise NotFound(
            f"unknown person '{text}': " + (hint or f"add them with 'psa person add \"{text}\"'")
        )
    return found


def project_by_id(ledger: Ledger, project_id: int) -> Project:
    found = projects.project_by_id(ledger.conn, project_id)
    if found is None:  # pragma: no cover - foreign keys make this unreachable
        raise NotFound(f"no project with id {project_id}")
    return found
