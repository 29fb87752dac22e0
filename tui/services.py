"""The app's record of what it opened from store/: the library and the user's data.

The app opens both in a worker at start-up (the cache may need importing or rebuilding) and
fills this in once the main screen, which is made with both in hand, is mounted. Until then
both are None, and the app's actions that need them are disabled (`KamerlezerApp.check_action`);
the screens never see None: they are given the library and the user's data when made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.library import Library
    from store.userdata import UserData


@dataclass
class Services:
    cache_dir: Path
    library: Library | None = None
    userdata: UserData | None = None
