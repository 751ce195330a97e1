"""Speed of the consultation bot, end to end, on SQLite and PostgreSQL, with one worker
process and with several, against a bare echo bot.

Run with `make bench` (or `python -m bench --help`); speed is measured here, never in tests.
"""
