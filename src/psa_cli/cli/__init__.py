"""The Typer front end: thin commands that parse, call one service, render."""
