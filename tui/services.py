"""What the screens use from store/: the library and the user's data, once they are open.

The app opens both in a worker at start-up (the cache may need importing or rebuilding) and
fills this in; screens read it. Until then both are None.
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
