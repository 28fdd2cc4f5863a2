"""Reusable TUI widgets: modal forms, confirmations, the week chart."""
