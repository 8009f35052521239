"""careprint command line: see README.md or run `python generate.py --help`."""
import sys

from careprint.cli import main

if __name__ == "__main__":
    sys.exit(main())
