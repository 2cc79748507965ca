#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/k8s-explorer/ with PyInstaller, then smoke-test it.
#
#   packaging/build.sh            # build + smoke test (exit 0 only when every check passes)
#   packaging/build.sh --test     # smoke-test an existing dist/k8s-explorer/ without rebuilding
#
# It creates its own virtual environment (build/pyinstaller-venv, reused on later runs) with Python 3.12+,
# installs the project (not editable) and PyInstaller from PyPI, and runs packaging/k8s-explorer.spec.
# Needs: Python 3.12+ built with a shared libpython (pyenv and distro Pythons are), network access to PyPI.
# The smoke tests run offscreen (QT_QPA_PLATFORM=offscreen), so no display is needed. See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${K8S_EXPLORER_BUILD_VENV:-build/pyinstaller-venv}   # override to build in another venv
DIST=dist/k8s-explorer
BIN=$DIST/k8s-explorer
SMOKE_DIR=build/smoke

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'build.sh: FAILED: %s\n' "$*" >&2; exit 1; }

find_python() {
    local c
    for c in python3.13 python3.12 python3 \
             "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
        if [ -x "$c" ] || command -v "$c" >/dev/null 2>&1; then
            if "$c" -c 'import sys, sysconfig; sys.exit(0 if sys.version_info >= (3, 12) and sysconfig.get_config_var("Py_ENABLE_SHARED") else 1)' >/dev/null 2>&1; then
                echo "$c"; return 0
            fi
        fi
    done
    return 1
}

build() {
    if [ ! -x "$VENV/bin/python" ]; then
        local py
        py=$(find_python) || fail "needs Python 3.12 or newer with a shared libpython (PyInstaller requires it)"
        log "creating the build venv $VENV with $py"
        "$py" -m venv "$VENV"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    fi
    log "installing the project and PyInstaller into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pyinstaller>=6.10" "$ROOT"
    log "running PyInstaller"
    rm -rf "$DIST"
    "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath dist --workpath build/pyinstaller packaging/k8s-explorer.spec
    [ -x "$BIN" ] || fail "PyInstaller did not produce $BIN"
}

smoke_test() {
    [ -x "$BIN" ] || fail "$BIN does not exist; run packaging/build.sh first"
    export QT_QPA_PLATFORM=offscreen
    # Run from an unrelated directory with a throwaway HOME: the bundle must not lean on the source tree,
    # the developer's settings or a cached catalogue.
    rm -rf "$SMOKE_DIR"; mkdir -p "$SMOKE_DIR/home"
    local bin_abs=$ROOT/$BIN
    local tmp=$ROOT/$SMOKE_DIR

    log "smoke test: --version matches the source tree"
    local want got
    want="k8s-explorer $(sed -n 's/^__version__ = "\(.*\)"$/\1/p' explorer/__init__.py)"
    got=$(cd "$tmp" && HOME="$tmp/home" "$bin_abs" --version)
    [ "$got" = "$want" ] || fail "bundle says '$got', source tree says '$want'"
    echo "ok: $got"

    log "smoke test: write the example cluster, export its manifests"
    (cd "$tmp" && HOME="$tmp/home" "$bin_abs" example -o example.yaml) \
        || fail "'k8s-explorer example -o example.yaml' exited $?"
    (cd "$tmp" && HOME="$tmp/home" "$bin_abs" export example.yaml -o manifests.yaml --manifests) \
        || fail "'k8s-explorer export example.yaml -o manifests.yaml --manifests' exited $?"
    grep -q '^kind: Deployment' "$tmp/manifests.yaml" || fail "exported manifests have no Deployment"
    grep -q '^kind: Ingress$' "$tmp/manifests.yaml" || fail "exported manifests have no Ingress"
    echo "ok: exported $(grep -c '^kind:' "$tmp/manifests.yaml") manifests"

    log "smoke test: validate the example cluster"
    (cd "$tmp" && HOME="$tmp/home" "$bin_abs" validate example.yaml) || fail "'k8s-explorer validate' exited $?"

    log "smoke test: the fast reader's parse child (the bundle started with --k8s-explorer-parse-child)"
    local frames digest
    digest=$(sed -n 2p "$tmp/example.yaml" | cut -d' ' -f3)
    frames=$("$bin_abs" --k8s-explorer-parse-child 200 4194304 "$digest" "$tmp/example.yaml" | od -An -v -tx1 \
             | tr -d ' \n') || fail "the parse child exited $?"
    [ "${frames:0:2}" = "4a" ] || fail "the parse child did not start with a chunk of documents"
    [ "${frames: -28:10}" = "2073616665" ] || fail "the parse child did not find the file safe (its verdict)"
    [ "${frames: -18}" = "450000000000000000" ] || fail "the parse child did not end with its end frame"
    echo "ok: parse child answered with $(( ${#frames} / 2 )) bytes of frames"

    log "smoke test: simulate the example cluster for 60 s"
    local sim
    sim=$(cd "$tmp" && HOME="$tmp/home" "$bin_abs" simulate example.yaml --until 60) \
        || fail "'k8s-explorer simulate example.yaml --until 60' exited $?"
    grep -q ' Scheduled ' <<<"$sim" || fail "the simulation scheduled no pod"
    echo "ok: $(grep -c ' Scheduled ' <<<"$sim") pods scheduled; $(grep -m1 'Pods:' <<<"$sim" | xargs)"

    log "smoke test: open the app headless on the example cluster (English and Spanish)"
    (cd "$tmp" && HOME="$tmp/home" "$bin_abs" --smoke-test) || fail "--smoke-test failed"
    (cd "$tmp" && HOME="$tmp/home" K8S_EXPLORER_LANGUAGE=es "$bin_abs" --smoke-test --open example.yaml) \
        || fail "--smoke-test in Spanish on example.yaml failed"

    log "bundle OK: $DIST ($(du -sh "$DIST" | cut -f1))"
}

case "${1:-}" in
    --test) smoke_test ;;
    "") build; smoke_test ;;
    *) echo "usage: packaging/build.sh [--test]" >&2; exit 2 ;;
esac
