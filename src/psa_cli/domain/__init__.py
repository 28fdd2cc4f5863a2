"""Pure domain code: money, durations, dates, settings, errors. No I/O here."""
