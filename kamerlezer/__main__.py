"""`python -m kamerlezer`: the same as the `kamerlezer` command."""

from kamerlezer.cli import main

raise SystemExit(main())
