# Shell functions the ops scripts share; sourced, never run:
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

log() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs Debian packages with apt-get (through sudo when not root); `apt-get update`
# runs once per script.
ops_apt_updated=0
install_packages() {
    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || fail "installing $* needs root (or sudo)"
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 || fail "apt-get not found; install manually: $*"
    if [[ "$ops_apt_updated" -eq 0 ]]; then
        log "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        ops_apt_updated=1
    fi
    log "apt-get install $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# A free loopback TCP port.
free_port() {
    python3 - <<'PY' 2>/dev/null && return
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
    # No python: a random high port that nothing answers on.
    local port
    for _ in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    fail "no free loopback port found"
}

# Closes every descriptor above stderr in the current (sub)shell: a server started from
# it must not inherit a caller's descriptors (Foundation's `Process` waits for its own to
# close before it reports the script's exit).
close_inherited_fds() {
    local fd
    for fd in $(ls /proc/$BASHPID/fd 2>/dev/null); do
        if [[ "$fd" -gt 2 ]]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

# Builds the release binary `.build/release/falachefe` the way the server is run and
# measured: the Swift runtime and Foundation linked in statically (Package.swift adds lld,
# packed relocations and no exported symbols on Linux). README (Benchmark, "Memory") says what each saves.
build_release() {
    swift build -c release --static-swift-stdlib --product falachefe
}
