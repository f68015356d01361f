#!/bin/sh
# Install the unpacked Linux bundle for the current user (no root): program in ~/.local/opt/socds,
# command in ~/.local/bin, menu entry and icon. Run from the unpacked folder: ./install-linux.sh
# Remove: ./install-linux.sh --uninstall (your data in ~/.local/share/socds stays).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/socds"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt" "$HOME/.local/bin/socds" "$prefix/applications/socds.desktop" "$prefix/icons/hicolor/256x256/apps/socds.png"
  echo "Đã gỡ Sổ CĐS. Dữ liệu của bạn trong $prefix/socds vẫn được giữ."
  exit 0
fi
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$prefix/applications" "$prefix/icons/hicolor/256x256/apps"
if [ "$here" != "$opt" ]; then rm -rf "$opt"; cp -a "$here" "$opt"; fi
ln -sf "$opt/socds" "$HOME/.local/bin/socds"
cp "$opt/_internal/resources/icons/socds-256.png" "$prefix/icons/hicolor/256x256/apps/socds.png"
sed "s|^Exec=socds|Exec=$opt/socds|; s|^TryExec=socds|TryExec=$opt/socds|" "$opt/socds.desktop" \
  > "$prefix/applications/socds.desktop"
echo "Đã cài Sổ CĐS vào $opt. Mở từ menu ứng dụng, hoặc gõ: socds"
# The bundle takes base libraries from the system (X11, OpenGL, fontconfig, OpenSSL 3, CUPS...: docs/packaging.md).
# Name any that this system lacks, with the Debian/Ubuntu packages that usually bring them.
if command -v ldd >/dev/null 2>&1; then
  missing=$(find "$opt/_internal" -type f -name '*.so*' -exec env LD_LIBRARY_PATH="$opt/_internal" ldd {} + \
    2>/dev/null | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
  if [ -n "$missing" ]; then
    echo "Cảnh báo: máy này thiếu thư viện hệ thống: $missing"
    echo "Trên Debian/Ubuntu, hãy cài (ví dụ): sudo apt install libssl3 libcups2 libegl1 libgl1 libxkbcommon0 \\"
    echo "  libfontconfig1 libdbus-1-3 libglib2.0-0 libx11-xcb1 — rồi mở lại Sổ CĐS."
  fi
fi
