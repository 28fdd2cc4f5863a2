"""The Textual TUI (`psa tui`): imported only by that command, never at CLI start-up."""
