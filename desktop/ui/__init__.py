"""The Qt layer: windows, dialogs and widgets. Thin: every rule lives in desktop.core."""
