#!/usr/bin/env bash
# Runs Tether from its fat jar, building it first when it is missing or older than the sources.
#
#   ./run.sh                         the whole conversation on this machine: companion server, client, logger
#   ./run.sh --port 9001             a second client of that companion server (in another terminal)
#   ./run.sh --host H --port P       a client (and its logger) for the server at H:P; no companion server
#   ./run.sh path/to/conf.json|yaml  any deployment or client config file
#   ./run.sh conf/client-line.json   a client for a line-based server of your own (see README)
#   ./run.sh ... -cluster            launcher options (-cluster, -instances, --options ...) pass through
#   ./run.sh --cp PATH conf.json     your own verticles too: PATH (jars or class folders, ':'-separated) joins
#                                    the classpath, so the deployment file can name them
#   ./run.sh archive [...]           a start twice as fast: runs as ./run.sh [...] would until connected, and
#                                    keeps the classes it loaded in target/tether.jsa for every later start
#   ./run.sh bench                   the benchmark: Tether against a raw Vert.x socket (see README)
#   ./run.sh console HOST:PORT       type to a server, see what it says (--help for its options; README, Console)
#   ./run.sh status [PORT]           one line of a running client's state, from its metrics/health port
#
# Environment: TETHER_HOST, TETHER_PORT, TETHER_CONF (see README), JAVA_OPTS (extra JVM options),
# TETHER_CLASSPATH (as --cp), TETHER_CLUSTER_MEMBERS, TETHER_CLUSTER_HOST, TETHER_CLUSTER_NAME (see conf/cluster.xml),
# TETHER_ARCHIVE (the class-data archive instead of target/tether.jsa).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/tether.jar"
archive="${TETHER_ARCHIVE:-$here/target/tether.jsa}"

usage() {
  # the comment at the top of this file, then the options
  sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p'
  cat <<'USAGE'

Options of run.sh (they win over every other source of configuration):
  --host H        server host of the client (same as -Dtether.host=H); with --port or alone, no companion server
  --port P        server port of the client (same as -Dtether.port=P)
  --cp PATH       jars or class folders (':'-separated) that join the classpath, after Tether's jar; with
                  TETHER_CLASSPATH too, both join (--cp first); may be given more than once
  --help          this text

Options of the launcher (io.vertx.launcher.application.VertxApplication; java -jar target/tether.jar --help):
  VERTICLE                        a verticle class to deploy instead of what the config file lists, e.g.
                                  io.tether.ClientVerticle (the form of vertx run) or io.tether.LoggerVerticle
  -conf FILE|JSON                 the verticle's config: a JSON file, or JSON itself (YAML: give the file alone)
  -instances N                    how many instances of the verticle
  -cluster                        join a cluster (Hazelcast, conf/cluster.xml: this machine only by default)
  -cluster-host H, -cluster-port P, -cluster-public-host H, -cluster-public-port P
                                  where the clustered event bus listens, and what it tells the other nodes
  --options FILE|JSON             Vert.x options, e.g. '{"haEnabled":true}' (also -options, --vertx-options)
  --deployment-options FILE|JSON  the verticle's deployment options, e.g. '{"ha":true}'
  -worker, -virtual-thread        deploy the verticle on a worker thread, or a virtual thread
  Each is also written with one dash or two, and -name=VALUE.

Exit codes: 1 the build failed; 2 a command line that does not parse; 15 a bad configuration or a failed start
(one line on stderr says why); 69 a client gave up (reconnect.exitOnGiveUp); 0 exitOnClose, or --help.
The README's "Troubleshooting" lists the messages and what to do about each.
USAGE
}

bench="$here/target/bench-classes"

build_if_stale() {
  if [ ! -f "$jar" ] || [ ! -f "$bench/io/tether/bench/Bench.class" ] \
    || [ -n "$(find "$here/src/main" "$here/src/fat" "$here/conf" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ] \
    || [ -n "$(find "$here/src/bench" -newer "$bench/io/tether/bench/Bench.class" -print -quit 2>/dev/null)" ]; then
    echo "Building $jar ..." >&2
    local log
    log="$(mktemp)"
    if ! (cd "$here" && mvn -B -Dstyle.color=never package -DskipTests) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "run.sh: the build failed" >&2
      exit 1
    fi
    rm -f "$log"
  fi
}

if [ "${1:-}" = "bench" ]; then
  shift
  build_if_stale
  # shellcheck disable=SC2086
  # The benchmark's classes are built beside the product, never in it (pom.xml, execution "bench").
  # A heap of fixed size, touched once at start: a heap that grows and shrinks between rounds makes the threads that
  # allocate into memory new to the process pay its page faults, up to 5 µs of kernel time per frame (README,
  # Benchmark). JAVA_OPTS comes after, so -Xmx or -XX:-AlwaysPreTouch there wins.
  exec java -Xms4g -Xmx4g -XX:+AlwaysPreTouch ${JAVA_OPTS:-} -cp "$bench:$jar:$here/target/bench-lib/*" io.tether.bench.Bench "$@"
fi

# A class-data archive that `./run.sh archive` made from this jar (README, "A faster start"): the JVM maps the classes
# a start loads from it instead of reading them from the jar. One older than the jar is left alone.
sharing() {
  share=()
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
    share=(-XX:SharedArchiveFile="$archive")
  fi
}

# `console` and `status` (README, "Console") read their own options; Hazelcast reads conf/cluster.xml for --attach.
if [ "${1:-}" = "console" ] || [ "${1:-}" = "status" ]; then
  build_if_stale
  sharing
  # shellcheck disable=SC2086
  exec java "${share[@]}" -Dvertx.hazelcast.config="$here/conf/cluster.xml" ${JAVA_OPTS:-} -jar "$jar" "$@"
fi

making_archive=false
if [ "${1:-}" = "archive" ]; then
  making_archive=true
  shift
fi

# The launcher's options that take a value: the value goes with its option untouched (-conf x.json is not run.sh's
# config file). In any case, as the launcher reads them.
launcher_takes_value() {
  case "$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" in
    -conf|--conf|-options|--options|-vertx-options|--vertx-options|-deployment-options|--deployment-options| \
    -instances|--instances|-cluster-host|--cluster-host|-cluster-port|--cluster-port| \
    -cluster-public-host|--cluster-public-host|-cluster-public-port|--cluster-public-port)
      return 0
      ;;
  esac
  return 1
}

# A path rather than a verticle's class name: it has a folder in it, or a config file's extension.
looks_like_a_file() {
  case "$1" in
    */*|*.json|*.yaml|*.yml|*.JSON|*.YAML|*.YML) return 0 ;;
  esac
  return 1
}

flags=()
launcher=()
classpath=""
conf=""
conf_arg=""
client_target=false
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h|-help|help)
      usage
      exit 0
      ;;
    --host|--port)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 2; }
      flags+=("-Dtether.${1#--}=$2")
      client_target=true
      shift 2
      ;;
    --cp|--classpath)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 2; }
      classpath="${classpath:+$classpath:}$2"
      shift 2
      ;;
    --cp=*|--classpath=*)
      classpath="${classpath:+$classpath:}${1#*=}"
      shift
      ;;
    --host=*|--port=*)
      key="${1%%=*}"
      flags+=("-Dtether.${key#--}=${1#*=}")
      client_target=true
      shift
      ;;
    -*)
      # the launcher's, which says it in one line if there is no such option
      launcher+=("$1")
      if launcher_takes_value "$1" && [ $# -ge 2 ]; then
        launcher+=("$2")
        shift
      fi
      shift
      ;;
    *)
      if [ -f "$1" ]; then
        case "$1" in
          *.json|*.yaml|*.yml|*.JSON|*.YAML|*.YML) ;;
          *) echo "run.sh: $1: not a config file (.json, .yaml or .yml)" >&2; exit 2 ;;
        esac
        [ -z "$conf" ] || { echo "run.sh: one config file at a time: $conf_arg and $1" >&2; exit 2; }
        conf_arg="$1"
        conf="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
      elif [ -d "$1" ]; then
        echo "run.sh: $1: a folder, not a config file" >&2
        exit 2
      elif looks_like_a_file "$1"; then
        echo "run.sh: $1: no such file" >&2
        exit 2
      else
        # a verticle's class name
        launcher+=("$1")
      fi
      shift
      ;;
  esac
done

if [ -n "${TETHER_HOST:-}" ] || [ -n "${TETHER_PORT:-}" ]; then
  client_target=true
fi
if [ -n "$conf" ]; then
  export TETHER_CONF="$conf"
elif [ -z "${TETHER_CONF:-}" ] && [ "$client_target" = true ]; then
  # Another server: no companion server, only a client and its logger.
  export TETHER_CONF="$here/conf/client.json"
fi

# With -cluster: Hazelcast reads conf/cluster.xml (loopback only unless TETHER_CLUSTER_* say otherwise), logs through
# SLF4J and never phones home. JAVA_OPTS come after, so they can change any of these.
cluster=(-Dvertx.hazelcast.config="$here/conf/cluster.xml" -Dhazelcast.logging.type=slf4j -Dhazelcast.phone.home.enabled=false)

if [ -n "${TETHER_CLASSPATH:-}" ]; then
  classpath="${classpath:+$classpath:}$TETHER_CLASSPATH"
fi

# The launcher's messages name run.sh and its flags, not java -jar's.
export TETHER_SCRIPT="$0"

build_if_stale
if [ -z "$classpath" ]; then
  main=(-jar "$jar")
else
  # With -cp, Java reads no Add-Exports/Add-Opens from the manifest: the same on the command line, for Hazelcast.
  # VertxApplication still finds the Main-Verticle in the manifest whose Main-Class is TetherApplication, the jar's.
  main=(--add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    -cp "$jar:$classpath" io.tether.TetherApplication)
fi

if [ "$making_archive" = true ]; then
  # Runs as below until the first "Opened connection", then stops it: the JVM writes the archive as it exits (also on
  # Ctrl-C, for a deployment that does not connect). The -Xlog options keep it from listing the classes it cannot
  # keep (picocli's, compiled for Java 5). Written aside and moved into place once whole.
  mkdir -p "$(dirname "$archive")"
  tmp="$archive.$$"
  fifo="$(mktemp -u)"
  mkfifo "$fifo"
  echo "run.sh: making $archive: Tether starts, and stops once it has connected" >&2
  # shellcheck disable=SC2086
  java -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off "${cluster[@]}" ${JAVA_OPTS:-} \
    "${flags[@]}" "${main[@]}" "${launcher[@]}" >"$fifo" 2>&1 &
  pid=$!
  stopped=false
  trap 'stopped=true; kill -TERM "$pid" 2>/dev/null || true' INT TERM
  while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      "Opened connection to "*) stopped=true; kill -TERM "$pid" 2>/dev/null || true ;;
    esac
  done <"$fifo" || true
  code=0
  wait "$pid" 2>/dev/null || code=$?
  trap - INT TERM
  rm -f "$fifo"
  if [ "$stopped" != true ] || [ ! -s "$tmp" ]; then
    # it ended on its own, before it connected: a mistake, which it has said in one line
    rm -f "$tmp"
    echo "run.sh: no archive written: Tether ended before it connected (exit code $code)" >&2
    exit $(( code == 0 ? 1 : code ))
  fi
  mv -f "$tmp" "$archive"
  echo "run.sh: wrote $archive; ./run.sh starts with it until the jar is rebuilt" >&2
  exit 0
fi

sharing
# shellcheck disable=SC2086
exec java "${share[@]}" "${cluster[@]}" ${JAVA_OPTS:-} "${flags[@]}" "${main[@]}" "${launcher[@]}"
