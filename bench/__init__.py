"""Speed of the consultation bot, end to end, on SQLite and PostgreSQL, with one worker
process and with several, against a peer written the way PTB's examples teach (`bench.peer`)
and a bare echo bot, over the same updates.

Run with `make bench` (or `python -m bench --help`); speed is measured here, never in tests.
"""
