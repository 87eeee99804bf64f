"""`python -m bot …` — see bot/cli/main.py for the commands."""

import sys

from bot.cli.main import main

sys.exit(main())
