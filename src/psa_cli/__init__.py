"""psa — terminal-first Professional Services Automation."""

__version__ = "0.1.0"
