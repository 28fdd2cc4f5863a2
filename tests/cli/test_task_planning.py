"""Tasks: due days, assignees, status, logged time against the estimate, overdue.

Frozen clock: Thursday 2026-11-26 (Europe/Paris)."""

from __future__ import annotations

from tests.conftest import Psa


def test_task_logged_vs_estimate_and_overdue(acme: Psa) -> None:
    acme("person", "add", "Ana")
    acme("task", "add", "acme-web", "Design", "--estimate", "4h", "--due", "2026-11-25",
         "--assignee", "Ana")  # fmt: skip
    acme("task", "add", "acme-web", "Backend", "--estimate", "3h", "--due", "today",
         "--status", "doing")  # fmt: skip
    acme("task", "add", "acme-web", "Hosting", "--estimate", "45m", "--due", "2026-11-01")
    acme("log", "3h", "acme-web", "--task", "design", "--person", "Ana")
    acme("log", "1h", "acme-web", "--task", "backend")
    acme("log", "1h", "acme-web", "--task", "hosting")
    rows = {t["name"]: t for t in acme.json("task", "list")}
    # 3h of 4h = 75.0 %; 1h of 3h = 33.3 %; 1h of 45m = 133.3 %
    assert {n: (t["logged_seconds"], t["used_percent"], t["overdue"]) for n, t in rows.items()} == {
        "Design": (10800, "75.0", True),  # due yesterday, not done
        "Backend": (3600, "33.3", False),  # due today: not yet overdue
        "Hosting": (3600, "133.3", True),
    }  # fmt: skip
    assert (rows["Design"]["assignee"], rows["Design"]["due"]) == ("Ana", "2026-11-25")
    acme("task", "done", "acme-web", "Hosting")
    assert [t["name"] for t in acme.json("task", "list", "--overdue")] == ["Design"]
    assert [t["name"] for t in acme.json("task", "list", "--assignee", "ana")] == ["Design"]
    assert [t["name"] for t in acme.json("task", "list", "--status", "doing")] == ["Backend"]
    assert [t["name"] for t in acme.json("task", "list", "--project", "acme-web",
                                         "--open")] == ["Backend", "Design"]  # fmt: skip
    table = acme("task", "list").stdout
    assert "OVERDUE" in table and "75.0 %" in table and "133.3 %" in table
    csv = acme("task", "list", "--overdue", "-f", "csv").stdout.splitlines()
    assert csv[0].endswith("due,assignee,logged_seconds,used_percent,overdue")
    assert csv[1].endswith("2026-11-25,Ana,10800,75.0,true")
    shown = acme.json("project", "show", "acme-web")
    assert {t["name"]: t["overdue"] for t in shown["tasks"]}["Design"] is True


def test_task_edit(acme: Psa) -> None:
    acme("person", "add", "Ana")
    acme("task", "add", "acme-web", "Design", "--estimate", "4h")
    [task] = acme.json("task", "edit", "acme-web", "design", "--due", "2026-12-04",
                       "--assignee", "Ana", "--status", "doing", "--estimate", "6h")  # fmt: skip
    assert (task["due"], task["assignee"], task["status"], task["estimate_seconds"]) == (
        "2026-12-04", "Ana", "doing", 6 * 3600,
    )  # fmt: skip
    [task] = acme.json("task", "edit", "acme-web", "Design", "--assignee", "", "--due", "",
                       "--name", "UX design")  # fmt: skip
    assert (task["name"], task["due"], task["assignee"]) == ("UX design", None, None)
    assert "invalid task status 'finished'" in acme.fail(
        "task", "edit", "acme-web", "UX design", "--status", "finished", code=2
    )
    assert "unknown person 'Bob'" in acme.fail(
        "task", "edit", "acme-web", "UX design", "--assignee", "Bob"
    )
    assert "invalid date" in acme.fail(
        "task", "edit", "acme-web", "UX design", "--due", "someday", code=2
    )
    assert "nothing to change" in acme.fail("task", "edit", "acme-web", "UX design", code=2)
    assert "unknown task 'Desing'" in acme.fail("task", "edit", "acme-web", "Desing", "--due",
                                                "today")  # fmt: skip
