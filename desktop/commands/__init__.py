"""Sub-commands of `socds`, one module each, discovered by desktop.cli.

A module defines `register(subparsers, common)` which adds its parser (with `parents=[common]` for `--db`) and
sets `func` to a function taking the parsed args and returning the exit code.

`socds` imports every command module to build its parser, the GUI's start included: a command module imports the
heavy libraries it needs (openpyxl, cryptography, pyHanko, reportlab, and the core modules that load them) inside
its `func`, not at its top.
"""
