import sys

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # Intake's worker processes (spawn) start from the program that made them; in a frozen build
        # freeze_support() runs such a worker instead of the app. From source it does nothing, and importing
        # multiprocessing costs the GUI's start ~5 ms, so only a frozen build imports it here.
        import multiprocessing

        multiprocessing.freeze_support()
    from desktop.cli import main

    raise SystemExit(main())
