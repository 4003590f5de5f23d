#!/usr/bin/env bash
# Benchmark harness: whole-process wall times of revvy-apps beside their floors, in one run.
#
#   bench/run.sh                    # 1,000 / 10,000 / 100,000 applications
#   BENCH_SIZES="1000" bench/run.sh # a quicker run
#   BENCH_FLAVOUR=dynamic bench/run.sh
#   BENCH_BASELINE=/path/to/other/revvy-apps bench/run.sh   # adds an A/B of list -o json
#
# Needs hyperfine, sqlite3, argon2 and GNU time (Debian: apt-get install hyperfine sqlite3
# argon2 time). Every figure is a median of hyperfine runs; each floor is measured in the same
# run: a sqlite3 process doing the equivalent query, the C reference argon2 at the same cost.
# Timings are printed, never asserted: the test suite guards work counts instead.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine sqlite3 argon2 /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine sqlite3 argon2 time)" >&2; exit 2; }
done

sizes=${BENCH_SIZES:-"1000 10000 100000"}
flavour=${BENCH_FLAVOUR:-static}
host=$(rustc -vV | sed -n 's/^host: //p')
if [ "$flavour" = static ]; then
  # A static binary skips the dynamic loader: about 0.8 ms off every process start here.
  RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --target "$host" --target-dir target/bench-static >&2
  bin=$PWD/target/bench-static/$host/release/revvy-apps
else
  cargo build --release --locked >&2
  bin=${CARGO_TARGET_DIR:-$PWD/target}/release/revvy-apps
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv
: >"$results"
export HOME=$work REVVY_APPS_ACTOR=bench
unset REVVY_APPS_SESSION REVVY_APPS_CONFIG
passphrase="bench passphrase, not a secret"
cheap=(--kdf-memory 19 --kdf-iterations 2 --kdf-parallelism 1)

# median NAME COMMAND... : runs hyperfine and records the median in milliseconds.
median() {
  local name=$1; shift
  # -N runs without a shell; SHELL_MODE=1 goes through one (hyperfine subtracts its cost).
  local no_shell=-N
  [ "${SHELL_MODE:-0}" = 1 ] && no_shell=""
  hyperfine $no_shell --style none --warmup "${WARMUP:-5}" --min-runs "${RUNS:-30}" --export-json "$work/h.json" "$@" >/dev/null 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%s\t%.3f" % (sys.argv[2], r["median"] * 1000))' "$work/h.json" "$name" >>"$results"
}

manifest() { # manifest N FILE
  python3 -c 'import sys
n=int(sys.argv[1])
with open(sys.argv[2], "w") as f:
    for i in range(n):
        f.write(f"[[application]]\nname = \"app-{i:06}\"\nscopes = [\"invoices:read\"]\ncallback_urls = [\"https://app{i}.example.com/cb\"]\ngrant_types = [\"code\", \"refresh\"]\n\n")' "$1" "$2"
}

# ab N: `list -o json` over N applications by this build and by $BENCH_BASELINE, each on a
# store it makes now from the same manifest (same history: init, unlock, apply), taking turns
# over ten rounds so that both see the same machine; each side's figure is the median of its
# rounds' medians. Two builds on a shared machine compare only this way.
ab() {
  local n=$1 side binary
  : >"$work/ab.tsv"
  for side in ours base; do
    binary=$bin
    [ "$side" = base ] && binary=$BENCH_BASELINE
    env -u REVVY_APPS_SESSION -u REVVY_APPS_STORE REVVY_APPS_PASSPHRASE="$passphrase" "$binary" --store "$work/$n/ab-$side.db" init -q "${cheap[@]}"
    env -u REVVY_APPS_SESSION -u REVVY_APPS_STORE REVVY_APPS_PASSPHRASE="$passphrase" "$binary" --store "$work/$n/ab-$side.db" unlock -q --ttl 2h >"$work/ab-$side.session"
    env -u REVVY_APPS_STORE REVVY_APPS_SESSION="$(cat "$work/ab-$side.session")" "$binary" --store "$work/$n/ab-$side.db" apply -q -f "$work/$n.toml" >/dev/null
  done
  for round in $(seq 10); do
    for side in ours base; do
      binary=$bin
      [ "$side" = base ] && binary=$BENCH_BASELINE
      REVVY_APPS_SESSION=$(cat "$work/ab-$side.session") hyperfine -N --style none --warmup 2 --runs 10 --export-json "$work/h.json" \
        "$binary --store $work/$n/ab-$side.db list -o json" >/dev/null 2>&1
      python3 -c 'import json,sys; print("list-json-ab/%s-%s\t%.3f" % (sys.argv[2], sys.argv[3], json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/h.json" "$n" "$side" >>"$work/ab.tsv"
    done
  done
  median_of_rounds "$work/ab.tsv"
}

# median_of_rounds FILE: lines `KEY<tab>MS`, one per round; records each key's median.
median_of_rounds() {
  python3 -c 'import collections, statistics, sys
by = collections.defaultdict(list)
for line in open(sys.argv[1]):
    key, value = line.split("\t"); by[key].append(float(value))
for key, values in by.items():
    print("%s\t%.3f" % (key, statistics.median(values)))' "$1" >>"$results"
}

# The floor of a write: one INSERT by a sqlite3 process, WAL, synchronous=FULL, same row shape.
# Measured beside each size's writes: fsync times drift during a long run.
floor_db=$work/floor.db
sqlite3 "$floor_db" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, mac BLOB UNIQUE, sealed BLOB);" >/dev/null

for n in $sizes; do
  store=$work/$n/store.db
  REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$store" init -q "${cheap[@]}"
  session=$(REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$store" unlock -q --ttl 2h)
  manifest "$n" "$work/$n.toml"
  REVVY_APPS_SESSION=$session "$bin" --store "$store" apply -q -f "$work/$n.toml" >/dev/null
  export REVVY_APPS_STORE=$store REVVY_APPS_SESSION=$session
  middle=$(printf 'app-%06d' $((n / 2)))
  mac=$(sqlite3 "$store" "SELECT hex(name_mac) FROM applications WHERE id = $((n / 2 + 1))")

  median "show/$n" "$bin show $middle"
  median "floor-select/$n" "sqlite3 $store \"SELECT sealed FROM applications WHERE name_mac = x'$mac'\""
  median "floor-insert/$n" "sqlite3 $floor_db \"PRAGMA synchronous=FULL; INSERT INTO t (mac, sealed) VALUES (randomblob(32), randomblob(600))\""
  "$bin" create --name bench-new -q >/dev/null
  median "create/$n" --prepare "$bin delete bench-new --yes -q" "$bin create --name bench-new -q"
  median "disable/$n" --prepare "$bin enable $middle -q" "$bin disable $middle -q"
  median "list-json/$n" "$bin list -o json"
  median "floor-list/$n" "sqlite3 $store \"SELECT id, sealed FROM applications\""
  # A member scoped to 3 of the n applications (DESIGN §14): its list, with a session of its
  # own, against show with a full member's session.
  env -u REVVY_APPS_SESSION REVVY_APPS_PASSPHRASE="$passphrase" "$bin" access add scoped3 --machine -q \
    --key-file "$work/$n/scoped3.key" --only app-000001 --only "$middle" --only "$(printf 'app-%06d' $((n - 1)))"
  scoped_session=$(env -u REVVY_APPS_SESSION REVVY_APPS_IDENTITY_FILE="$work/$n/scoped3.key" "$bin" unlock -q --ttl 2h)
  REVVY_APPS_SESSION=$scoped_session median "list-scoped3/$n" "$bin list -o json"
  median "check-expiring/$n" "$bin check --expiring 30d -q"
  # verify with its hourly write skipped (a use was recorded just before), against show; both
  # through a shell, since the secret comes on stdin.
  "$bin" create --name verify-bench --json --reveal | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])' >"$work/secret"
  "$bin" verify verify-bench -q <"$work/secret"
  SHELL_MODE=1 median "verify/$n" "$bin verify verify-bench -q < $work/secret"
  SHELL_MODE=1 median "show-shell/$n" "$bin show verify-bench > /dev/null"
  "$bin" delete verify-bench --yes -q
  if [ -n "${BENCH_BASELINE:-}" ]; then
    ab "$n"
  fi
  if [ "$n" = 10000 ]; then
    rss=$( { /usr/bin/time -f '%M' "$bin" list >/dev/null; } 2>&1 | tail -1)
    printf 'rss-list/%s\t%s\n' "$n" "$rss" >>"$results"
  fi
  unset REVVY_APPS_STORE REVVY_APPS_SESSION
done


# apply of 1,000 new applications on a fresh copy of an empty store, with a session.
template=$work/apply-template.db
REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$template" init -q "${cheap[@]}"
apply_session=$(REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$template" unlock -q --ttl 2h)
manifest 1000 "$work/apply.toml"
# Each run starts from the same copy, which this machine would rightly refuse as rolled back:
# the prepare step forgets what the previous run saw.
XDG_STATE_HOME=$work/apply-state REVVY_APPS_SESSION=$apply_session median "apply-1000" \
  --prepare "sh -c 'rm -rf $work/apply-state && cp $template $work/apply.db'" "$bin --store $work/apply.db apply -q -f $work/apply.toml"

# unlock at the default KDF (256 MiB, t=3, p=4) against the C reference at the same cost.
default_store=$work/default/store.db
REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$default_store" init -q
# Both through a shell (argon2 reads its password from a pipe); ten runs each: ~0.3 s a run.
SHELL_MODE=1 WARMUP=2 RUNS=10 REVVY_APPS_PASSPHRASE=$passphrase median "unlock-default" "$bin --store $default_store unlock -q"
SHELL_MODE=1 WARMUP=2 RUNS=10 median "floor-argon2" "printf %s 'password' | argon2 0123456789abcdef -id -m 18 -t 3 -p 4 -l 32 -r"

# show on that store with a machine member's key (no key derivation: one X25519 unwrap)
# against show with a session, both in the same run.
REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$default_store" create --name machine-bench -q >/dev/null
REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$default_store" access add ci --machine --key-file "$work/ci.key" -q >/dev/null
default_session=$(REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$default_store" unlock -q --ttl 2h)
REVVY_APPS_SESSION=$default_session median "show-session-default" "$bin --store $default_store show machine-bench"
REVVY_APPS_IDENTITY_FILE=$work/ci.key median "show-machine-default" "$bin --store $default_store show machine-bench"
# The same show with a machine key scoped to that one application (DESIGN §14).
REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$default_store" access add ci-scoped --machine --key-file "$work/ci-scoped.key" --only machine-bench -q >/dev/null
REVVY_APPS_IDENTITY_FILE=$work/ci-scoped.key median "show-scoped-default" "$bin --store $default_store show machine-bench"

# PostgreSQL: a throwaway cluster on a Unix socket in this run's folder; each command of ours
# against pgbench -n -C (a new connection per transaction: the floor for a fresh process)
# running the equivalent statement on the same server in the same run.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$pgbin" ] && [ -x "$pgbin/pgbench" ]; then
  pgdir=$work/pg
  mkdir -p "$pgdir"
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$pgdir" && chmod 755 "$work"
  as_pg "$pgbin/initdb" -A trust -U postgres --no-sync -D "$pgdir/data" >/dev/null
  as_pg "$pgbin/pg_ctl" -w -D "$pgdir/data" -l "$pgdir/log" -o "-k $pgdir -c listen_addresses=''" start >/dev/null
  trap 'as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$work"' EXIT
  "$pgbin/psql" -X -q -h "$pgdir" -U postgres -d postgres -c "CREATE DATABASE revvy"
  pgurl="postgresql://postgres@/revvy?host=$pgdir&sslmode=disable"
  for n in $sizes; do
    [ "$n" = 1000 ] || [ "$n" = 10000 ] || continue
    schema="bench_$n"
    REVVY_APPS_PG_SCHEMA=$schema REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$pgurl" init -q "${cheap[@]}"
    pgsession=$(REVVY_APPS_PG_SCHEMA=$schema REVVY_APPS_PASSPHRASE=$passphrase "$bin" --store "$pgurl" unlock -q --ttl 2h)
    REVVY_APPS_PG_SCHEMA=$schema REVVY_APPS_SESSION=$pgsession "$bin" --store "$pgurl" apply -q -f "$work/$n.toml" >/dev/null
    # What autovacuum would do in its own time, done now: the store as it is once settled, and
    # no vacuum or analyze of the new rows competing with the measurements for the two cores.
    "$pgbin/psql" -X -q -h "$pgdir" -U postgres -d revvy \
      -c "VACUUM (ANALYZE) $schema.store, $schema.applications, $schema.audit_events, $schema.sessions, $schema.members"
    middle=$(printf 'app-%06d' $((n / 2)))
    mac=$("$pgbin/psql" -X -A -t -h "$pgdir" -U postgres -d revvy -c "SELECT encode(name_mac, 'hex') FROM $schema.applications WHERE id = $((n / 2 + 1))")
    echo "SELECT sealed FROM $schema.applications WHERE name_mac = '\\x$mac';" >"$work/select.sql"
    "$pgbin/psql" -X -q -h "$pgdir" -U postgres -d revvy -c "CREATE TABLE IF NOT EXISTS floor_t (id BIGSERIAL PRIMARY KEY, mac BYTEA UNIQUE, sealed BYTEA)"
    echo "INSERT INTO floor_t (mac, sealed) VALUES (decode(md5(random()::text), 'hex'), decode(repeat(md5(random()::text), 19), 'hex'));" >"$work/insert.sql"
    export REVVY_APPS_PG_SCHEMA=$schema REVVY_APPS_SESSION=$pgsession REVVY_APPS_STORE=$pgurl
    "$bin" create --name bench-new -q >/dev/null
    # The floor and the command take turns, a few seconds each, for several rounds: on a
    # shared machine whose speed drifts by the minute, a floor measured once beside a command
    # measured once compares two different machines. Each side's figure is the median of all
    # its rounds: ten short ones, since a round of several seconds was still long enough for
    # the floor and the command to see different machines. pgbench: one client, a new
    # connection per transaction, the time per transaction 1000/tps ms (tps "including
    # reconnection times"), which is a mean; so a round's figure for the command is the mean
    # of its runs too, not their median (which a slow run or two would not move).
    : >"$work/pg-rounds.tsv"
    for round in $(seq 10); do
      for kind in select insert; do
        tps=$("$pgbin/pgbench" -n -C -c 1 -h "$pgdir" -U postgres -f "$work/$kind.sql" -t 40 revvy 2>/dev/null | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -1)
        python3 -c 'import sys; print("pgbench-%s/%s\t%.3f" % (sys.argv[1], sys.argv[2], 1000 / float(sys.argv[3])))' "$kind" "$n" "$tps" >>"$work/pg-rounds.tsv"
        if [ "$kind" = select ]; then
          hyperfine -N --style none --warmup 1 --runs 10 --export-json "$work/h.json" "$bin show $middle" >/dev/null 2>&1
          what=pg-show
        else
          hyperfine -N --style none --warmup 1 --runs 10 --export-json "$work/h.json" \
            --prepare "$bin delete bench-new --yes -q" "$bin create --name bench-new -q" >/dev/null 2>&1
          what=pg-create
        fi
        python3 -c 'import json,sys; print("%s/%s\t%.3f" % (sys.argv[2], sys.argv[3], json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' "$work/h.json" "$what" "$n" >>"$work/pg-rounds.tsv"
      done
    done
    median_of_rounds "$work/pg-rounds.tsv"
    median "pg-list-json/$n" "$bin list -o json"
    unset REVVY_APPS_PG_SCHEMA REVVY_APPS_SESSION REVVY_APPS_STORE
  done
else
  echo "bench: no PostgreSQL (apt-get install postgresql): its rows are left out" >&2
fi

python3 - "$results" "$sizes" "$flavour" <<'PY'
import sys
rows = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[1]))
sizes = sys.argv[2].split()
val = lambda k: float(rows[k]) if k in rows else None
out = []
def row(name, ours, floor_key=None, floor_label="", budget=None, budget_text=""):
    o = val(ours)
    if o is None:
        return
    f = val(floor_key) if floor_key else None
    ratio = f"{o / f:.2f}x" if f else ""
    ok = "" if budget is None or (floor_key and f is None) else ("yes" if budget(o, f) else "NO")
    out.append((name, f"{o:.2f} ms", f"{f:.2f} ms {floor_label}" if f else "", ratio, budget_text, ok))
for n in sizes:
    row(f"show, {int(n):,} apps", f"show/{n}", f"floor-select/{n}", "(sqlite3 SELECT)",
        (lambda o, f: o <= 1.5 * f) if n == "1000" else None, "<= 1.5x" if n == "1000" else "")
for n in sizes:
    row(f"create, {int(n):,} apps", f"create/{n}", f"floor-insert/{n}", "(sqlite3 INSERT)",
        lambda o, f: o <= 1.5 * f, "<= 1.5x")
for n in sizes:
    row(f"disable, {int(n):,} apps", f"disable/{n}", f"floor-insert/{n}", "(sqlite3 INSERT)")
limits = {"1000": 10.0, "100000": 500.0}
for n in sizes:
    lim = limits.get(n, 10.0 + (500.0 - 10.0) * (int(n) - 1000) / 99000)
    row(f"list -o json, {int(n):,} apps", f"list-json/{n}", f"floor-list/{n}", "(sqlite3 SELECT all)",
        lambda o, f, lim=lim: o <= lim, f"<= {lim:.0f} ms")
for n in sizes:
    row(f"list -o json, {int(n):,} apps, A/B", f"list-json-ab/{n}-ours", f"list-json-ab/{n}-base", "(BENCH_BASELINE)",
        lambda o, f: o <= 1.1 * f, "<= 1.1x")
for n in sizes:
    row(f"check --expiring 30d, {int(n):,} apps", f"check-expiring/{n}", f"list-json/{n}", "(list -o json)",
        lambda o, f: o <= 1.2 * f, "<= 1.2x")
for n in sizes:
    row(f"verify (no write), {int(n):,} apps", f"verify/{n}", f"show-shell/{n}", "(show)",
        lambda o, f: o <= 1.0 * f, "<= 1.0x")
row("apply, 1,000 new apps", "apply-1000", budget=lambda o, f: o <= 150, budget_text="<= 150 ms")
for n in sizes:
    row(f"PostgreSQL show, {int(n):,} apps", f"pg-show/{n}", f"pgbench-select/{n}", "(pgbench -C SELECT)",
        lambda o, f: o <= 2.0 * f, "<= 2.0x")
    row(f"PostgreSQL create, {int(n):,} apps", f"pg-create/{n}", f"pgbench-insert/{n}", "(pgbench -C INSERT)",
        lambda o, f: o <= 2.0 * f, "<= 2.0x")
    row(f"PostgreSQL list -o json, {int(n):,} apps", f"pg-list-json/{n}")
row("unlock, passphrase member, default KDF", "unlock-default", "floor-argon2", "(C argon2)", lambda o, f: o <= 1.0 * f, "<= 1.0x")
row("show, machine key, default KDF", "show-machine-default", "show-session-default", "(show, session)", lambda o, f: o <= 1.2 * f, "<= 1.2x")
row("show, scoped machine key", "show-scoped-default", "show-session-default", "(show, session)", lambda o, f: o <= 1.2 * f, "<= 1.2x")
for n in sizes:
    row(f"list -o json, scoped to 3 of {int(n):,} apps", f"list-scoped3/{n}", f"show/{n}", "(show, session)",
        lambda o, f: o <= 1.5 * f, "<= 1.5x")
print(f"revvy-apps benchmark ({sys.argv[3]} binary; medians of whole-process wall times, session unless noted;")
print("PostgreSQL rows: the median over ten rounds of each round's mean, for the command and for pgbench alike)\n")
head = ("operation", "revvy-apps", "floor", "ratio", "budget", "met")
widths = [max(len(str(r[i])) for r in [head, *out]) for i in range(len(head))]
fmt = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
print(fmt(head)); print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in out:
    print(fmt(r))
if "rss-list/10000" in rows:
    kib = int(rows["rss-list/10000"])
    print(f"\npeak RSS, list of 10,000 apps (table): {kib / 1024:.1f} MiB (budget <= 20 MiB: {'yes' if kib <= 20 * 1024 else 'NO'})")
PY
