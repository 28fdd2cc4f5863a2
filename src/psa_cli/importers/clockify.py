"""Clockify detailed CSV: `Project,Client,Description,Task,User,Group,Email,Tags,Billable,
Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),
Billable Amount (USD)`. Headers and date formats follow the user's locale: the English,
German, French and Spanish spellings are known; `--day-first` reads 02/11/2026 as 2 November."""

from __future__ import annotations

from pathlib import Path

from psa_cli.importers.csv_source import Header, read_csv, tracker_row
from psa_cli.importers.records import Parsed, ReadOptions, SourceRow

ALIASES: dict[str, tuple[str, ...]] = {
    "project": ("projekt", "projet", "proyecto"),
    "client": ("kunde", "cliente"),
    "description": ("beschreibung", "descripción", "descripcion"),
    "task": ("aufgabe", "tâche", "tache", "tarea"),
    "user": ("benutzer", "utilisateur", "usuario"),
    "email": ("e-mail", "correo electrónico"),
    "tags": ("tag", "étiquettes", "etiquetas", "schlagwörter"),
    "billable": ("abrechenbar", "facturable"),
    "start date": ("startdatum", "date de début", "fecha de inicio"),
    "start time": ("startzeit", "heure de début", "hora de inicio"),
    "end date": ("enddatum", "date de fin", "fecha de finalización", "fecha de fin"),
    "end time": ("endzeit", "heure de fin", "hora de finalización", "hora de fin"),
    "duration (h)": ("dauer (h)", "durée (h)", "duración (h)"),
    "duration (decimal)": ("dauer (dezimal)", "durée (décimale)", "duración (decimal)"),
}
REQUIRED = ("project", "start date", "start time")


def _row(h: Header, cells: list[str], opts: ReadOptions) -> SourceRow:
    return tracker_row(h, cells, opts, ("duration (h)", "duration (decimal)"))


def read(path: Path, opts: ReadOptions) -> Parsed:
    return read_csv(path, opts, aliases=ALIASES, required=REQUIRED, tool="Clockify", build=_row)
