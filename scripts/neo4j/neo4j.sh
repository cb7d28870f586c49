#!/usr/bin/env bash
# Run a real local Neo4j Community 5.26 DBMS (Bolt, auth on) for tests and development,
# without Docker: the jars come from Maven Central into the normal Maven repository (~/.m2).
#
#   scripts/neo4j/neo4j.sh start    # build once (cached), start, wait for an authenticated
#                                   # Bolt round trip, print NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD
#   scripts/neo4j/neo4j.sh stop | status | env | restart | logs | build | reset
#
# Only the env lines go to stdout; everything else goes to stderr.  See README.md here.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"

STATE_DIR="${CONFLICTKG_NEO4J_HOME:-$REPO_ROOT/.neo4j}"
case "$STATE_DIR" in /*) ;; *) STATE_DIR="$PWD/$STATE_DIR" ;; esac
HEAP="${CONFLICTKG_NEO4J_HEAP:-1g}"
PAGECACHE="${CONFLICTKG_NEO4J_PAGECACHE:-512m}"
BOLT_PORT="${CONFLICTKG_NEO4J_BOLT_PORT:-0}"          # 0 = a free port picked by the OS
START_TIMEOUT="${CONFLICTKG_NEO4J_START_TIMEOUT:-120}" # seconds
STOP_TIMEOUT="${CONFLICTKG_NEO4J_STOP_TIMEOUT:-60}"    # seconds before SIGKILL
HOST=127.0.0.1
MAIN_CLASS=org.conflictkg.neo4j.Launcher
BUILD_DIR="$SCRIPT_DIR/target"

PID_FILE="$STATE_DIR/neo4j.pid"
PORT_FILE="$STATE_DIR/port"
ENV_FILE="$STATE_DIR/env"
PASSWORD_FILE="$STATE_DIR/password"
LOG_FILE="$STATE_DIR/neo4j.log"
DBMS_HOME="$STATE_DIR/dbms"
EXTRA_CONF="$STATE_DIR/neo4j.conf"   # optional, neo4j.conf syntax, applied last

say() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# ---------------------------------------------------------------- Java selection
java_major() { # $1 = path to a java executable -> prints e.g. 17
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = *//p' | head -n 1
}

# Neo4j 5.26 supports Java 17 and 21. Candidates, in order: CONFLICTKG_NEO4J_JAVA_HOME (taken
# as is), JAVA_HOME, the java on PATH, then JDKs installed in the usual places.
pick_java() {
    if [[ -n "${CONFLICTKG_NEO4J_JAVA_HOME:-}" ]]; then
        [[ -x "$CONFLICTKG_NEO4J_JAVA_HOME/bin/java" ]] \
            || die "CONFLICTKG_NEO4J_JAVA_HOME=$CONFLICTKG_NEO4J_JAVA_HOME has no bin/java"
        JAVA_HOME_SEL="$CONFLICTKG_NEO4J_JAVA_HOME"
        JAVA_MAJOR="$(java_major "$JAVA_HOME_SEL/bin/java")"
        return
    fi
    local cands=() c on_path
    [[ -n "${JAVA_HOME:-}" ]] && cands+=("$JAVA_HOME")
    if on_path="$(command -v java 2>/dev/null)"; then
        on_path="$(readlink -f "$on_path" 2>/dev/null || echo "$on_path")"
        cands+=("$(dirname "$(dirname "$on_path")")")
    fi
    for c in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
        [[ -d "$c" ]] && cands+=("$c")
    done
    local fallback="" fallback_major="" m
    for c in "${cands[@]}"; do
        [[ -x "$c/bin/java" ]] || continue
        m="$(java_major "$c/bin/java")"
        m="${m#1.}"
        if [[ "$m" == 17 || "$m" == 21 ]]; then
            JAVA_HOME_SEL="$c"; JAVA_MAJOR="$m"; return
        fi
        if [[ -z "$fallback" && "$m" =~ ^[0-9]+$ && "$m" -ge 17 ]]; then
            fallback="$c"; fallback_major="$m"
        fi
    done
    [[ -n "$fallback" ]] || die "no Java 17+ found (Neo4j 5.26 needs Java 17 or 21; set JAVA_HOME)"
    say "warning: no Java 17/21 found; using Java $fallback_major at $fallback (unsupported by Neo4j 5.26)"
    JAVA_HOME_SEL="$fallback"; JAVA_MAJOR="$fallback_major"
}

# ---------------------------------------------------------------- build (cached)
source_stamp() {
    {
        echo "java=$JAVA_HOME_SEL major=$JAVA_MAJOR"
        cat "$SCRIPT_DIR/pom.xml"
        find "$SCRIPT_DIR/src" -type f -name '*.java' | LC_ALL=C sort | xargs cat
    } | cksum | cut -d' ' -f1
}

build_is_current() {
    [[ -f "$BUILD_DIR/.stamp" && -f "$BUILD_DIR/classpath.txt" ]] || return 1
    [[ -f "$BUILD_DIR/classes/${MAIN_CLASS//.//}.class" ]] || return 1
    [[ "$(cat "$BUILD_DIR/.stamp")" == "$(source_stamp)" ]] || return 1
    local jar jars=()
    IFS=: read -r -a jars <"$BUILD_DIR/classpath.txt" || true   # no trailing newline
    for jar in "${jars[@]}"; do
        [[ -f "$jar" ]] || return 1   # e.g. the Maven repository was wiped
    done
    return 0
}

ensure_built() {
    build_is_current && return 0
    command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed for the first build"
    [[ -x "$JAVA_HOME_SEL/bin/javac" ]] || die "$JAVA_HOME_SEL is not a JDK (no javac); install a JDK 17/21"
    mkdir -p "$BUILD_DIR"
    local mvn_log="$BUILD_DIR/build.log" t0=$SECONDS
    local extra=()
    read -r -a extra <<<"${CONFLICTKG_NEO4J_MVN_ARGS:-}"   # e.g. -Dmaven.repo.local=DIR
    local mvn=(mvn -q -B -f "$SCRIPT_DIR/pom.xml" "${extra[@]}" process-classes)
    say "resolving Neo4j jars and compiling the launcher (cached in the Maven repository) ..."
    # Offline first (fast, works without network when cached), then online.
    if ! JAVA_HOME="$JAVA_HOME_SEL" "${mvn[0]}" -o "${mvn[@]:1}" >"$mvn_log" 2>&1 9>&-; then
        if ! JAVA_HOME="$JAVA_HOME_SEL" "${mvn[@]}" >"$mvn_log" 2>&1 9>&-; then
            tail -n 40 "$mvn_log" >&2
            die "Maven build failed (full log: $mvn_log)"
        fi
    fi
    [[ -f "$BUILD_DIR/classpath.txt" ]] || die "Maven did not write $BUILD_DIR/classpath.txt"
    source_stamp >"$BUILD_DIR/.stamp"
    say "build done in $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------- process helpers
read_pid() { if [[ -s "$PID_FILE" ]]; then tr -dc '0-9' <"$PID_FILE"; fi; }

# True if $1 is alive and is our launcher for this state dir (guards against pid reuse).
is_our_pid() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        local cmd
        cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
        [[ "$cmd" == *"$MAIN_CLASS"*"$DBMS_HOME"* ]] || return 1
    fi
    return 0
}

running_pid() { local pid; pid="$(read_pid)"; is_our_pid "$pid" && echo "$pid"; }

take_lock() {
    mkdir -p "$STATE_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$STATE_DIR/.lock"
        flock -w 600 9 || die "could not lock $STATE_DIR/.lock"
    fi
}

write_env() { # $1 = port
    local pw tmp="$ENV_FILE.tmp.$$"
    pw="$(cat "$PASSWORD_FILE")"
    (
        umask 077
        {
            printf 'NEO4J_URI=bolt://%s:%s\n' "$HOST" "$1"
            printf 'NEO4J_USER=neo4j\n'
            printf 'NEO4J_PASSWORD=%q\n' "$pw"   # shell-quoted only if it has special chars
        } >"$tmp"
    )
    mv -f "$tmp" "$ENV_FILE"
}

ensure_password() {
    (
        umask 077
        if [[ -n "${NEO4J_PASSWORD:-}" ]]; then
            printf '%s' "$NEO4J_PASSWORD" >"$PASSWORD_FILE"
        elif [[ ! -s "$PASSWORD_FILE" ]]; then
            # 24 random alphanumerics (no pipefail trouble: head closes the pipe early).
            set +o pipefail
            LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 >"$PASSWORD_FILE"
        fi
    )
    [[ -s "$PASSWORD_FILE" ]] || die "could not write $PASSWORD_FILE"
}

# Wait for the READY line the launcher prints after an authenticated Bolt round trip.
wait_ready() { # $1 = pid
    local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
    while :; do
        if grep -q '^READY bolt://' "$LOG_FILE" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            say "Neo4j exited during startup; last lines of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            rm -f "$PID_FILE"
            die "Neo4j failed to start (debug log: $DBMS_HOME/logs/debug.log)"
        fi
        if ((SECONDS >= deadline)); then
            say "Neo4j not ready after ${START_TIMEOUT}s; last lines of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            stop_pid "$pid"
            die "Neo4j start timed out (debug log: $DBMS_HOME/logs/debug.log)"
        fi
        sleep 0.3
    done
}

stop_pid() { # $1 = pid
    local pid="$1" deadline=$((SECONDS + STOP_TIMEOUT))
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            say "Neo4j (pid $pid) did not stop within ${STOP_TIMEOUT}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.2
    done
    rm -f "$PID_FILE" "$PORT_FILE" "$ENV_FILE"
}

current_port() {
    local port=""
    [[ -s "$PORT_FILE" ]] && port="$(tr -dc '0-9' <"$PORT_FILE")"
    if [[ -z "$port" ]]; then
        port="$(sed -n 's#^READY bolt://[^:]*:\([0-9]*\).*#\1#p' "$LOG_FILE" 2>/dev/null | tail -n 1)"
    fi
    [[ -n "$port" ]] || die "cannot tell the Bolt port (see $LOG_FILE)"
    echo "$port"
}

# ---------------------------------------------------------------- commands
cmd_build() {
    pick_java
    ensure_built
    say "ready to run with Java $JAVA_MAJOR ($JAVA_HOME_SEL)"
}

cmd_start() {
    take_lock
    local pid
    if pid="$(running_pid)"; then
        # Already running (possibly still starting after an interrupted start).
        [[ -s "$ENV_FILE" ]] || { wait_ready "$pid"; write_env "$(current_port)"; }
        say "already running (pid $pid)"
        cat "$ENV_FILE"
        return 0
    fi
    rm -f "$PID_FILE" "$PORT_FILE" "$ENV_FILE"

    pick_java
    ensure_built
    ensure_password
    mkdir -p "$DBMS_HOME"
    [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"

    local cp
    cp="$BUILD_DIR/classes:$(cat "$BUILD_DIR/classpath.txt")"
    local jvm=(
        "-Xms256m" "-Xmx$HEAP"
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
        -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/java.lang=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --enable-native-access=ALL-UNNAMED
    )
    local extra=()
    read -r -a extra <<<"${CONFLICTKG_NEO4J_JAVA_OPTS:-}"
    jvm+=("${extra[@]}")

    say "starting Neo4j (Java $JAVA_MAJOR, heap $HEAP, page cache $PAGECACHE, state $STATE_DIR)"
    local t0=$SECONDS
    # Background, detached from our stdio (a caller capturing our output must not hang),
    # without the lock fd, ignoring SIGHUP/SIGINT (stop sends SIGTERM: clean shutdown).
    (
        trap '' HUP INT
        cd "$STATE_DIR"
        NEO4J_PASSWORD="$(cat "$PASSWORD_FILE")" exec "$JAVA_HOME_SEL/bin/java" "${jvm[@]}" \
            -cp "$cp" "$MAIN_CLASS" \
            --home "$DBMS_HOME" --host "$HOST" --port "$BOLT_PORT" \
            --port-file "$PORT_FILE" --pagecache "$PAGECACHE" --conf "$EXTRA_CONF"
    ) </dev/null >"$LOG_FILE" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"

    wait_ready "$pid"
    write_env "$(current_port)"
    say "Neo4j ready in $((SECONDS - t0)) s (pid $pid)"
    cat "$ENV_FILE"
}

cmd_stop() {
    take_lock
    local pid
    if pid="$(running_pid)"; then
        say "stopping Neo4j (pid $pid)"
        stop_pid "$pid"
        say "stopped"
    else
        rm -f "$PID_FILE" "$PORT_FILE" "$ENV_FILE"
        say "not running"
    fi
}

cmd_status() {
    local pid port
    if pid="$(running_pid)"; then
        if [[ -s "$ENV_FILE" ]]; then
            port="$(current_port)"
            if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
                echo "running (pid $pid) at bolt://$HOST:$port, state $STATE_DIR"
                return 0
            fi
            echo "running (pid $pid) but bolt://$HOST:$port does not accept connections"
            return 1
        fi
        echo "starting (pid $pid), state $STATE_DIR"
        return 0
    fi
    echo "not running (state $STATE_DIR)"
    return 3
}

cmd_env() {
    if running_pid >/dev/null && [[ -s "$ENV_FILE" ]]; then
        cat "$ENV_FILE"
    else
        die "not running (start it with: $0 start)"
    fi
}

cmd_logs() {
    tail -n "${1:-50}" "$LOG_FILE" 2>/dev/null || true
    echo "--- $DBMS_HOME/logs/debug.log" >&2
    tail -n "${1:-50}" "$DBMS_HOME/logs/debug.log" 2>/dev/null || true
}

cmd_reset() { # stop and delete all data (keeps the password)
    cmd_stop
    say "deleting $DBMS_HOME"
    rm -rf -- "$DBMS_HOME"
}

usage() {
    cat >&2 <<EOF
usage: $0 {start|stop|restart|status|env|logs [N]|build|reset}
  state dir: \$CONFLICTKG_NEO4J_HOME (now: $STATE_DIR)
  password : \$NEO4J_PASSWORD, else generated once into <state dir>/password
  tuning   : CONFLICTKG_NEO4J_HEAP (1g) CONFLICTKG_NEO4J_PAGECACHE (512m)
             CONFLICTKG_NEO4J_BOLT_PORT (0 = free port) CONFLICTKG_NEO4J_START_TIMEOUT (120)
             CONFLICTKG_NEO4J_JAVA_HOME CONFLICTKG_NEO4J_JAVA_OPTS CONFLICTKG_NEO4J_MVN_ARGS
EOF
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) cmd_status ;;
    env) cmd_env ;;
    logs) cmd_logs "${2:-50}" ;;
    build) cmd_build ;;
    reset) cmd_reset ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
esac
