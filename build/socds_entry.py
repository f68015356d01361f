"""PyInstaller entry point: the bundled program is the `socds` command."""
import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
