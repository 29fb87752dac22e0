"""The command line of kamerlezer: a thin layer over store/ (and, with no subcommand, the reader)."""
