#!/usr/bin/env bash
# Measures the real dashboard in a real terminal (tmux), release build:
#   1. key-to-screen latency while the MLP lab trains on MNIST at full speed: 200 keys at 20/s, from
#      lectern's own --trace-input log (key read → frame drawn), median and p99;
#   2. frame time while training (same log);
#   3. training throughput shown by the dashboard vs `lectern train mlp` headless, same settings (headless
#      both as its steps alone and as its whole run with validation and the final test pass);
#   4. idle CPU of the open dashboard with nothing training, then with a run paused, from /proc over 20 s each.
# Usage: Tests/Benchmarks/live_dashboard.sh [path/to/lectern]   (default .build/release/lectern)
# Needs tmux and python3. Prints one JSON object.
set -eu
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-.build/release/lectern}")
WORK=$(mktemp -d)
T="tmux -L lectern-bench-$$"
trap '$T kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
EPOCHS=${EPOCHS:-5}

screen() { $T capture-pane -p -t b; }
wait_for() {  # TEXT SECONDS
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -le "$deadline" ]; do screen | grep -qF -- "$1" && return 0; sleep 0.1; done
  echo "timed out waiting for: $1" >&2; screen >&2; return 1
}

$T -f /dev/null new-session -d -s b -x 120 -y 40 "env -i PATH=$PATH HOME=$WORK LANG=C.UTF-8 TERM=tmux-256color bash --norc"
$T set -t b -g status off
$T send-keys -t b "echo \$\$ > /dev/null; exec '$BIN' --lesson forward-pass --trace-input '$WORK/trace.log'" Enter
wait_for "idle — press s" 20
# Keys: MNIST, enough epochs to outlast 200 keys at 20 a second, then stop.
$T send-keys -t b e Tab Tab Tab Tab; $T send-keys -t b -l mnist; $T send-keys -t b Enter
$T send-keys -t b e Tab; $T send-keys -t b -l 200; $T send-keys -t b Enter
wait_for "epochs 200" 5
# The MLP lab starts at 500 steps/s; } makes it full speed (kept for the later run too).
$T send-keys -t b '}'
wait_for "Speed: full" 5
$T send-keys -t b s
wait_for "▶ running" 30
sleep 1
for i in $(seq 1 200); do
  case $((i % 4)) in 0) k='>' ;; 1) k='<' ;; 2) k=y ;; 3) k=y ;; esac
  $T send-keys -t b "$k"; sleep 0.05
done
$T send-keys -t b x
wait_for "stopped" 10
# Throughput: a run of $EPOCHS epochs with nobody typing (tmux and send-keys would compete for the 2 cores).
$T send-keys -t b e Tab; $T send-keys -t b -l "$EPOCHS"; $T send-keys -t b Enter
wait_for "epochs $EPOCHS " 5
$T send-keys -t b s
wait_for "finished" 300
rate=$(screen | grep -oE '[0-9.]+k samples/s' | head -1 | sed 's/k samples\/s//')
$T send-keys -t b q
sleep 1
headless=$("$BIN" train mlp --data mnist --epochs "$EPOCHS" 2>/dev/null | python3 -c '
import json,sys
lines=[json.loads(l) for l in sys.stdin if l.startswith("{")]
eps=[l for l in lines if "epoch" in l]
samples=sum(e["samples_per_second"]*e["seconds"] for e in eps)
total=[l for l in lines if "seconds_total" in l][0]["seconds_total"]
# training steps only / the whole run with per-epoch validation and the final test pass
print(samples/sum(e["seconds"] for e in eps), samples/total)')

# Idle: open, nothing training, 20 s of /proc ticks.
$T send-keys -t b "exec '$BIN' --lesson forward-pass" Enter 2>/dev/null || true
$T kill-server 2>/dev/null || true
$T -f /dev/null new-session -d -s b -x 120 -y 40 "env -i PATH=$PATH HOME=$WORK LANG=C.UTF-8 TERM=tmux-256color '$BIN' --lesson forward-pass"
$T set -t b -g status off
wait_for "idle — press s" 20
pid=$(pgrep -n -f "$BIN --lesson forward-pass")
ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
t0=$(ticks); sleep 20; t1=$(ticks)
# A paused run: its job sleeps on the runner's semaphore, so this should cost what an idle dashboard does.
$T send-keys -t b s
wait_for "▶ running" 30
$T send-keys -t b ' '
wait_for "paused" 5
sleep 1
p0=$(ticks); sleep 20; p1=$(ticks)
hz=$(getconf CLK_TCK)

python3 - "$WORK/trace.log" "$rate" $headless "$t0" "$t1" "$hz" "$p0" "$p1" <<'PY'
import json, sys
path, rate, headless, headless_wall, t0, t1, hz, p0, p1 = sys.argv[1:]
keys, frames = [], []
for line in open(path):
    p = line.split()
    if not p or p[0].startswith('#'): continue
    (keys if p[0] == 'key' else frames).append(int(p[3]) / 1000)
def pct(v, q):
    v = sorted(v); return v[min(len(v) - 1, len(v) * q // 100)] if v else None
dash = float(rate) * 1000
print(json.dumps({
    "keys": len(keys), "key_to_screen_median_ms": pct(keys, 50), "key_to_screen_p99_ms": pct(keys, 99),
    "frames": len(frames), "frame_median_ms": pct(frames, 50), "frame_p95_ms": pct(frames, 95),
    # The dashboard's rate covers its steps and the per-epoch validation (test scoring runs on another queue).
    "dashboard_samples_per_s": dash,
    "headless_steps_only_samples_per_s": float(headless), "headless_wall_samples_per_s": float(headless_wall),
    "slowdown_vs_steps_only_percent": (1 - dash / float(headless)) * 100,
    "slowdown_vs_wall_percent": (1 - dash / float(headless_wall)) * 100,
    "idle_cpu_percent": (int(t1) - int(t0)) / int(hz) / 20 * 100,
    "paused_run_cpu_percent": (int(p1) - int(p0)) / int(hz) / 20 * 100,
}, sort_keys=True))
PY
