"""Flask CLI commands, one module per area; each parses options and calls one service."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from app.cli import demo, users

    app.cli.add_command(users.create_user)
    app.cli.add_command(demo.seed_demo)
