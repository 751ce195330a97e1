"""`python -m bot` is the same as the `cyberbot` command."""

from bot.cli import main

raise SystemExit(main())
