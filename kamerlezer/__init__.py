"""The command line of kamerlezer: a thin layer over store/ (and, with no subcommand, the reader)."""

PROG = "kamerlezer"  # the program name, in every message and usage line
