"""The domain of Sổ CĐS. Nothing under this package may import Qt: it runs and is tested headless."""
