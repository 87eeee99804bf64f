"""`python -m bot …` — see bot/cli/main.py for the commands."""

import gc
import sys

# Start-up makes about a million objects that live as long as the process (modules, tables,
# the message catalogue); the collector would scan them again and again while they are made
# (~0.1 s) and free nothing. It is turned back on, with those objects frozen out of its
# scans, once the command is ready to work (bot/startup.py).
gc.disable()

from bot.cli.main import main  # noqa: E402

sys.exit(main())
