"""The passes of the parsing pipeline: small pure functions over a `Reading`
(store/parsing/reading.py), each tested on its own; families declare which run in which role."""
