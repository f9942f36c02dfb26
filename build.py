#!/usr/bin/env python3
"""Build the guidance pack into site/ (see README.md). The work is done by the guidepack package."""

import sys

from guidepack.cli import main

if __name__ == "__main__":
    sys.exit(main())
