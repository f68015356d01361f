"""PyInstaller entry point: the bundled program is the `socds` command."""
import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
