if __name__ == "__main__":
    from desktop.cli import main

    raise SystemExit(main())
