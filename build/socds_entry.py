"""PyInstaller entry point: the bundled program is the `socds` command."""
import multiprocessing
import sys

if __name__ == "__main__":
    # A worker of a multiprocessing pool (spawn) starts as this same program: freeze_support() runs the worker and
    # exits before anything of the app is imported.
    multiprocessing.freeze_support()
    from desktop.cli import main

    sys.exit(main())
