"""``python -m coopsearch``: the same command line as ``coopsearch``."""

import sys

from coopsearch.cli import main

sys.exit(main())
