"""What a command works on, and how it refuses.

`library(args)` and `user_data(args)` open what --cache names (else $KAMERLEZER_CACHE, else the
user data directory), with what store/ has to say (a cache rebuilt, a file mended) as a line
on stderr. A command that cannot do what was asked raises CommandError, or any other
KamerlezerError of store/: `main` prints its one line and exits 1.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kamerlezer.plain_output import say
from store.errors import KamerlezerError
from store.library import Library
from store.paths import cache_dir

if TYPE_CHECKING:
    from store.userdata import UserData


class CommandError(KamerlezerError):
    """A command that cannot do what was asked (an unknown number, a place without an anchor): one line, exit 1."""


def library(args: argparse.Namespace, *, lazy: bool = False) -> Library:
    """`lazy`: index.json is read at the first need of the rows (`search` has none)."""
    return Library(args.cache, on_message=say, lazy=lazy)


def user_data(args: argparse.Namespace) -> UserData:
    from store.userdata import UserData  # here: `search` and `show` need none of it

    return UserData.for_cache(cache_dir(args.cache), on_message=say)
