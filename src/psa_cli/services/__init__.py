"""The core API both front ends call (CLI and TUI). Services own transactions.

Every function takes a `Ledger` (path, config, clock) as its first argument,
opens at most one write transaction, and returns domain records.
"""
