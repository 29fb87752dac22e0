"""The errors store/ raises on bad input. Each names the file and the problem in one line."""

from __future__ import annotations


class KamerlezerError(Exception):
    """Base of the errors a user may see; str() is the one-line message."""


class ParseError(KamerlezerError):
    """A file that cannot be read as a parliamentary document (empty, binary, too large, ...).

    This is the only exception parsing raises on bad input.
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
