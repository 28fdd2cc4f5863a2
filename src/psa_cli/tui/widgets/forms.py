"""Modal forms: fields checked with the CLI's own parsers, then one service call.

The form stays open while the service runs in a worker; a refusal is shown inside
the form (the service's one-line message) so the user can fix the field and retry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from psa_cli.domain.errors import PsaError
from psa_cli.tui.workers import call_service

Action = Callable[..., Any]  # (ledger, values: dict[str, str]) -> result


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    check: Callable[[str], object] | None = None  # a domain parser; raises PsaError
    required: bool = False
    suggest: Callable[..., list[str]] | None = None  # (ledger) -> completions, read in a worker


class FormScreen(ModalScreen[Any]):
    """A titled form; dismisses with the action's result, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Save")]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        action: Action,
        *,
        submit_label: str = "Save",
        preview: Action | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.action = action
        self.submit_label = submit_label
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(self.form_title, id="form-title")
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(f.label, classes="form-label")
                    yield Input(f.value, placeholder=f.placeholder, id=f"field-{f.name}")
            yield Static("", id="form-error")
            if self.preview is not None:
                with VerticalScroll(id="form-preview-box"):
                    yield Static("", id="form-preview")
            with Horizontal(id="form-buttons"):
                if self.preview is not None:
                    yield Button("Preview", id="form-do-preview")
                yield Button(self.submit_label, variant="primary", id="form-submit")
                yield Button("Cancel", id="form-cancel")

    def on_mount(self) -> None:
        for f in self.fields:
            if f.suggest is not None:
                field = self.query_one(f"#field-{f.name}", Input)
                call_service(self, f.suggest, then=partial(_suggest, field))

    def values(self) -> dict[str, str]:
        return {
            f.name: self.query_one(f"#field-{f.name}", Input).value.strip() for f in self.fields
        }

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message, style="bold red"))

    def _checked(self) -> dict[str, str] | None:
        values = self.values()
        for f in self.fields:
            raw = values[f.name]
            if f.required and not raw:
                self.show_error(f"{f.label}: required")
                self.query_one(f"#field-{f.name}", Input).focus()
                return None
            if raw and f.check is not None:
                try:
                    f.check(raw)
                except PsaError as exc:
                    self.show_error(f"{f.label}: {exc.message}")
                    self.query_one(f"#field-{f.name}", Input).focus()
                    return None
        self.show_error("")
        return values

    def action_submit(self) -> None:
        values = self._checked()
        if values is not None:
            call_service(self, self.action, values, then=self.dismiss, failed=self.show_error)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-submit")
    def _submit(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#form-do-preview")
    def _preview(self) -> None:
        values = self._checked()
        if values is not None and self.preview is not None:
            call_service(self, self.preview, values, then=self.show_preview, failed=self.show_error)

    def show_preview(self, rendered: Any) -> None:
        self.query_one("#form-preview", Static).update(rendered)


def _suggest(field: Input, words: list[str]) -> None:
    field.suggester = SuggestFromList(words, case_sensitive=False)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no before an irreversible step (delete, issue, void)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question, id="confirm-question")
            with Horizontal(id="form-buttons"):
                yield Button("Yes (y)", variant="error", id="confirm-yes")
                yield Button("No (n)", id="confirm-no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
