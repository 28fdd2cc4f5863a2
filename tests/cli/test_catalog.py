"""Clients, projects, tasks and people through the CLI."""

from __future__ import annotations

from tests.conftest import Psa


def test_client_add_list_show_edit_archive(acme: Psa) -> None:
    [client] = acme.json("client", "list")
    assert client["code"] == "acme"
    assert client["rate"] == "120.00" and client["currency"] == "EUR"
    assert client["tax_rate"] == "20" and client["terms_days"] == 30
    acme("client", "add", "Globex Ltd", "--currency", "gbp", "--rate", "95.5", "--email",
         "ap@globex.example", "--address", "1 Main St\\nSpringfield",
         "--tax-id", "GB123")  # fmt: skip
    globex = acme.json("client", "show", "globex-ltd")
    assert globex["currency"] == "GBP" and globex["rate"] == "95.50"
    assert globex["address"] == "1 Main St\nSpringfield"
    acme("client", "edit", "globex-ltd", "--code", "globex", "--terms", "14")
    assert acme.json("client", "show", "globex")["terms_days"] == 14
    acme("client", "archive", "globex")
    assert [c["code"] for c in acme.json("client", "list")] == ["acme"]
    assert [c["code"] for c in acme.json("client", "list", "--all")] == ["acme", "globex"]
    acme("log", "2h", "acme-web")
    shown = acme.json("client", "show", "acme")
    assert shown["activity"]["logged_seconds"] == 7200
    assert shown["projects"][0]["code"] == "acme-web"
    assert "Projects: 1, 2:00 logged" in acme("client", "show", "acme").stdout


def test_client_refusals(acme: Psa) -> None:
    assert "is taken" in acme.fail("client", "add", "Other", "--code", "ACME")
    assert "unknown currency" in acme.fail("client", "add", "X", "--currency", "XYZ", code=2)
    assert "invalid rate" in acme.fail("client", "add", "X", "--rate", "1e9999", code=2)
    assert "invalid rate" in acme.fail("client", "add", "X", "--rate", "nan", code=2)
    assert "decimal places" in acme.fail("client", "add", "X", "--rate", "10.001", code=2)
    assert "did you mean 'acme'" in acme.fail("client", "show", "acmee")
    assert "invalid client code" in acme.fail("client", "add", "X", "--code", "a b", code=2)
    acme("log", "1h", "acme-web")
    assert "cannot change" in acme.fail(
        "client", "edit", "acme", "--currency", "USD", "--rate", "1"
    )


def test_project_add_list_show_edit(acme: Psa) -> None:
    [project] = acme.json("project", "list")
    assert project["budget_seconds"] == 40 * 3600
    assert project["billing"] == "hourly" and project["client"] == "acme"
    acme("project", "add", "acme", "Retainer 2027", "--billing", "retainer", "--rate", "110",
         "--budget-amount", "5000")  # fmt: skip
    created = acme.json("project", "show", "acme-retainer-2027")
    assert created["budget_amount"] == "5000.00" and created["rate"] == "110.00"
    acme("project", "edit", "acme-retainer-2027", "--code", "acme-ret", "--status", "paused")
    assert acme.json("project", "show", "acme-ret")["status"] == "paused"
    acme("task", "add", "acme-web", "Backend", "--estimate", "10h", "--rate", "150")
    acme("log", "4h", "acme-web", "--task", "backend")
    shown = acme.json("project", "show", "acme-web")
    assert shown["totals"]["logged_seconds"] == 4 * 3600
    assert shown["tasks"][0]["logged_seconds"] == 4 * 3600
    assert shown["tasks"][0]["rate"] == "150.00"
    assert "invalid billing model" in acme.fail(
        "project", "add", "acme", "X", "--billing", "weekly", code=2
    )
    assert "unknown client" in acme.fail("project", "add", "nobody", "X")


def test_tasks_list_done_reopen(acme: Psa) -> None:
    acme("task", "add", "acme-web", "Design", "--estimate", "8h")
    acme("task", "add", "acme-web", "Build")
    acme("task", "done", "acme-web", "Design")
    tasks = {t["name"]: t["status"] for t in acme.json("task", "list", "acme-web")}
    assert tasks == {"Build": "todo", "Design": "done"}
    assert [t["name"] for t in acme.json("task", "list", "--open")] == ["Build"]
    acme("task", "done", "acme-web", "Design", "--reopen")
    assert "already exists" in acme.fail("task", "add", "acme-web", "design")


def test_people(acme: Psa) -> None:
    [me] = acme.json("person", "list")
    assert me["name"] == "me" and me["is_default"] is True
    acme("person", "add", "Ana", "--capacity", "32h", "--cost-rate", "45", "--rate", "90")
    people = {p["name"]: p for p in acme.json("person", "list")}
    assert people["Ana"]["capacity_seconds"] == 32 * 3600
    assert people["Ana"]["cost_rate"] == "45.00"
    acme("person", "edit", "Ana", "--capacity", "40", "--default")
    people = {p["name"]: p for p in acme.json("person", "list")}
    assert people["Ana"]["is_default"] and not people["me"]["is_default"]
    acme("log", "1h", "acme-web", "--person", "me")
    acme("log", "2h", "acme-web")  # default person is now Ana
    by_person = {e["person"]: e["seconds"] for e in acme.json("entries")}
    assert by_person == {"me": 3600, "Ana": 7200}
    assert len(acme.json("entries", "--person", "ana")) == 1
    assert "default person" in acme.fail("person", "edit", "Ana", "--archive")
    assert "exists" in acme.fail("person", "add", "ana")


def test_init_writes_config_and_config_commands(psa: Psa) -> None:
    psa("init", "--name", "Jane", "--iban", "DE89370400440532013000", "--currency", "usd",
        "--me", "Jane")  # fmt: skip
    assert psa("config", "get", "business.iban").stdout.strip() == "DE89 3704 0044 0532 0130 00"
    assert psa("config", "get", "business.currency").stdout.strip() == "USD"
    assert psa.json("person", "list")[0]["name"] == "Jane"
    psa("config", "set", "rounding.mode", "up")
    psa("config", "set", "rounding.minutes", "15")
    settings = psa.json("config", "list")
    assert settings["rounding.mode"] == "up" and settings["rounding.minutes"] == 15
    assert "did you mean rounding.mode" in psa.fail("config", "set", "rounding.mod", "up", code=2)
    assert "not one of" in psa.fail("config", "set", "rounding.mode", "sideways", code=2)
    assert "check digits" in psa.fail("config", "set", "business.iban", "DE89370400440532013001",
                                      code=2)  # fmt: skip
    psa("config", "unset", "rounding.mode")
    assert psa("config", "get", "rounding.mode").stdout.strip() == "none"
    assert psa("config", "path").stdout.strip().endswith("config.toml")


def test_bad_toml_is_refused_cleanly(psa: Psa, tmp_path: object) -> None:
    import os
    from pathlib import Path

    path = Path(os.environ["PSA_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[business\nname = 1")
    assert "not valid TOML" in psa.fail("config", "list", code=2)
    path.write_text('[business]\nnmae = "x"\n')
    assert "unknown config key 'business.nmae'" in psa.fail("status", code=2)
