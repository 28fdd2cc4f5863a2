"""The timesheet: a week grid (projects x days) and the week's entries, with forms to
add, edit, split and delete entries. Billed entries show as locked; the service
refuses to change them and the form shows its message."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from psa_cli.domain.dates import parse_date
from psa_cli.domain.durations import format_duration, parse_duration
from psa_cli.domain.periods import week_start
from psa_cli.services import dashboard, entries, entry_split, report_time, timer
from psa_cli.services.entries import EntryEdit, EntryFilter, EntryList
from psa_cli.services.ledger import Ledger
from psa_cli.services.reports import ReportRequest
from psa_cli.tui.screens.base import LedgerScreen, fill, right, selected_key
from psa_cli.tui.suggest import project_codes
from psa_cli.tui.widgets.forms import ConfirmScreen, Field, FormScreen


def week_sheet(ledger: Ledger, first: date) -> dict[str, Any]:
    """Your time of the week starting `first`, by project and day."""
    req = ReportRequest(
        date_from=first.isoformat(),
        date_to=(first + timedelta(days=6)).isoformat(),
        people=[dashboard.me_name(ledger)],
    )
    return report_time.timesheet(ledger, req, by="project", every="day")


def week_entries(ledger: Ledger, first: date) -> EntryList:
    f = EntryFilter(
        date_from=first.isoformat(),
        date_to=(first + timedelta(days=6)).isoformat(),
        people=[dashboard.me_name(ledger)],
    )
    return entries.list_entries(ledger, f)


def week_state(ledger: Ledger, first: date) -> str:
    """Your timesheet's approval state for the ISO week holding `first` (open, submitted,
    approved, rejected): an approved week locks its entries like billing does."""
    from psa_cli.services import timesheets

    rows = timesheets.status(ledger, week=first.isoformat(), person=dashboard.me_name(ledger))
    return str(rows[0]["state"]) if rows else "open"


class TimesheetScreen(LedgerScreen):
    BINDINGS = [
        Binding("left_square_bracket", "week(-1)", "Prev week", key_display="["),
        Binding("right_square_bracket", "week(1)", "Next week", key_display="]"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("s", "split", "Split"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.first: date | None = None
        self.listed: dict[str, Any] = {}
        self.loaded: set[str] = set()
        self.approval = "open"
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="week-title", classes="bar")
        sheet: DataTable[Any] = DataTable(id="sheet", cursor_type="row", zebra_stripes=True)
        yield sheet
        yield Static("Entries (a add · e edit · s split · d delete)", classes="bar")
        table: DataTable[Any] = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        table.add_columns("ID", "Day", "Project", "Task", "Time", "Note", "State")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        clock = self.app.clock  # type: ignore[attr-defined]
        self.first = week_start(clock.today(), clock.config.week_start)
        self.query_one("#entries", DataTable).focus()

    def reload(self) -> None:
        if self.first is None:
            return
        self.loaded.clear()
        self.load(week_sheet, self.first, then=self.show_sheet)
        self.load(week_entries, self.first, then=self.show_entries)
        self.load(week_state, self.first, then=self.show_state)

    def show_sheet(self, report: dict[str, Any]) -> None:
        assert self.first is not None
        days = [self.first + timedelta(days=i) for i in range(7)]

        def cells(seconds: list[int]) -> list[Text]:
            return [right(format_duration(s) if s else "·", "" if s else "dim") for s in seconds]

        rows = [
            (
                row["key"],
                *cells(row["seconds"]),
                right(format_duration(row["total_seconds"]), "bold"),
            )
            for row in report["rows"]
        ]
        totals = report["totals"]
        rows.append((Text("Total", style="bold"), *cells(totals["seconds"]),
                     right(format_duration(totals["total_seconds"]), "bold")))  # fmt: skip
        labels = ["Project", *(f"{d:%a %d}" for d in days), "Total"]
        fill(self.query_one("#sheet", DataTable), rows, labels=labels)
        self.total = totals["total_seconds"]
        self._title()
        self.loaded.add("sheet")

    def _title(self) -> None:
        assert self.first is not None
        last = self.first + timedelta(days=6)
        state = {"approved": "approved: entries locked", "submitted": "submitted",
                 "rejected": "rejected: fix and resubmit"}.get(self.approval, "")  # fmt: skip
        self.query_one("#week-title", Static).update(
            Text.assemble(
                ("Week ", "bold"),
                (f"{self.first:%d %b} – {last:%d %b %Y}", "bold"),
                f"   {format_duration(self.total)} logged   ",
                (f"{state}   " if state else "", "yellow"),
                ("[ ] change week", "dim"),
            )
        )

    def show_state(self, state: str) -> None:
        self.approval = state
        self._title()
        self.loaded.add("state")

    def show_entries(self, listed: EntryList) -> None:
        self.listed = {str(e.id): e for e in listed.entries}
        rows = []
        for e in listed.entries:
            if e.invoice_number:
                state = Text(f"locked {e.invoice_number}", style="yellow")
            elif e.running:
                state = Text("running", style="green")
            elif e.invoice_id:
                state = Text("on a draft", style="dim")
            else:
                state = Text("")
            time = "running" if e.running else format_duration(e.seconds)
            rows.append((right(str(e.id)), e.day, e.project_code, e.task or "", right(time),
                         e.note, state))  # fmt: skip
        fill(self.query_one("#entries", DataTable), rows, [e.id for e in listed.entries])
        self.loaded.add("entries")

    # -- actions ---------------------------------------------------------------

    def action_week(self, step: int) -> None:
        if self.first is not None:
            self.first += timedelta(days=7 * step)
            self.reload()

    def _current(self) -> Any:
        key = selected_key(self.query_one("#entries", DataTable))
        entry = self.listed.get(key) if key else None
        if entry is None:
            self.notify("no entry selected: add one with 'a'", severity="warning")
        return entry

    def _default_day(self) -> str:
        today = self.app.clock.today()  # type: ignore[attr-defined]
        assert self.first is not None
        inside = self.first <= today <= self.first + timedelta(days=6)
        return (today if inside else self.first).isoformat()

    def action_add(self) -> None:
        today = self.app.clock.today()  # type: ignore[attr-defined]

        def log(ledger: Ledger, v: dict[str, str]) -> timer.TimerResult:
            return timer.log(ledger, v["duration"], v["project"], v["note"],
                             date=v["date"] or None, task=v["task"] or None)  # fmt: skip

        fields = [
            Field(
                "duration",
                "Duration",
                placeholder="1h30m, 90m, 1:30",
                required=True,
                check=parse_duration,
            ),  # fmt: skip
            Field(
                "project",
                "Project",
                placeholder="code, e.g. acme-web",
                required=True,
                suggest=project_codes,
            ),  # fmt: skip
            Field("note", "Note"),
            Field(
                "date",
                "Date",
                self._default_day(),
                "YYYY-MM-DD, today, yesterday",
                check=lambda text: parse_date(text, today),
            ),  # fmt: skip
            Field("task", "Task", placeholder="optional"),
        ]
        self.app.push_screen(FormScreen("Log time", fields, log), self.after_form("Entry logged"))

    def action_edit(self) -> None:
        entry = self._current()
        if entry is None:
            return
        today = self.app.clock.today()  # type: ignore[attr-defined]
        before = {
            "project": entry.project_code,
            "task": entry.task or "",
            "note": entry.note,
            "date": entry.day,
            "duration": format_duration(entry.seconds),
        }

        def edit(ledger: Ledger, v: dict[str, str]) -> Any:
            changed = {k: v[k] for k in v if v[k] != before[k]}
            if "duration" in changed and parse_duration(changed["duration"]) == entry.seconds:
                del changed["duration"]
            edit = EntryEdit(
                project=changed.get("project"),
                task=changed.get("task"),
                note=changed.get("note"),
                date=changed.get("date"),
                duration=changed.get("duration"),
            )
            return entries.edit_entry(ledger, entry.id, edit)

        fields = [
            Field("project", "Project", before["project"], required=True, suggest=project_codes),
            Field("task", "Task", before["task"]),
            Field("note", "Note", before["note"]),
            Field("date", "Date", before["date"], check=lambda t: parse_date(t, today)),
            Field("duration", "Duration", before["duration"], check=parse_duration),
        ]
        title = f"Edit entry {entry.id}" + (
            f" (billed on {entry.invoice_number})" if entry.invoice_number else ""
        )
        self.app.push_screen(
            FormScreen(title, fields, edit), self.after_form(f"Entry {entry.id} saved")
        )

    def action_split(self) -> None:
        entry = self._current()
        if entry is None:
            return

        def split(ledger: Ledger, v: dict[str, str]) -> Any:
            return entry_split.split_entry(ledger, entry.id, v["first"])

        half = format_duration(max(60, entry.seconds // 2 // 60 * 60))
        fields = [Field("first", "Keep", half, "duration of the first part", parse_duration, True)]
        length = format_duration(entry.seconds)
        title = f"Split entry {entry.id} ({length}): the rest becomes a new entry"
        self.app.push_screen(
            FormScreen(title, fields, split, submit_label="Split"), self.after_form("Entry split")
        )

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(entries.delete_entry, entry.id, done=f"Entry {entry.id} deleted")

        length = format_duration(entry.seconds)
        question = f"Delete entry {entry.id}: {entry.project_code} {length} on {entry.day}?"
        self.app.push_screen(ConfirmScreen(question), answered)
