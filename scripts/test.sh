#!/usr/bin/env bash
# The whole test suite: typecheck, then every *.test.ts with node's test runner. Whatever the tests need and the
# machine lacks (a PostgreSQL server, a Redis server, openssl), this installs or starts itself, on loopback, and
# removes after.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v openssl >/dev/null || need+=(openssl)
# Browser tests drive Debian's Chromium through playwright-core; a downloaded browser is never used.
[ -x /usr/bin/chromium ] || need+=(chromium)
# A machine's own PostgreSQL (trust auth on loopback) is used when one answers; otherwise a throwaway one is started.
PROBE_URL=${HERALD_TEST_PG_PROBE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if [ -z "${HERALD_TEST_DATABASE_URL:-}" ] && node scripts/pg-reachable.mjs "$PROBE_URL" 2>/dev/null; then
  export HERALD_TEST_DATABASE_URL="$PROBE_URL"
elif [ -z "${HERALD_TEST_DATABASE_URL:-}" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  START_PG=1
fi
# Redis likewise (the bus tests and the cross-node tests): the machine's own when one answers, else a throwaway one.
redis_reachable() {
  node -e '
    const { Redis } = require("ioredis");
    const r = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, commandTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on("error", () => undefined);
    r.connect().then(() => r.ping()).then(() => { r.disconnect(); process.exit(0); }, () => process.exit(1));
  ' "$1" 2>/dev/null
}
REDIS_PROBE_URL=${HERALD_TEST_REDIS_PROBE_URL:-redis://127.0.0.1:6379}
if [ -z "${HERALD_TEST_REDIS_URL:-}" ] && redis_reachable "$REDIS_PROBE_URL"; then
  export HERALD_TEST_REDIS_URL="$REDIS_PROBE_URL"
elif [ -z "${HERALD_TEST_REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null || need+=(redis-server)
  START_REDIS=1
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -n "${START_PG:-}" ]; then
  export PGPORT=${HERALD_TEST_PGPORT:-54329}
  WORK=$(mktemp -d /tmp/herald-pg.XXXXXX); chmod 755 "$WORK"
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  cleanup() {
    [ -f "$WORK/pg/data/postmaster.pid" ] && runuser -u postgres -- "$BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null || true
    rm -rf "$WORK"
  }
  trap cleanup EXIT
  mkdir -p "$WORK/pg"; chown postgres:postgres "$WORK/pg"
  runuser -u postgres -- "$BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  runuser -u postgres -- "$BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
  export HERALD_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
  echo "started a throwaway PostgreSQL on 127.0.0.1:$PGPORT"
fi

if [ -n "${START_REDIS:-}" ]; then
  REDIS_PORT=${HERALD_TEST_REDIS_PORT:-63790}
  REDIS_WORK=$(mktemp -d /tmp/herald-redis.XXXXXX)
  stop_redis() {
    [ -f "$REDIS_WORK/redis.pid" ] && kill "$(cat "$REDIS_WORK/redis.pid")" 2>/dev/null || true
    rm -rf "$REDIS_WORK"
  }
  # Replaces the trap set for PostgreSQL above, so it runs that cleanup too.
  trap 'stop_redis; if declare -F cleanup >/dev/null; then cleanup; fi' EXIT
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$REDIS_WORK" --pidfile "$REDIS_WORK/redis.pid" --logfile "$REDIS_WORK/redis.log"
  export HERALD_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  for _ in $(seq 50); do redis_reachable "$HERALD_TEST_REDIS_URL" && break; sleep 0.1; done
  redis_reachable "$HERALD_TEST_REDIS_URL" || { echo "the throwaway Redis did not answer:"; cat "$REDIS_WORK/redis.log"; exit 1; }
  echo "started a throwaway Redis on 127.0.0.1:$REDIS_PORT"
fi

# The server's typecheck runs beside the web console's steps (each is mostly one core): its own typecheck (JSX,
# browser types), a fresh build (the browser tests below load it from the server at /console), and its component
# tests (vitest + jsdom).
echo "typecheck; web console: typecheck, build, component tests"
typecheck_log=$(mktemp)
npx tsc -p tsconfig.json --noEmit > "$typecheck_log" 2>&1 &
typecheck=$!
npm run --silent typecheck -w packages/console
npm run --silent build:console
npx vitest run --root packages/console
if ! wait "$typecheck"; then cat "$typecheck_log"; rm -f "$typecheck_log"; echo "typecheck failed"; exit 1; fi
rm -f "$typecheck_log"

# Most test files spend their time waiting on sockets, timers and the databases, so three run at once even on two
# cores (node's default is one fewer than the cores). Every file has its own server, data dir and database.
CONCURRENCY=${HERALD_TEST_CONCURRENCY:-3}
mapfile -t files < <(find packages bench scripts docs -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
echo "running ${#files[@]} test files, $CONCURRENCY at a time"
node --import tsx --test --test-concurrency="$CONCURRENCY" --test-timeout=180000 "${files[@]}"

# The suites whose behaviour rests on the store once more on PostgreSQL (the store contract and the end-to-end flow
# already run on both stores above): the push pipeline and management, chat, groups, signaling, webhooks, receive
# options, recall, retention, the IM offline push configuration and self-check, authorization, the console's
# sessions and sign-in limits, cross-node, the SDK's chat tests. The vendor channel suites are not repeated: what
# they check is the wire to each vendor, which the store does not touch.
pg_dirs=(
  packages/server/test/push-management packages/server/test/push-pipeline packages/server/test/ws packages/server/test/cross-node
  packages/server/test/im-identity packages/server/test/im-messages packages/server/test/im-groups packages/server/test/im-group-messages
  packages/server/test/im-signaling packages/server/test/im-webhooks packages/server/test/im-receive packages/server/test/im-recall
  packages/server/test/im-retention packages/server/test/push-authorization packages/server/test/im-offline-push-config
  packages/server/test/im-offline-push-check packages/server/test/console-auth packages/sdk/test/chat
)
mapfile -t pg_files < <(find "${pg_dirs[@]}" -name '*.test.ts' | grep -v -e 'console-auth/api-guard-sweep' -e 'console-auth/setup' -e 'console-auth/start-notice' | sort)
echo "running ${#pg_files[@]} test files on PostgreSQL, $CONCURRENCY at a time"
HERALD_TEST_STORE=postgres node --import tsx --test --test-concurrency="$CONCURRENCY" --test-timeout=180000 "${pg_files[@]}"
