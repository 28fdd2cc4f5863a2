"""Properties of the invoice lifecycle over random sequences of operations.

No entry is ever on two live invoices, voiding releases exactly what the invoice locked,
numbers stay gapless, and `psa db check` finds nothing wrong — whatever the order of
drafts, issues, voids, deletions and credit notes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psa_cli.domain.errors import PsaError
from psa_cli.services import invoices, maintenance, timer
from psa_cli.services.clients import ClientFields, add_client
from psa_cli.services.config import Config
from psa_cli.services.invoicing import DraftRequest
from psa_cli.services.ledger import Ledger
from psa_cli.services.projects import ProjectFields, add_project
from psa_cli.store.db import connect

ops = st.lists(
    st.one_of(
        st.tuples(st.just("log"), st.integers(1, 20), st.integers(1, 8)),
        st.tuples(st.just("draft"), st.integers(1, 20), st.integers(0, 10)),
        st.tuples(st.just("issue"), st.integers(1, 6)),
        st.tuples(st.just("void"), st.integers(1, 6)),
        st.tuples(st.just("delete"), st.integers(1, 6)),
        st.tuples(st.just("credit"), st.integers(1, 6)),
    ),
    min_size=3,
    max_size=18,
)


def _entries_by_invoice(ledger: Ledger) -> dict[int, set[int]]:
    held: dict[int, set[int]] = {}
    for entry_id, invoice_id in ledger.conn.execute(
        "SELECT id, invoice_id FROM time_entries WHERE invoice_id IS NOT NULL"
    ):
        held.setdefault(invoice_id, set()).add(entry_id)
    return held


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_lifecycle_invariants(operations: list[tuple[int | str, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # PSA_NOW and PSA_TZ come from the autouse fixture in tests/conftest.py
        ledger = Ledger(Path(tmp) / "l.db", Config(Path(tmp) / "c.toml"))
        connect(ledger.path).close()
        add_client(ledger, ClientFields(name="ACME", code="acme", rate="100", tax_rate="20"))
        add_project(ledger, "acme", ProjectFields(name="Web", code="web", billing="hourly"))
        for op in operations:
            kind = op[0]
            try:
                if kind == "log":
                    timer.log(ledger, f"{op[2]}h", "web", date=f"2026-11-{op[1]:02d}")
                elif kind == "draft":
                    start = int(op[1])
                    end = min(20, start + int(op[2]))
                    invoices.create(ledger, DraftRequest("acme", date_from=f"2026-11-{start:02d}",
                                                         date_to=f"2026-11-{end:02d}"))  # fmt: skip
                elif kind == "issue":
                    invoices.issue(ledger, str(op[1]))
                elif kind == "void":
                    before = _entries_by_invoice(ledger)
                    invoices.void(ledger, str(op[1]))
                    after = _entries_by_invoice(ledger)
                    assert int(op[1]) not in after  # released everything it held
                    assert {k: v for k, v in before.items() if k != int(op[1])} == after
                elif kind == "delete":
                    invoices.delete(ledger, str(op[1]))
                elif kind == "credit":
                    invoices.credit(ledger, str(op[1]))
            except PsaError:
                pass  # refused operations are part of the game; they must change nothing
            held = _entries_by_invoice(ledger)
            all_held = [e for ids in held.values() for e in ids]
            assert len(all_held) == len(set(all_held))  # never on two invoices
            statuses = dict(ledger.conn.execute("SELECT id, status FROM invoices"))
            assert all(statuses[i] in ("draft", "issued") for i in held)
            report = maintenance.check(ledger)
            assert report.ok, report.problems
        ledger.close()
