"""Flask CLI commands, one module per area (``app/cli/<area>.py``); each command parses options,
calls one service and turns a ServiceError into a clear message. Modules are found automatically:
every ``click.Command`` defined at the top level of a module here is registered."""

from __future__ import annotations

import importlib
import pkgutil

import click
from flask import Flask


def register_commands(app: Flask) -> None:
    import app.cli as cli

    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"app.cli.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, click.Command):
                continue
            if getattr(value.callback, "__module__", None) == module.__name__:
                app.cli.add_command(value)
