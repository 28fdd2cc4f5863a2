"""Clients & projects: browse and filter both lists, create and edit through forms,
and see the highlighted project's budget burn and tasks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static

from psa_cli.domain.durations import format_duration
from psa_cli.domain.models import Client, Project
from psa_cli.services import clients, projects
from psa_cli.services.clients import ClientFields
from psa_cli.services.ledger import Ledger
from psa_cli.services.projects import ProjectDetail, ProjectFields
from psa_cli.tui.screens.base import LedgerScreen, fill, right, selected_key
from psa_cli.tui.suggest import client_codes
from psa_cli.tui.widgets.forms import Field, FormScreen


def _money(minor: int | None, currency: str) -> str:
    from psa_cli.domain.money import format_amount

    return "" if minor is None else f"{format_amount(minor, currency)} {currency}"


def _changed(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in after.items() if v != before.get(k, "")}


def project_detail(ledger: Ledger, code: str) -> tuple[ProjectDetail, dict[str, Any] | None]:
    """The project, its tasks and, if it has a budget, its row of the budget report
    (hours and amount burned, the same figures as `psa report budget`)."""
    from psa_cli.services import report_money
    from psa_cli.services.reports import ReportRequest

    detail = projects.show_project(ledger, code)
    rows = report_money.budget(ledger, ReportRequest(projects=[code]))["rows"]
    return detail, rows[0] if rows else None


class ClientsScreen(LedgerScreen):
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "new_client", "New client"),
        Binding("p", "new_project", "New project"),
        Binding("e", "edit", "Edit"),
        Binding("escape", "lists", "Lists", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.clients: list[Client] = []
        self.projects: list[Project] = []
        self.client_code: str | None = None  # the highlighted client narrows the projects
        self.loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ filter clients and projects by code or name", id="filter")
        with Horizontal(id="clients-split"):
            ct: DataTable[Any] = DataTable(id="clients", cursor_type="row", zebra_stripes=True)
            ct.add_columns("Client", "Name", "Cur", "Rate", "Terms")
            ct.border_title = "Clients"
            yield ct
            pt: DataTable[Any] = DataTable(id="projects", cursor_type="row", zebra_stripes=True)
            pt.add_columns("Project", "Name", "Billing", "Logged", "Budget")
            yield pt
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#clients", DataTable).focus()

    def reload(self) -> None:
        self.loaded.clear()
        self.load(clients.list_clients, then=self.show_clients)
        self.load(projects.list_projects, then=self.show_projects)

    # -- lists -----------------------------------------------------------------

    def _match(self, *texts: str) -> bool:
        needle = self.query_one("#filter", Input).value.strip().lower()
        return not needle or any(needle in t.lower() for t in texts)

    def show_clients(self, found: list[Client]) -> None:
        self.clients = found
        project_hits = {p.client_code for p in self.projects if self._match(p.code, p.name)}
        shown = [c for c in found if self._match(c.code, c.name) or c.code in project_hits]
        fill(
            self.query_one("#clients", DataTable),
            (
                (c.code, c.name, c.currency, right(_money(c.rate_minor, c.currency)),
                 right(f"{c.terms_days}d" if c.terms_days is not None else ""))
                for c in shown
            ),
            [c.code for c in shown],
        )  # fmt: skip
        self.loaded.add("clients")
        self._refresh_projects()

    def show_projects(self, found: list[Project]) -> None:
        self.projects = found
        self.loaded.add("projects")
        self._refresh_projects()

    def _refresh_projects(self) -> None:
        code = selected_key(self.query_one("#clients", DataTable))
        self.client_code = code
        client_match = {c.code for c in self.clients if self._match(c.code, c.name)}
        shown = [
            p
            for p in self.projects
            if (code is None or p.client_code == code)
            and (self._match(p.code, p.name) or p.client_code in client_match)
        ]
        table = self.query_one("#projects", DataTable)
        table.border_title = f"Projects of {code}" if code else "Projects"
        fill(
            table,
            (
                (p.code, p.name, p.billing, right(format_duration(p.logged_seconds)),
                 right(format_duration(p.budget_seconds) if p.budget_seconds
                       else _money(p.budget_minor, p.currency)))
                for p in shown
            ),
            [p.code for p in shown],
        )  # fmt: skip
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        code = selected_key(self.query_one("#projects", DataTable))
        if code is None:
            self.query_one("#detail", Static).update(Text("No project selected.", style="dim"))
            self.loaded.add("detail")
            return
        self.load(project_detail, code, then=self.show_detail)

    def show_detail(self, found: tuple[ProjectDetail, dict[str, Any] | None]) -> None:
        detail, budget = found
        p, totals = detail.project, detail.totals
        rate = _money(p.rate_minor, p.currency) or "inherited"
        lines = [
            Text.assemble(
                (p.code, "bold"), f"  {p.name} — {p.client_code}, {p.billing}, rate {rate}"
            )
        ]
        if budget is not None and budget["budget_seconds"]:
            used, of = (
                format_duration(budget["used_seconds"]),
                format_duration(budget["budget_seconds"]),
            )
            lines.append(_burn(budget["hours_percent"], f"{used} of {of} budgeted hours"))
        if budget is not None and budget["budget_amount"] is not None:
            cur = budget["currency"]
            text = f"{budget['used_amount']} of {budget['budget_amount']} {cur} budget"
            lines.append(_burn(budget["amount_percent"], text))
        if budget is not None and budget["warning"]:
            lines.append(Text(budget["warning"], style="bold yellow"))
        if budget is None:
            logged = format_duration(totals["logged_seconds"])
            unbilled = format_duration(totals["unbilled_seconds"])
            lines.append(Text(f"No budget; {logged} logged, {unbilled} unbilled", "dim"))
        tasks = Table.grid(padding=(0, 2))
        for t in detail.tasks:
            estimate = f" / {format_duration(t.estimate_seconds)}" if t.estimate_seconds else ""
            tasks.add_row(Text(t.name), f"{format_duration(t.logged_seconds)}{estimate}", t.status)
        body: list[Any] = [*lines, Text("Tasks:" if detail.tasks else "No tasks.", "bold")]
        self.query_one("#detail", Static).update(Group(*body, tasks))
        self.loaded.add("detail")

    @on(DataTable.RowHighlighted, "#clients")
    def _client_moved(self) -> None:
        if selected_key(self.query_one("#clients", DataTable)) != self.client_code:
            self._refresh_projects()

    @on(DataTable.RowHighlighted, "#projects")
    def _project_moved(self) -> None:
        self._refresh_detail()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#clients", DataTable).focus()  # back to the keys of the lists

    @on(Input.Changed, "#filter")
    def _filtered(self) -> None:
        self.show_clients(self.clients)

    # -- actions ---------------------------------------------------------------

    def action_lists(self) -> None:
        self.query_one("#clients", DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def _client_form(self, client: Client | None) -> None:
        before = {
            "name": client.name if client else "",
            "code": client.code if client else "",
            "currency": client.currency if client else "",
            "rate": _money(client.rate_minor, "").strip() if client else "",
            "tax_rate": (client.tax_rate or "") if client else "",
            "terms": str(client.terms_days) if client and client.terms_days is not None else "",
            "email": client.email if client else "",
        }
        if client and client.rate_minor is not None:
            from psa_cli.domain.money import format_amount

            before["rate"] = format_amount(client.rate_minor, client.currency)

        def fields_of(v: dict[str, str]) -> ClientFields:
            terms = v.pop("terms", None)
            return ClientFields(**v, terms=int(terms) if terms else None)

        def save(ledger: Ledger, v: dict[str, str]) -> Client:
            if v.get("terms") and not v["terms"].isdigit():
                from psa_cli.domain.errors import InvalidInput

                raise InvalidInput(f"terms '{v['terms']}' is not a number of days: e.g. 30")
            if client is None:
                return clients.add_client(ledger, fields_of({k: x for k, x in v.items() if x}))
            return clients.edit_client(ledger, client.code, fields_of(_changed(before, v)))

        fields = [
            Field("name", "Name", before["name"], required=True),
            Field("code", "Code", before["code"], "short code, e.g. acme"),
            Field("currency", "Currency", before["currency"], "EUR, GBP... (default: yours)"),
            Field("rate", "Rate / hour", before["rate"], "e.g. 120"),
            Field("tax_rate", "Tax rate %", before["tax_rate"], "e.g. 20"),
            Field("terms", "Terms (days)", before["terms"], "e.g. 30"),
            Field("email", "Email", before["email"]),
        ]
        title = f"Edit client {client.code}" if client else "New client"
        self.app.push_screen(FormScreen(title, fields, save), self.after_form("Client saved"))

    def _project_form(self, project: Project | None) -> None:
        from psa_cli.domain.money import format_amount

        before = {
            "client": project.client_code if project else (self.client_code or ""),
            "name": project.name if project else "",
            "code": project.code if project else "",
            "billing": project.billing if project else "hourly",
            "rate": format_amount(project.rate_minor, project.currency)
            if project and project.rate_minor is not None
            else "",
            "budget_hours": format_duration(project.budget_seconds)
            if project and project.budget_seconds
            else "",
            "budget_amount": format_amount(project.budget_minor, project.currency)
            if project and project.budget_minor is not None
            else "",
        }

        def save(ledger: Ledger, v: dict[str, str]) -> Project:
            client_code = v.pop("client")
            if project is None:
                return projects.add_project(
                    ledger,
                    client_code,
                    ProjectFields(**cast(dict[str, Any], {k: x for k, x in v.items() if x})),
                )
            changed = _changed(before, {**v})
            changed.pop("client", None)
            return projects.edit_project(
                ledger, project.code, ProjectFields(**cast(dict[str, Any], changed))
            )

        fields = [
            Field(
                "client",
                "Client",
                before["client"],
                "client code",
                required=True,
                suggest=client_codes,
            ),  # fmt: skip
            Field("name", "Name", before["name"], required=True),
            Field("code", "Code", before["code"], "e.g. acme-web"),
            Field("billing", "Billing", before["billing"], "hourly, fixed, retainer, non-billable"),
            Field("rate", "Rate / hour", before["rate"], "empty: the client's"),
            Field("budget_hours", "Budget hours", before["budget_hours"], "e.g. 40h"),
            Field("budget_amount", "Budget amount", before["budget_amount"], "e.g. 4800"),
        ]
        title = f"Edit project {project.code}" if project else "New project"
        self.app.push_screen(FormScreen(title, fields, save), self.after_form("Project saved"))

    def action_new_client(self) -> None:
        self._client_form(None)

    def action_new_project(self) -> None:
        self._project_form(None)

    def action_edit(self) -> None:
        if self.focused is self.query_one("#projects", DataTable):
            code = selected_key(self.query_one("#projects", DataTable))
            found = next((p for p in self.projects if p.code == code), None)
            if found is not None:
                self._project_form(found)
                return
        code = selected_key(self.query_one("#clients", DataTable))
        client = next((c for c in self.clients if c.code == code), None)
        if client is None:
            self.notify("no client selected: create one with 'n'", severity="warning")
            return
        self._client_form(client)


def _burn(percent_text: str | None, text: str) -> Text:
    """A 30-cell burn bar and the report's own percentage."""
    percent = Decimal(percent_text or "0")
    width = 30
    filled = min(width, int(width * percent / 100))
    style = "red" if percent >= 100 else "yellow" if percent >= 80 else "green"
    return Text.assemble(("█" * filled, style), ("·" * (width - filled), "dim"),
                         f" {percent_text or '0'} %  {text}")  # fmt: skip
