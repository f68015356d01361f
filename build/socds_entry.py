"""PyInstaller entry point: the bundled program is the `socds` command."""
import sys

if __name__ == "__main__":
    from desktop.cli import main

    sys.exit(main())
