#!/usr/bin/env bash
# Runs Tether from its fat jar, building it first when it is missing or older than the sources.
#
#   ./run.sh                         the whole conversation on this machine: companion server, client, logger
#   ./run.sh --host H --port P       a client (and its logger) for the server at H:P
#   ./run.sh path/to/conf.json|yaml  any deployment or client config file
#   ./run.sh ... -cluster            launcher options (-cluster, -instances, --options ...) pass through
#   ./run.sh --cp PATH conf.json     your own verticles too: PATH (jars or class folders, ':'-separated) joins
#                                    the classpath, so the deployment file can name them
#   ./run.sh bench                   the benchmark: Tether against a raw Vert.x socket (see README)
#
# Environment: TETHER_HOST, TETHER_PORT, TETHER_CONF (see README), JAVA_OPTS (extra JVM options),
# TETHER_CLASSPATH (as --cp), TETHER_CLUSTER_MEMBERS, TETHER_CLUSTER_HOST, TETHER_CLUSTER_NAME (see conf/cluster.xml).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/tether.jar"

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'

Options of run.sh (they win over every other source of configuration):
  --host H        server host of the client (same as -Dtether.host=H)
  --port P        server port of the client (same as -Dtether.port=P)
  --cp PATH       jars or class folders (':'-separated) that join the classpath, after Tether's jar; with
                  TETHER_CLASSPATH too, both join (--cp first); may be given more than once
  --help          this text
Any other argument goes to the Vert.x launcher (io.vertx.launcher.application.VertxApplication):
  -cluster, -cluster-host H, -instances N, --options JSON, --deployment-options JSON, -conf FILE ...
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
  exec java ${JAVA_OPTS:-} -cp "$bench:$jar:$here/target/bench-lib/*" io.tether.bench.Bench "$@"
fi

# `console` and `status` (README, "Console") read their own options; Hazelcast reads conf/cluster.xml for --attach.
if [ "${1:-}" = "console" ] || [ "${1:-}" = "status" ]; then
  build_if_stale
  # shellcheck disable=SC2086
  exec java -Dvertx.hazelcast.config="$here/conf/cluster.xml" ${JAVA_OPTS:-} -jar "$jar" "$@"
fi

flags=()
launcher=()
classpath=""
conf=""
client_target=false
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h|help)
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
    *.json|*.yaml|*.yml)
      if [ -z "$conf" ] && [ -f "$1" ]; then
        conf="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
      elif [ -z "$conf" ]; then
        echo "run.sh: no config file $1" >&2
        exit 2
      else
        launcher+=("$1")
      fi
      shift
      ;;
    *)
      launcher+=("$1")
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

build_if_stale
if [ -z "$classpath" ]; then
  # shellcheck disable=SC2086
  exec java "${cluster[@]}" ${JAVA_OPTS:-} "${flags[@]}" -jar "$jar" "${launcher[@]}"
fi
# With -cp, Java reads no Add-Exports/Add-Opens from the manifest: the same on the command line, for Hazelcast.
# VertxApplication still finds the Main-Verticle in the manifest whose Main-Class is TetherApplication, the jar's.
jpms=(--add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
# shellcheck disable=SC2086
exec java "${jpms[@]}" "${cluster[@]}" ${JAVA_OPTS:-} "${flags[@]}" -cp "$jar:$classpath" io.tether.TetherApplication \
  "${launcher[@]}"
