# End-to-end checks of saved progress (issue 6). Sourced by Tests/e2e/run.sh: uses its check, $BIN and $WORK.
# No tmux here: `lectern progress …` is a plain command. Every command gets LECTERN_STATE_DIR, so the
# student's real ~/.local/state is never touched.

PROGRESS_DIR="$WORK/progress-state"
progress() { LECTERN_STATE_DIR="$PROGRESS_DIR" SWIFT_BACKTRACE=interactive=no "$BIN" progress "$@"; }

# --- kill -9 during saves never leaves a broken progress.json ----------------------------------------
# crash_loop N: N times, start stress-write (it saves changing progress, from ~1 KB to ~60 KB, as fast as it
# can, ~10 ms a save with fsync), kill -9 it a random 5–60 ms after its first save began, then `progress show`
# must load the file: exit 0, no notice, JSON on stdout.
# The state is seeded first, so every kill lands on a complete file being replaced.
crash_loop() {
  local i pid ms rc deadline changed=0 before after
  rm -rf "$PROGRESS_DIR"
  progress stress-write --count 5 || { echo "# stress-write --count 5 failed"; return 1; }
  for i in $(seq "$1"); do
    before=$(cksum <"$PROGRESS_DIR/progress.json")
    # A simple command, not the function: $! must be the writer itself, not a subshell that would
    # die in its place and leave the writer running.
    rm -f "$WORK/stress.err"
    LECTERN_STATE_DIR="$PROGRESS_DIR" "$BIN" progress stress-write >/dev/null 2>"$WORK/stress.err" &
    pid=$!
    # The writer says on stderr when its first save begins (a debug binary needs ~0.1 s to start).
    deadline=$(( $(date +%s) + 10 ))
    until [ -s "$WORK/stress.err" ] || [ "$(date +%s)" -gt "$deadline" ]; do sleep 0.005; done
    ms=$(( RANDOM % 56 + 5 ))
    sleep "$(printf '0.%03d' "$ms")"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null; rc=$?
    if [ "$rc" != 137 ]; then echo "# round $i: the writer ended with $rc, not by kill -9"; return 1; fi
    progress show --json >"$WORK/progress.json.out" 2>"$WORK/progress.err"; rc=$?
    if [ "$rc" != 0 ] || [ -s "$WORK/progress.err" ] || [ "$(head -c 1 "$WORK/progress.json.out")" != "{" ]; then
      echo "# round $i (killed after $ms ms): show exited $rc; stderr: $(cat "$WORK/progress.err")"
      return 1
    fi
    after=$(cksum <"$PROGRESS_DIR/progress.json")
    [ "$before" != "$after" ] && changed=$((changed + 1))
  done
  echo "# progress: the file changed in $changed of $1 killed runs; $(ls "$PROGRESS_DIR" | grep -c '\.tmp-') stray temp file(s) left"
}
check "progress: kill -9 during saves (30 rounds) always leaves a complete progress.json, loaded without notice" crash_loop 30

# A later save removes the temp files of killed writers (their processes are gone).
progress stress-write --count 1
check "progress: the next save removes temp files left by killed writers" \
  bash -c "! ls '$PROGRESS_DIR' | grep -q '\.tmp-'"

# --- show, reset ----------------------------------------------------------------------------------------
progress show >"$WORK/progress.out" 2>&1
check "progress show names the file and sums up the answers and lab settings" \
  bash -c "grep -qF 'Progress file: $PROGRESS_DIR/progress.json' '$WORK/progress.out' \
    && grep -qE '^Quiz answers: [0-9]+ right, [0-9]+ wrong' '$WORK/progress.out' && grep -q '^  mlp: epochs=' '$WORK/progress.out'"
progress reset >"$WORK/progress.out" 2>&1; rc=$?
check "progress reset removes progress.json and says so" \
  bash -c "[ $rc = 0 ] && [ ! -e '$PROGRESS_DIR/progress.json' ] && grep -qF 'Removed $PROGRESS_DIR/progress.json' '$WORK/progress.out'"
progress show >"$WORK/progress.out" 2>&1
check "after reset, progress show reports a fresh start" grep -q 'No progress saved yet' "$WORK/progress.out"

# --- a corrupt file is moved aside, never lost ----------------------------------------------------------
printf '{"version": 1, "completed": ["backgr' >"$PROGRESS_DIR/progress.json"
progress show >"$WORK/progress.out" 2>"$WORK/progress.err"; rc=$?
aside=$(ls "$PROGRESS_DIR" | grep -E '^progress\.json\.corrupt-[0-9]{8}-[0-9]{6}$' | head -1)
check "progress show moves a corrupt file aside and names where it went" \
  bash -c "[ $rc = 0 ] && [ -n '$aside' ] && [ ! -e '$PROGRESS_DIR/progress.json' ] \
    && grep -qF 'not valid JSON' '$WORK/progress.err' && grep -qF '$PROGRESS_DIR/$aside' '$WORK/progress.err' \
    && cmp -s <(printf '{\"version\": 1, \"completed\": [\"backgr') '$PROGRESS_DIR/$aside'"
printf '{"version": 99}\n' >"$PROGRESS_DIR/progress.json"
progress show >/dev/null 2>"$WORK/progress.err"
check "a file from an unknown version is moved aside too" \
  bash -c "grep -qE 'version 99.*moved to .*progress\.json\.unknown-version-[0-9]{8}-[0-9]{6}' '$WORK/progress.err'"
