from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from app.errors import FieldError, NotFound
from app.extensions import db
from app.models import Role
from app.services import accounts
from app.services.accounts import changes as account_changes
from app.services.inputs import UserInput


@click.command("create-user")
@click.option("--email", required=True, help="Login e-mail (unique).")
@click.option("--name", required=True, help="Full name shown to colleagues.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--city", "city_code", default=None, help="Municipality code of the town, e.g. 140.")
@click.option("--language", default="fi", type=click.Choice(["fi", "sv", "en"]))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user(
    email: str, name: str, role: str, city_code: str | None, language: str, password_stdin: bool
) -> None:
    """Create a staff account (the password is prompted for, or read from standard input)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    data = UserInput(
        email=email, name=name, role=role, city_code=city_code, password=password,
        language=language,
    )
    try:
        user = accounts.create_user(db.session, None, data)
    except FieldError as exc:
        raise click.ClickException(
            "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        ) from exc
    click.echo(f"Created {user.email} ({user.role.value}).")


@click.command("create-token")
@click.option("--email", required=True, help="Whose token: the API acts with this user's rights.")
@click.option("--name", default=None, help="What the token is for (shown in the audit log).")
@with_appcontext
def create_token(email: str, name: str | None) -> None:
    """Issue a JSON API bearer token and print only the token (it is not stored readable)."""
    try:
        token = accounts.create_token(db.session, email, name=name)
    except NotFound as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(token)


@click.command("revoke-token")
@click.option("--email", required=True)
@click.option("--id", "token_id", type=int, default=None, help="One token; all when left out.")
@with_appcontext
def revoke_token(email: str, token_id: int | None) -> None:
    """Revoke a user's API token, or all of their tokens."""
    try:
        count = accounts.revoke_tokens(db.session, email, token_id=token_id)
    except NotFound as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Revoked {count} token(s).")


@click.command("deactivate-user")
@click.option("--email", required=True)
@click.option("--reactivate", is_flag=True, help="Let the account sign in again.")
@with_appcontext
def deactivate_user(email: str, reactivate: bool) -> None:
    """Stop an account from signing in; its sessions end at once."""
    try:
        user = account_changes.set_active(db.session, None, email, reactivate)
    except NotFound as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"{user.email} is {'active' if user.is_active else 'deactivated'}.")


@click.command("set-role")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@with_appcontext
def set_role(email: str, role: str) -> None:
    """Give an account another role; its sessions end, so the new rights apply at next sign-in."""
    try:
        user = account_changes.change_role(db.session, None, email, role)
    except (NotFound, FieldError) as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"{user.email} is now {user.role.value}.")
