"""Speed of the consultation bot, end to end in one process, against a bare echo bot.

Run with `make bench` (or `python -m bench --help`); speed is measured here, never in tests.
"""
