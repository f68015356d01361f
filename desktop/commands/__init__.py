"""Sub-commands of `socds`, one module each, discovered by desktop.cli.

A module defines `register(subparsers, common)` which adds its parser (with `parents=[common]` for `--db`) and
sets `func` to a function taking the parsed args and returning the exit code.
"""
