"""`flask --app app hotspots refresh`: refresh the hotspot analysis now (the nightly job does the same)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from extensions import db

hotspots_command = AppGroup("hotspots", help="Hotspot analysis of cases.")


@hotspots_command.command("refresh")
def refresh_command() -> None:
    """Group the last 90 days' cases, flag surges and find near-duplicates."""
    from petitions.hotspots.refresh import refresh

    state = refresh()
    db.session.commit()
    click.echo(f"{state.cases_in_window} cases in the window ({state.cases_analysed} analysed now), "
               f"{state.hotspots} hotspots, {state.surges} surging, {state.duplicate_pairs} near-duplicate "
               f"pairs, in {state.refresh_seconds:.1f} s.")
