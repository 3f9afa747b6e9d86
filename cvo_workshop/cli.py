"""The `cvo-workshop` command. Textual and reportlab are imported only inside
the commands that need them, and a command's module only when it runs:
start-up time is a feature."""

from __future__ import annotations

import importlib
import sys

import click

from cvo_workshop import __version__
from cvo_workshop.engine.text import one_line
from cvo_workshop.model.problem import InputError


def report(error: InputError) -> None:
    """Print every problem, one a line, then how many (advice lines not counted).
    File names, keys and values in them come from files: shown literally, a line
    break in a key too (it would make a line that reads as another problem)."""
    for problem in error.problems:
        click.echo(one_line(problem), err=True)
    n = sum(not p.advice for p in error.problems)
    if n > 1:
        click.echo(f"{n} problems found.", err=True)


#: Each command group, by name, and the module that defines it (under the same name).
COMMANDS = ("assess", "backlog", "cohorts", "deck", "demo", "workshop")


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module = importlib.import_module(f"cvo_workshop.commands.{cmd_name}")
        command: click.Command = getattr(module, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InputError as e:
            report(e)
            ctx.exit(1)
        except KeyboardInterrupt:
            # click would print "Aborted!" and exit 1, which a script cannot
            # tell from a user mistake; 130 is the shell's code for Ctrl-C.
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="cvo-workshop")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Progressive-personalization workshops in the terminal.

    Run with no command to open the app's home screen.
    """
    if ctx.invoked_subcommand is None:
        from cvo_workshop.tui.app import WorkshopApp

        app = WorkshopApp.home()
        app.run()
        app.report()


def main() -> None:
    try:
        cli.main(prog_name="cvo-workshop")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
