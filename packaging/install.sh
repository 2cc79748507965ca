#!/usr/bin/env bash
# Install the bundle built by packaging/build.sh for the current user (or under --prefix), with its menu entry,
# icons and AppStream metadata, the way a desktop expects them:
#
#   packaging/install.sh                 # into ~/.local (no root needed)
#   sudo packaging/install.sh --prefix /usr/local
#   packaging/install.sh --uninstall     # remove what it installed (same --prefix)
#
# Layout: PREFIX/lib/k8s-explorer/ (the bundle), PREFIX/bin/k8s-explorer (a symlink),
# PREFIX/share/applications/k8s-explorer.desktop, PREFIX/share/icons/hicolor/{SIZE}/apps/io.github.k8s_explorer.png
# (+ scalable SVG), PREFIX/share/metainfo/io.github.k8s_explorer.metainfo.xml.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=$HOME/.local
UNINSTALL=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX=$2; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        *) echo "usage: packaging/install.sh [--prefix DIR] [--uninstall]" >&2; exit 2 ;;
    esac
done
ID=io.github.k8s_explorer
SIZES="16 24 32 48 64 128 256 512"
SHARE=$PREFIX/share

if [ "$UNINSTALL" = 1 ]; then
    rm -rf "$PREFIX/lib/k8s-explorer" "$PREFIX/bin/k8s-explorer" "$SHARE/applications/k8s-explorer.desktop" \
           "$SHARE/metainfo/$ID.metainfo.xml" "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
    for s in $SIZES; do rm -f "$SHARE/icons/hicolor/${s}x${s}/apps/$ID.png"; done
    echo "removed k8s-explorer from $PREFIX"
    exit 0
fi

[ -x dist/k8s-explorer/k8s-explorer ] || { echo "no bundle: run packaging/build.sh first" >&2; exit 1; }
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" "$SHARE/icons/hicolor/scalable/apps"
rm -rf "$PREFIX/lib/k8s-explorer"
cp -a dist/k8s-explorer "$PREFIX/lib/k8s-explorer"
ln -sfn "$PREFIX/lib/k8s-explorer/k8s-explorer" "$PREFIX/bin/k8s-explorer"
install -m 644 packaging/k8s-explorer.desktop "$SHARE/applications/k8s-explorer.desktop"
install -m 644 packaging/$ID.metainfo.xml "$SHARE/metainfo/$ID.metainfo.xml"
install -m 644 resources/app/k8s-explorer.svg "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
for s in $SIZES; do
    install -D -m 644 "resources/app/k8s-explorer-$s.png" "$SHARE/icons/hicolor/${s}x${s}/apps/$ID.png"
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "installed k8s-explorer $("$PREFIX/bin/k8s-explorer" --version | cut -d' ' -f2) into $PREFIX"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "note: add $PREFIX/bin to PATH to run k8s-explorer from a shell" ;; esac
