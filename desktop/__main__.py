import multiprocessing

if __name__ == "__main__":
    # Intake's worker processes (spawn) start from the program that made them; freeze_support() lets a frozen
    # build run such a worker instead of the app (a no-op otherwise).
    multiprocessing.freeze_support()
    from desktop.cli import main

    raise SystemExit(main())
