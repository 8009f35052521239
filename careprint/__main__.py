"""``python -m careprint``: the same command line as ``python generate.py``."""

import sys

from careprint.cli import main

if __name__ == "__main__":
    sys.exit(main())
