"""Names of an imported file -> ledger ids: clients, projects, tasks and people matched by
code or name (case-insensitive), read once from the ledger into dicts; with
`--create-missing` an unknown one is created (audited like `psa client add`), otherwise the
row is refused with the fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psa_cli.domain.matching import check_text, code_from_name
from psa_cli.importers.records import RowError, SourceRow
from psa_cli.store import imports as store
from psa_cli.store import parties
from psa_cli.store import projects as project_store

if TYPE_CHECKING:
    from psa_cli.store.db import Connection


@dataclass(frozen=True)
class NameRules:
    create_missing: bool = False
    client: str | None = None  # client of projects whose rows name none
    person: str | None = None  # person of rows that name none (default: the default person)
    project: str | None = None  # project of rows that name none
    mapping: tuple[tuple[str, str], ...] = ()  # --map-project OLD=NEW
    currency: str = "EUR"


@dataclass(frozen=True)
class ProjectRef:
    id: int
    code: str
    billable: bool  # the project's default (non-billable projects bill nothing)


class Names:
    def __init__(self, conn: Connection, rules: NameRules) -> None:
        self.conn = conn
        self.rules = rules
        self.created: list[str] = []
        cat = store.catalog(conn)
        self._client_codes = {r["code"].lower(): dict(r) for r in cat["clients"]}
        self._client_names: dict[str, list[dict[str, Any]]] = {}
        for r in cat["clients"]:
            self._client_names.setdefault(r["name"].lower(), []).append(dict(r))
        self._project_codes = {r["code"].lower(): dict(r) for r in cat["projects"]}
        self._project_names: dict[str, list[dict[str, Any]]] = {}
        for r in cat["projects"]:
            self._project_names.setdefault(r["name"].lower(), []).append(dict(r))
        self._tasks = {(r["project_id"], r["name"].lower()): r["id"] for r in cat["tasks"]}
        self._people = {r["name"].lower(): r["id"] for r in cat["people"]}
        self._emails = {r["email"].lower(): r["id"] for r in cat["people"] if r["email"]}
        self._default = next((r["id"] for r in cat["people"] if r["is_default"]), None)
        self._mapping = {old.lower(): new for old, new in rules.mapping}
        self._project_cache: dict[tuple[str, str], ProjectRef] = {}
        self._person_cache: dict[tuple[str, str], int] = {}

    # -- projects and clients --------------------------------------------------------

    def project(self, row: SourceRow) -> ProjectRef:
        name = row.project.strip() or (self.rules.project or "")
        if not name:
            raise RowError("no project: pass --project CODE for rows without one")
        client = row.client.strip() or (self.rules.client or "")
        cache_key = (client.lower(), name.lower())
        found = self._project_cache.get(cache_key)
        if found is None:
            found = self._find_project(name, client)
            self._project_cache[cache_key] = found
        return found

    def _find_project(self, name: str, client: str) -> ProjectRef:
        mapped = self._mapping.get(name.lower())
        if mapped is not None:
            hit = self._project_codes.get(mapped.lower())
            hits = [hit] if hit else self._project_names.get(mapped.lower(), [])
            if len(hits) == 1:
                return self._ref(hits[0])
            if not hits and not self.rules.create_missing:
                raise RowError(
                    f"--map-project {name}={mapped}: no project '{mapped}': "
                    "give an existing project code (see 'psa project list')"
                )
            name = mapped
        candidates = self._candidates(name, client)
        if len(candidates) == 1:
            return self._ref(candidates[0])
        if len(candidates) > 1:
            codes = ", ".join(sorted(c["code"] for c in candidates))
            raise RowError(
                f"project '{name}' matches {codes}: choose one with --map-project '{name}=CODE'"
            )
        if not self.rules.create_missing:
            of = f" of client '{client}'" if client else ""
            raise RowError(
                f"unknown project '{name}'{of}: add it with 'psa project add', map it with "
                f"--map-project '{name}=CODE', or pass --create-missing"
            )
        return self._create_project(name, client)

    def _candidates(self, name: str, client: str) -> list[dict[str, Any]]:
        by_code = self._project_codes.get(name.lower())
        found = [by_code] if by_code else list(self._project_names.get(name.lower(), []))
        if client and len(found) > 1:
            ids = {c["id"] for c in self._clients(client)}
            found = [p for p in found if p["client_id"] in ids]
        return found

    def _clients(self, text: str) -> list[dict[str, Any]]:
        hit = self._client_codes.get(text.lower())
        return [hit] if hit else list(self._client_names.get(text.lower(), []))

    def _ref(self, project: dict[str, Any]) -> ProjectRef:
        return ProjectRef(project["id"], project["code"], project["billing"] != "non-billable")

    def _create_project(self, name: str, client_text: str) -> ProjectRef:
        if not client_text:
            raise RowError(f"project '{name}' is new and the row names no client: pass --client")
        client = self._client(client_text)
        name = _text(name, "project name", 200)
        code = self._free_code(code_from_name(f"{client['code']}-{name}"), self._project_codes)
        values = {"client_id": client["id"], "code": code, "name": name}
        project_id = project_store.insert_project(self.conn, values)
        project = {**values, "id": project_id, "billing": "hourly"}
        self._project_codes[code.lower()] = project
        self._project_names.setdefault(name.lower(), []).append(project)
        self.created.append(f"project {code}")
        return self._ref(project)

    def _client(self, text: str) -> dict[str, Any]:
        found = self._clients(text)
        if len(found) > 1:
            codes = ", ".join(sorted(c["code"] for c in found))
            raise RowError(f"client '{text}' matches {codes}: pass --client CODE")
        if found:
            return found[0]
        name = _text(text, "client name", 200)
        code = self._free_code(code_from_name(name), self._client_codes)
        values = {"code": code, "name": name, "currency": self.rules.currency}
        client = {**values, "id": parties.insert_client(self.conn, values)}
        self._client_codes[code.lower()] = client
        self._client_names.setdefault(name.lower(), []).append(client)
        self.created.append(f"client {code}")
        return client

    @staticmethod
    def _free_code(base: str, taken: dict[str, Any]) -> str:
        code, n = base[:40], 2
        while code.lower() in taken:
            suffix = f"-{n}"
            code, n = base[: 40 - len(suffix)] + suffix, n + 1
        return code

    # -- tasks and people ------------------------------------------------------------

    def task(self, project: ProjectRef, name: str) -> int | None:
        if not name:
            return None
        found = self._tasks.get((project.id, name.lower()))
        if found is not None:
            return found
        if not self.rules.create_missing:
            raise RowError(
                f"unknown task '{name}' in {project.code}: add it with 'psa task add "
                f'{project.code} "{name}"\' or pass --create-missing'
            )
        name = _text(name, "task name", 200)
        task_id = project_store.insert_task(self.conn, {"project_id": project.id, "name": name})
        self._tasks[(project.id, name.lower())] = task_id
        self.created.append(f"task {project.code}/{name}")
        return task_id

    def person(self, row: SourceRow) -> int:
        key = (row.person.lower(), row.email.lower())
        found = self._person_cache.get(key)
        if found is None:
            found = self._find_person(row.person.strip(), row.email.strip())
            self._person_cache[key] = found
        return found

    def _find_person(self, name: str, email: str) -> int:
        if not name and not email:
            return self._fallback_person()
        found = self._people.get(name.lower()) or self._emails.get(email.lower())
        if found is not None:
            return found
        who = name or email
        if not self.rules.create_missing:
            raise RowError(
                f"unknown person '{who}': add them with 'psa person add \"{who}\"' "
                "or pass --create-missing"
            )
        values = {"name": _text(who, "person name", 200), "email": email,
                  "currency": self.rules.currency}  # fmt: skip
        person_id = parties.insert_person(self.conn, values)
        self._people[who.lower()] = person_id
        if email:
            self._emails[email.lower()] = person_id
        self.created.append(f"person {who}")
        return person_id

    def _fallback_person(self) -> int:
        if self.rules.person:
            found = self._people.get(self.rules.person.lower())
            if found is None:
                raise RowError(
                    f"unknown person '{self.rules.person}' (--person): see 'psa person list'"
                )
            return found
        if self._default is None:
            self._default = parties.insert_person(
                self.conn, {"name": "me", "currency": self.rules.currency, "is_default": 1}
            )
            self._people.setdefault("me", self._default)
        return self._default


def _text(value: str, what: str, limit: int) -> str:
    from psa_cli.domain.errors import InvalidInput

    try:
        return check_text(value, what, limit, required=True)
    except InvalidInput as exc:
        raise RowError(exc.message) from None
