"""Located problems in user input, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, as `path:line:col: field: message`."""

    path: str
    message: str
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    field: str = ""
    #: Advice after the problems ("the file is unchanged; ..."), not one more problem.
    advice: bool = False

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        said = f"{self.field}: {self.message}" if self.field else self.message
        # A problem with the command, not a file (an option's value), has no place to name.
        return f"{where}: {said}" if where else said


class InputError(Exception):
    """Raised for a user mistake: the CLI prints the problems and exits 1."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) if p.path else p.message for p in problems))
