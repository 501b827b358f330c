#!/usr/bin/env bash
# The bundled 1 km world built by the local engine, by the Spark engine on local[2], and on a standalone cluster
# on loopback (Spark's Master and two 1-core Workers as separate JVMs), alternately, N times each (default 3):
# end-to-end wall seconds (launcher start to exit), the Spark run report's stage seconds, the receipt of every
# run (all must agree), and the serial receipt hash rate. Results: a table on stdout; raw lines in $OUT/runs.tsv.
# Usage: spark/bench-spark.sh [N] [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-3}"
OUT="${2:-$(mktemp -d "${TMPDIR:-/tmp}/tileindex-spark-bench.XXXXXX")}"
source "$ROOT/.mvn/find-jdk25.sh"
JAVA="$TILEINDEX_JDK/bin/java"
HASH=$(printf '5b%.0s' $(seq 32))
DATA=(--countries "$ROOT/data/world_countries_ne10m.geojson" --iso "$ROOT/data/iso3166.csv" --grid "$ROOT/data/worldpop_1km_grid.tif"
      --parameter-hash "$HASH" --quiet)
"$ROOT/tileindex" --version >/dev/null                      # builds the local engine (and its AOT cache) if needed
"$ROOT/tileindex" build --engine spark --master 'local[1]' --help >/dev/null  # builds the Spark engine if needed

# the loopback cluster, as the test starts it (spark/src/test/.../LoopbackCluster.java)
CP="$ROOT/spark/target/tileindex-spark.jar:$ROOT/spark/target/spark-lib/*"
mkdir -p "$OUT/spark-home/jars" && touch "$OUT/spark-home/RELEASE"
# a Spark distribution's jars/: Spark and what it needs (SLF4J's API is in tileindex-spark.jar, not in spark-lib)
ln -sf "$ROOT"/spark/target/spark-lib/*.jar "$ROOT/spark/target/tileindex-spark.jar" "$OUT/spark-home/jars/"
PORT=$((20000 + RANDOM % 20000))
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do pkill -KILL -P "$p" 2>/dev/null || true; kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
spark_jvm() { # name main-class args...
  local name=$1; shift
  SPARK_HOME="$OUT/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 "$JAVA" @"$ROOT/.mvn/runtime-jvm.options" \
    @"$ROOT/spark/spark-jvm.options" -Xmx256m -cp "$CP" "$@" >"$OUT/$name.log" 2>&1 &
  PIDS+=($!)
}
spark_jvm master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port $((PORT + 1))
for w in 0 1; do
  spark_jvm "worker-$w" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
    --webui-port $((PORT + 2 + w)) --work-dir "$OUT/work-$w" "spark://127.0.0.1:$PORT"
done
for _ in $(seq 300); do [ "$(grep -c 'Registering worker' "$OUT/master.log" 2>/dev/null)" -ge 2 ] && break; sleep 0.2; done

run() { # engine label, extra args...
  local label=$1; shift
  local dir="$OUT/$label-$i"
  local t0=$(date +%s.%N)
  "$ROOT/tileindex" build "${DATA[@]}" --out "$dir" "$@" >"$dir.json"
  local t1=$(date +%s.%N)
  local report="$dir/reports/layer1/1B/tile_index/parameter_hash=$HASH/run_report.json"
  python3 - "$label" "$t0" "$t1" "$report" "$dir.json" >>"$OUT/runs.tsv" <<'PY'
import json, sys
label, t0, t1, report, summary = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
r = json.load(open(report)); st = r["pat"]["stage_seconds"]; e = r.get("engine", {})
print("\t".join(str(x) for x in [label, round(t1 - t0, 3), r["determinism_receipt"]["sha256_hex"],
      st.get("read_inputs_seconds"), st.get("scan_seconds"), e.get("job_seconds"), e.get("receipt_seconds"),
      r["pat"]["output_bytes_total"], r["rows_emitted"], round(sum(r["pat"]["worker_busy_seconds"]), 3)]))
PY
  [ "$label" = local ] && [ "$i" = "$N" ] && "$JAVA" "$ROOT/spark/bench/ReceiptRate.java" \
      "$dir/data/layer1/1B/tile_index/parameter_hash=$HASH" >"$OUT/receipt-rate.txt"
  rm -rf "$dir"
}
: >"$OUT/runs.tsv"
for i in $(seq "$N"); do
  run local
  run spark-local2 --engine spark --master 'local[2]'
  run spark-cluster --engine spark --master "spark://127.0.0.1:$PORT" --workers 2
done
python3 - "$OUT/runs.tsv" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
receipts = {r[2] for r in rows}
print("receipts:", "all equal" if len(receipts) == 1 else "DIFFER", sorted(receipts))
print("engine           wall_s(median)  runs            read_s  scan_s  job_s   receipt_s  task_busy_s")
for label in ["local", "spark-local2", "spark-cluster"]:
    rs = [r for r in rows if r[0] == label]
    med = lambda k: statistics.median(float(r[k]) for r in rs) if rs[0][k] != "None" else float("nan")
    print(f"{label:16} {med(1):14.2f}  {' '.join(r[1] for r in rs):15} {med(3):6.2f}  {med(4):6.2f}  {med(5):6.2f}  {med(6):9.3f}  {med(9):10.2f}")
r = rows[-1]
print(f"bytes {r[7]}  rows {r[8]}")
PY
cat "$OUT/receipt-rate.txt"
echo "raw: $OUT/runs.tsv"
