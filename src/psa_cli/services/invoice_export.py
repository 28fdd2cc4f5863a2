"""`psa invoice export`: render the invoice document and write it safely.

Every format is rendered from the same document (services.invoice_document),
so totals agree to the cent everywhere. Files are created 0600 and never
overwrite an existing file without `force`. The renderers (WeasyPrint, lxml,
factur-x) are imported only here, only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.services import invoices
from psa_cli.services.ledger import Ledger
from psa_cli.services.private_files import exists_refusal, write_private

FORMATS = ("json", "csv", "md", "html", "pdf", "facturx", "cii", "ubl")
_SUFFIX = {"json": ".json", "csv": ".csv", "md": ".md", "html": ".html", "pdf": ".pdf",
           "facturx": "-facturx.pdf", "cii": "-cii.xml", "ubl": "-ubl.xml"}  # fmt: skip
TEXT = ("json", "csv", "md")


@dataclass
class Exported:
    fmt: str
    path: Path | None
    content: bytes


def _renderer(fmt: str) -> Callable[[dict[str, Any]], bytes]:
    from psa_cli.formats import invoice_text

    if fmt == "json":
        return lambda doc: invoice_text.render_json(doc).encode()
    if fmt == "csv":
        return lambda doc: invoice_text.render_csv(doc).encode()
    if fmt == "md":
        return lambda doc: invoice_text.render_markdown(doc).encode()
    if fmt == "html":
        from psa_cli.formats.invoice_html import render_html

        return lambda doc: render_html(doc).encode()
    if fmt == "pdf":
        from psa_cli.formats.invoice_pdf import render_pdf

        return render_pdf
    if fmt == "facturx":
        from psa_cli.formats.invoice_pdf import render_facturx

        return render_facturx
    if fmt == "cii":
        from psa_cli.formats.cii import render_cii

        return render_cii
    from psa_cli.formats.ubl import render_ubl

    return render_ubl


def _check_einvoice(doc: dict[str, Any], fmt: str) -> None:
    from psa_cli.formats.einvoice_check import missing_fields

    gaps = missing_fields(doc)
    if gaps:
        more = f" (and {len(gaps) - 1} more)" if len(gaps) > 1 else ""
        raise Refused(f"cannot write a valid {fmt} e-invoice: missing {gaps[0]}{more}; "
                      f"see 'psa invoice check {doc['number'] or doc['id']}'")  # fmt: skip


_SELLER_KEYS = {"country": "business.country", "address": "business.address",
                "tax_id": "business.tax_id", "iban": "business.iban", "name": "business.name",
                "legal_id": "business.legal_id"}  # fmt: skip


def fix_hint(gap: str, doc: dict[str, Any]) -> str:
    """The command that supplies a missing field (for drafts, whose parties are live)."""
    field = gap.split(":", 1)[0]
    role, _, key = field.partition(".")
    if role == "seller" and key in _SELLER_KEYS:
        return f"psa config set {_SELLER_KEYS[key]} ..."
    if role == "buyer":
        option = {"address": "address", "country": "country", "tax_id": "tax-id"}.get(key, key)
        return f"psa client edit {doc['buyer']['code']} --{option} ..."
    return ""


def missing_for_einvoice(ledger: Ledger, text: str) -> list[str]:
    """Missing fields, each with the command that fixes it while the invoice is a draft."""
    from psa_cli.formats.einvoice_check import missing_fields

    doc = invoices.show(ledger, text)
    out = []
    for gap in missing_fields(doc):
        hint = fix_hint(gap, doc) if doc["status"] in ("draft", "preview") else ""
        out.append(f"{gap} -> {hint}" if hint else gap)
    return out


def validate(fmt: str, content: bytes) -> list[str]:
    from psa_cli.formats import einvoice_check

    if fmt == "ubl":
        return einvoice_check.validate_ubl(content)
    if fmt == "cii":
        return einvoice_check.validate_cii(content)
    if fmt == "facturx":
        from facturx import get_xml_from_pdf

        _, xml = get_xml_from_pdf(content, check_xsd=False)
        return einvoice_check.validate_cii(xml)
    return []


def _check_target(ledger: Ledger, path: Path, force: bool) -> None:
    """Refuse before anything is written: the ledger itself, a folder, an existing file."""
    if path.exists() and path.resolve() == ledger.path.resolve():
        raise Refused(f"{path} is the ledger itself: choose another file")
    if path.is_dir():
        raise Refused(f"{path} is a folder: give a file name, or use --to all for a folder")
    if path.exists() and not force:
        raise exists_refusal(path)


def export(
    ledger: Ledger,
    text: str,
    to: str,
    output: str | None,
    *,
    force: bool = False,
    check: bool = False,
) -> list[Exported]:
    """Render invoice `text` as `to` (a format or 'all'); write files unless stdout fits."""
    wanted = FORMATS if to == "all" else (to,)
    if to != "all" and to not in FORMATS:
        raise InvalidInput(f"unknown export format '{to}': use {', '.join(FORMATS)} or all")
    doc = invoices.show(ledger, text)
    stem = doc["number"] or f"draft-{doc['id']}"
    for fmt in wanted:
        if fmt in ("facturx", "cii", "ubl"):
            _check_einvoice(doc, fmt)
    target = Path(output).expanduser() if output else None
    many = len(wanted) > 1
    if many and target is not None and target.exists() and not target.is_dir():
        raise InvalidInput("--to all writes several files: give -o a folder")
    results: list[Exported] = []
    for fmt in wanted:
        content = _renderer(fmt)(doc)
        if check:
            failed = validate(fmt, content)
            if failed:
                raise Refused(f"the generated {fmt} fails EN 16931 validation: {failed[0]}")
        if target is None and fmt in TEXT and not many:
            results.append(Exported(fmt, None, content))
            continue
        folder = target if (many or (target is not None and target.is_dir())) else None
        if folder is not None:
            path = folder / f"{stem}{_SUFFIX[fmt]}"
        elif target is not None:
            path = target
        else:
            path = Path.cwd() / f"{stem}{_SUFFIX[fmt]}"
        results.append(Exported(fmt, path, content))
    for item in results:  # all rendered and every target vetted: only now touch the disk
        if item.path is not None:
            _check_target(ledger, item.path, force)
    for item in results:
        if item.path is not None:
            write_private(item.path, item.content, force=force, make_parent=True)
    return results
