"""`python -m app`: the same as the `kongtun` command."""

import sys

from app.cli import main

sys.exit(main())
