"""Invoices: the list by status, the highlighted invoice's lines and totals, and the
lifecycle — draft (with a preview), issue, record a payment, void, export a file."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from psa_cli.domain.dates import parse_date
from psa_cli.services import invoice_export, invoices
from psa_cli.services.invoicing import DraftRequest
from psa_cli.services.ledger import Ledger
from psa_cli.tui.screens.base import LedgerScreen, fill, right, selected_key
from psa_cli.tui.suggest import client_codes
from psa_cli.tui.widgets.forms import ConfirmScreen, Field, FormScreen

FILTERS = (None, "draft", "issued", "overdue", "paid", "void")
STATUS_STYLE = {
    "draft": "cyan",
    "issued": "",
    "overdue": "bold red",
    "paid": "green",
    "void": "dim",
}


def render_document(doc: dict[str, Any]) -> Group:
    """An invoice document's lines and totals (the same numbers every export prints)."""
    cur = doc["currency"]
    head = Text.assemble(
        (doc["number"] or ("Preview" if doc["status"] == "preview" else f"Draft {doc['id']}"),
         "bold"),
        f"  {doc['buyer']['name']}  {doc['status']}",
        f"  period {doc['period']['from']} – {doc['period']['to']}" if doc.get("period") else "",
    )  # fmt: skip
    lines = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    for name, justify in (("#", "right"), ("Description", "left"), ("Qty", "right"),
                          ("Price", "right"), ("Net", "right")):  # fmt: skip
        lines.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in doc["lines"]:
        lines.add_row(str(line["position"]), Text(line["description"]), line["quantity"],
                      line["unit_price"], line["net"])  # fmt: skip
    t = doc["totals"]
    totals = Text(
        f"Net {t['net']}  Tax {t['tax']}  Total {t['gross']} {cur}  Paid {t['paid']}  "
        f"Due {t['due']} {cur}",
        style="bold",
    )
    return Group(head, lines, totals)


def preview_draft(ledger: Ledger, v: dict[str, str]) -> Group:
    created = invoices.preview(ledger, _request(v))
    body = render_document(created.document)
    if created.warnings:
        return Group(body, Text("\n".join(created.warnings), style="yellow"))
    return body


def _request(v: dict[str, str]) -> DraftRequest:
    return DraftRequest(
        client=v["client"],
        date_from=v["date_from"] or None,
        date_to=v["date_to"] or None,
        group_by=v["group_by"] or "task",
    )


class InvoicesScreen(LedgerScreen):
    BINDINGS = [
        Binding("f", "filter", "Status"),
        Binding("n", "draft", "Draft"),
        Binding("i", "issue", "Issue"),
        Binding("p", "pay", "Pay"),
        Binding("v", "void", "Void"),
        Binding("x", "export", "Export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_index = 0
        self.rows: dict[str, dict[str, Any]] = {}
        self.loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="status-bar", classes="bar")
        table: DataTable[Any] = DataTable(id="invoices", cursor_type="row", zebra_stripes=True)
        table.add_columns("ID", "Number", "Client", "Status", "Issued", "Due date", "Total", "Due")
        yield table
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#invoices", DataTable).focus()

    @property
    def status(self) -> str | None:
        return FILTERS[self.status_index]

    def reload(self) -> None:
        self.loaded.clear()
        self.query_one("#status-bar", Static).update(
            Text.assemble(
                ("Status: ", "bold"),
                (self.status or "all", "bold"),
                ("   f cycles all/draft/issued/overdue/paid/void", "dim"),
            )  # fmt: skip
        )
        self.load(invoices.list_invoices, status=self.status, then=self.show_list)

    def show_list(self, found: list[dict[str, Any]]) -> None:
        self.rows = {str(r["id"]): r for r in found}
        fill(
            self.query_one("#invoices", DataTable),
            (
                (right(str(r["id"])), r["number"] or "", r["client"],
                 Text(r["status"], style=STATUS_STYLE.get(r["status"], "")),
                 r["issue_date"] or "", r["due_date"] or "",
                 right(f"{r['total']} {r['currency']}"), right(r["due"]))
                for r in found
            ),
            [r["id"] for r in found],
        )  # fmt: skip
        self.loaded.add("list")
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        key = selected_key(self.query_one("#invoices", DataTable))
        if key is None:
            self.query_one("#detail", Static).update(
                Text("No invoice here: draft one from unbilled work with 'n'.", style="dim")
            )
            self.loaded.add("detail")
            return
        self.load(invoices.show, key, then=self.show_detail)

    def show_detail(self, doc: dict[str, Any]) -> None:
        self.query_one("#detail", Static).update(render_document(doc))
        self.loaded.add("detail")

    @on(DataTable.RowHighlighted, "#invoices")
    def _moved(self) -> None:
        self._refresh_detail()

    # -- actions ---------------------------------------------------------------

    def _current(self) -> dict[str, Any] | None:
        key = selected_key(self.query_one("#invoices", DataTable))
        if key is None:
            self.notify("no invoice selected", severity="warning")
            return None
        return self.rows[key]

    def action_filter(self) -> None:
        self.status_index = (self.status_index + 1) % len(FILTERS)
        self.reload()

    def action_draft(self) -> None:
        today = self.app.clock.today()  # type: ignore[attr-defined]

        def check(text: str) -> object:
            return parse_date(text, today)

        def create(ledger: Ledger, v: dict[str, str]) -> Any:
            return invoices.create(ledger, _request(v))

        fields = [
            Field(
                "client", "Client", placeholder="client code", required=True, suggest=client_codes
            ),  # fmt: skip
            Field("date_from", "From", placeholder="first day (empty: all unbilled)", check=check),
            Field("date_to", "To", placeholder="last day, e.g. today", check=check),
            Field("group_by", "Group by", "task", "entry, task, project or day"),
        ]
        form = FormScreen("Draft an invoice from unbilled work", fields, create,
                          submit_label="Create draft", preview=preview_draft)  # fmt: skip
        self.app.push_screen(form, self.after_form("Draft created"))

    def _confirmed(self, question: str, fn: Any, inv: dict[str, Any], done: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.act(fn, str(inv["id"]), done=done)

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_issue(self) -> None:
        inv = self._current()
        if inv is not None:
            self._confirmed(f"Issue draft {inv['id']} for {inv['client']} ({inv['total']} "
                            f"{inv['currency']})? It gets its number and becomes immutable.",
                            invoices.issue, inv, "Invoice issued")  # fmt: skip

    def action_void(self) -> None:
        inv = self._current()
        if inv is not None:
            name = inv["number"] or f"draft {inv['id']}"
            self._confirmed(f"Void {name}? Its entries and expenses become unbilled again.",
                            invoices.void, inv, f"{name} voided")  # fmt: skip

    def action_pay(self) -> None:
        inv = self._current()
        if inv is None:
            return
        today = self.app.clock.today()  # type: ignore[attr-defined]

        def pay(ledger: Ledger, v: dict[str, str]) -> Any:
            return invoices.pay(ledger, str(inv["id"]), v["amount"], on=v["date"] or None,
                                reference=v["reference"])  # fmt: skip

        fields = [
            Field("amount", "Amount", inv["due"], f"in {inv['currency']}", required=True),
            Field("date", "Date", today.isoformat(), check=lambda t: parse_date(t, today)),
            Field("reference", "Reference", placeholder="optional, e.g. SEPA ref"),
        ]
        name = inv["number"] or f"draft {inv['id']}"
        self.app.push_screen(FormScreen(f"Record a payment on {name}", fields, pay),
                             self.after_form("Payment recorded"))  # fmt: skip

    def action_export(self) -> None:
        inv = self._current()
        if inv is None:
            return
        stem = inv["number"] or f"draft-{inv['id']}"

        def export(ledger: Ledger, v: dict[str, str]) -> Any:
            done = invoice_export.export(ledger, str(inv["id"]), v["format"], v["path"])
            return ", ".join(str(e.path) for e in done)

        def exported(paths: Any) -> None:
            if paths is not None:
                self.notify(f"Wrote {paths}")

        fields = [
            Field(
                "format",
                "Format",
                "pdf",
                "pdf, facturx, ubl, html, md, json, csv, all",
                required=True,
            ),  # fmt: skip
            Field("path", "Path", f"{stem}.pdf", "file, or a folder for 'all'", required=True),
        ]
        self.app.push_screen(FormScreen(f"Export {stem}", fields, export, submit_label="Export"),
                             exported)  # fmt: skip
