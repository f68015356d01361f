"""`socds demo --db PATH`: create the demo school."""
from __future__ import annotations

from desktop.core.demo import build_demo
from desktop.core.paths import user_data_dir


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="tạo dữ liệu mẫu của một trường THCS để dùng thử")
    p.set_defaults(func=run)


def run(args) -> int:
    path = args.db or str(user_data_dir() / "demo.db")
    build_demo(path)
    print(f"Đã tạo dữ liệu mẫu: {path}")
    return 0
