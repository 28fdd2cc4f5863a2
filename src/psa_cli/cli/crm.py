"""`psa contact add|list|edit|remove` and `psa interaction add|list`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from psa_cli.cli.options import DateOpt, FormatOpt, ledger, output_format

if TYPE_CHECKING:
    from psa_cli.cli.render import Col

contact_app = typer.Typer(no_args_is_help=True)
interaction_app = typer.Typer(no_args_is_help=True)

ClientArg = Annotated[str, typer.Argument(help="Client code (or exact name).")]
IdArg = Annotated[int, typer.Argument(help="Contact id (see 'psa contact list').")]
RoleOpt = Annotated[str | None, typer.Option("--role", help="Role, e.g. 'CTO', 'Accounts'.")]
EmailOpt = Annotated[str | None, typer.Option("--email", help="E-mail address.")]
PhoneOpt = Annotated[str | None, typer.Option("--phone", help="Phone number, e.g. +33 1 23 45.")]
ClientFilter = Annotated[str | None, typer.Option("--client", "-c", help="Only this client.")]

FIELDS = [("Id", "id"), ("Client", "client"), ("Name", "name"), ("Role", "role"),
          ("E-mail", "email"), ("Phone", "phone"), ("Interactions", "interactions")]  # fmt: skip


def _contact_columns() -> list[Col]:
    from psa_cli.cli import render

    return [
        render.col("Id", "id", "right"),
        render.col("Client", "client"),
        render.col("Name", "name"),
        render.col("Role", "role"),
        render.col("E-mail", "email"),
        render.col("Phone", "phone"),
    ]


@contact_app.command("add")
def contact_add(
    client: ClientArg,
    name: Annotated[str, typer.Argument(help="The person's name, e.g. 'Ada Lovelace'.")],
    role: RoleOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Add a contact person to a client."""
    from psa_cli.cli import render
    from psa_cli.services import crm

    row = crm.add_contact(
        ledger(), client, crm.ContactFields(name=name, role=role, email=email, phone=phone)
    )
    data = crm.contact_to_json(row)
    if output_format(fmt) == "table":
        render.say(f"Added contact {data['id']} {data['name']} to {data['client']}.")
    else:
        render.record(data, output_format(fmt))


@contact_app.command("list")
def contact_list(client: ClientFilter = None, fmt: FormatOpt = None) -> None:
    """List contacts, of every client or of one."""
    from psa_cli.cli import render
    from psa_cli.services import crm

    rows = [crm.contact_to_json(r) for r in crm.list_contacts(ledger(), client)]
    render.table(
        rows,
        _contact_columns(),
        output_format(fmt),
        empty="No contacts yet: add one with 'psa contact add CLIENT NAME'.",
    )


@contact_app.command("edit")
def contact_edit(
    contact_id: IdArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    role: RoleOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a contact's name, role, e-mail or phone ('' clears a field)."""
    from psa_cli.cli import render
    from psa_cli.services import crm

    row = crm.edit_contact(
        ledger(), contact_id, crm.ContactFields(name=name, role=role, email=email, phone=phone)
    )
    if output_format(fmt) == "table":
        render.say(f"Updated contact {contact_id}.")
    render.record(crm.contact_to_json(row), output_format(fmt), fields=FIELDS)


@contact_app.command("remove")
def contact_remove(contact_id: IdArg, fmt: FormatOpt = None) -> None:
    """Remove a contact (interactions with them keep their text)."""
    from psa_cli.cli import render
    from psa_cli.services import crm

    row = crm.remove_contact(ledger(), contact_id)
    if output_format(fmt) == "table":
        render.say(f"Removed contact {contact_id} {row['name']} from {row['client_code']}.")
    else:
        render.record(crm.contact_to_json(row), output_format(fmt))


@interaction_app.command("add")
def interaction_add(
    client: ClientArg,
    text: Annotated[str, typer.Argument(help="What was said or done, e.g. 'Asked for a quote'.")],
    kind: Annotated[str, typer.Option("--type", help="call, email, meeting or note.")] = "note",
    day: DateOpt = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Contact name or id at this client.")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Record an interaction with a client (a call, an e-mail, a meeting, a note)."""
    from psa_cli.cli import render
    from psa_cli.services import crm

    row = crm.add_interaction(ledger(), client, text, kind=kind, day=day, contact=contact)
    data = crm.interaction_to_json(row)
    if output_format(fmt) == "table":
        with_whom = f" with {data['contact']}" if data["contact"] else ""
        render.say(f"Recorded {data['type']} {data['id']}{with_whom} ({data['client']}, "
                   f"{data['day']}).")  # fmt: skip
    else:
        render.record(data, output_format(fmt))


@interaction_app.command("list")
def interaction_list(
    client: ClientFilter = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most N, newest.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """List interactions, newest first."""
    from psa_cli.cli import render
    from psa_cli.services import crm

    rows = [crm.interaction_to_json(r) for r in crm.list_interactions(ledger(), client, limit)]
    render.table(
        rows,
        interaction_columns(),
        output_format(fmt),
        empty="No interactions yet: record one with 'psa interaction add CLIENT TEXT'.",
    )


def interaction_columns() -> list[Col]:
    from psa_cli.cli import render

    return [
        render.col("Id", "id", "right"),
        render.col("Day", "day"),
        render.col("Client", "client"),
        render.col("Type", "type"),
        render.col("Contact", "contact"),
        render.col("Note", "text"),
    ]


def register(app: typer.Typer) -> None:
    app.add_typer(contact_app, name="contact", help="Contacts of a client: add, list, edit.")
    app.add_typer(interaction_app, name="interaction", help="Calls, e-mails, meetings and notes.")
