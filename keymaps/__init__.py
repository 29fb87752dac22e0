"""Key maps of the reader, as TOML data files. Data only."""
