# End-to-end checks of the live labs (issue 5). Sourced by Tests/e2e/run.sh, before its summary: uses its
# helpers (start_session, launch, wait_for, wait_gone, check, restored, screen) and its $T, $S, $WORK, $ROOT.
# Every scenario runs the real binary in its own tmux session, polls the screen with deadlines, and ends with
# q: exit 0, the alternate screen off and the tty settings as they were. The sessions' shells get HISTFILE=
# (empty), so that none of them writes $WORK/.bash_history while the suite's cleanup removes $WORK.

LABS_T0=${EPOCHREALTIME:-$(date +%s)}

# wait_re ERE [SECONDS]: poll the screen until a line matches the extended regular expression.
wait_re() {
  local deadline=$(( $(date +%s) + ${2:-15} ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    screen | grep -qE -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
# The progress text of the lab pane: "epoch 3/10 ▕███▏ 23%" or "iteration 12/300 ▕▌▏ 4%".
lab_progress() { screen | grep -oE '(epoch|iteration) [0-9]+/[0-9]+ [^%]*%' | head -1; }
# The progress text and the throughput line under it (samples/s · elapsed · lr · speed).
lab_status() { lab_progress; screen | grep -oE '[0-9.k]+ (samples|words|it)/s · .*' | head -1; }
# The percentage of the progress text, as a number.
lab_percent() { lab_progress | grep -oE '[0-9]+%$' | tr -d %; }
# Every braille cell on screen (U+2800–U+28FF, bytes E2 A0..A3 xx), in reading order.
lab_braille() { screen | LC_ALL=C grep -o $'\xe2[\xa0-\xa3][\x80-\xbf]' | tr -d '\n'; }
no_braille() { [ -z "$(lab_braille)" ]; }
# The settings bar of the MLP lab, from "lr" to the pane's edge.
lab_settings_bar() { screen | grep -oE 'lr [0-9.e-]+  epochs .*' | head -1; }
# A watched word's line in the Word2Vec pane: the word, then neighbours with similarities.
lab_neighbours() { screen | grep -oE "$1 +[a-z]+ -?[0-9]?\.[0-9]{2}.*" | head -1; }
# changes FUNCTION [SECONDS]: before the deadline FUNCTION prints something, then something else.
changes() {
  local before="" after deadline=$(( $(date +%s) + ${2:-10} ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    after=$($1)
    if [ -z "$before" ]; then before=$after
    elif [ -n "$after" ] && [ "$after" != "$before" ]; then return 0
    fi
    sleep 0.1
  done
  return 1
}
# steady FUNCTION: two captures 0.6 s apart are identical (and not empty).
steady() {
  local a b
  a=$($1); sleep 0.6; b=$($1)
  [ -n "$a" ] && [ "$a" = "$b" ]
}
# percent_becomes N [SECONDS]: the progress percentage reaches exactly N, and stays there for 0.6 s.
percent_becomes() {
  local deadline=$(( $(date +%s) + ${2:-5} ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    [ "$(lab_percent)" = "$1" ] && { sleep 0.6; [ "$(lab_percent)" = "$1" ]; return; }
    sleep 0.1
  done
  return 1
}
# all_of TEXT...: each TEXT shows on the screen (polled, as wait_for).
all_of() { local t; for t in "$@"; do wait_for "$t" || return 1; done; }
# steps_from P N: the percentage was P (room left for N more) and is now P+N, and stays there.
steps_from() { [ -n "$1" ] && [ "$1" -lt $(( 100 - $2 )) ] && percent_becomes $(( $1 + $2 )); }
# settings_bar_is BAR: the editor is closed and the MLP settings bar reads BAR again.
settings_bar_is() { ! screen | grep -qE 'wants a number|Tab next field' && [ -n "$1" ] && [ "$(lab_settings_bar)" = "$1" ]; }
# ascii_chart: the loss chart's axis is drawn in ASCII, and no braille cell is on screen.
ascii_chart() { screen | grep -qE -- '\+-{20,}' && no_braille; }
# trace_has_keys FILE: at least four "key READ DRAWN TOOK NAME" lines, among them j and 1, and frame lines.
trace_has_keys() {
  [ "$(grep -cE '^key [0-9]+ [0-9]+ [0-9]+ ' "$1")" -ge 4 ] && grep -qF 'char("j")' "$1" \
    && grep -qF 'char("1")' "$1" && grep -q '^frame ' "$1"
}
# bar_and_progress TEXT ERE...: the settings bar TEXT shows, and lines match each progress ERE.
bar_and_progress() { wait_for "$1" || return 1; shift; local e; for e in "$@"; do wait_re "$e" || return 1; done; }
# eventually COMMAND...: COMMAND succeeds within 10 s (polled).
eventually() {
  local deadline=$(( $(date +%s) + 10 ))
  while [ "$(date +%s)" -le "$deadline" ]; do "$@" && return 0; sleep 0.1; done
  return 1
}
# quits_mid_run TRIES: start a long MLP run at full speed and press q while it trains, in TRIES fresh
# sessions; each time lectern must exit 0 within 5 s with the terminal restored. (Tries, because what the
# training thread is doing at the moment of q varies from one try to the next.)
quits_mid_run() {
  local i pid
  for i in $(seq "$1"); do
    start_session 120 40 LANG=C.UTF-8 HISTFILE=
    launch --lang en --lesson forward-pass
    wait_for "idle — press s to start" || return 1
    $T send-keys -t $S e Tab 1000 Enter s
    wait_for "▶ running  epoch" || return 1
    $T send-keys -t $S q
    if ! { wait_for "EXIT=0" 5 && alt_off && sleep 0.2 && cmp -s "$WORK/stty.before" "$WORK/stty.after"; }; then
      pid=$(cat "$WORK/pid")
      echo "  (try $i: lectern pid $pid did not exit within 5 s of q: killed)"
      kill -KILL "$pid" 2>/dev/null
      return 1
    fi
  done
}
# row N: the screen's Nth line.
row() { screen | sed -n "${1}p"; }
# laid_out H PATTERN: the window's last row (H) carries the key hints and a line matches PATTERN, that is,
# the dashboard was drawn again for the new size (a stale screen cropped by tmux would fail one of them).
laid_out() { row "$1" | grep -qF "[lesson]" && screen | grep -qE -- "$2"; }

# --- MLP lab on the 8x8 digits: start, watch, pause, step, edit lr live, reset, quit --------------------------
# train-size 1000 with batch-size 100 makes 10 steps an epoch and 100 in all, so the percentage is the step
# count and one step (.) moves it by exactly 1; 5 steps/s keeps the run on screen long enough to watch.
start_session 120 40 LANG=C.UTF-8 HISTFILE=
launch --lang en --lesson forward-pass
check "labs: --lesson forward-pass opens the MLP lab, idle" \
  all_of 'MLP digits' 'idle — press s to start'
$T send-keys -t $S e Tab Tab 100 Tab Tab digits Tab 1000 Enter
check "labs: the editor sets batch-size 100 and train-size 1000 before a run" \
  all_of 'batch-size 100  hidden 64,64' 'the next run (s) uses it'
# The MLP lab starts at 500 steps/s (watchable on MNIST); three { make 100, 20, then 5.
$T send-keys -t $S '{' '{' '{'
check "labs: { slows the run down to 5 steps/s" wait_for "Speed: 5 steps/s"
$T send-keys -t $S s
check "labs: s starts the run: running, with an epoch counter" wait_re '▶ running +epoch [0-9]+/10 '
check "labs: the epoch/percent text moves while it runs" changes lab_progress 5
check "labs: the loss chart moves (braille cells change)" changes lab_braille 5
$T send-keys -t $S Space
check "labs: space pauses" wait_for "⏸ paused  epoch"
sleep 0.5   # a step already paced (up to 1/5 s) may still land after the pause; the check below is the assertion
check "labs: while paused the progress numbers stay still (0.6 s apart)" steady lab_status
p=$(lab_percent)
$T send-keys -t $S .
check "labs: . while paused takes exactly one step ($p% -> $((${p:-0} + 1))%)" steps_from "$p" 1
p=$(lab_percent)
$T send-keys -t $S . .
check "labs: . . in quick succession takes two steps and shows both ($p% -> $((${p:-0} + 2))%)" steps_from "$p" 2
$T send-keys -t $S e 0.01 Enter
check "labs: e, 0.01, Enter sets lr 0.01 on the bar and applies it live" \
  all_of 'lr 0.01  epochs 10' 'Applied to the running model'
$T send-keys -t $S Space
check "labs: space resumes, and the running model reports lr 0.01" \
  all_of '▶ running  epoch' '· lr 0.01 ·'
$T send-keys -t $S r
check "labs: r resets: run #2 starts again from epoch 1" \
  all_of 'MLP digits #2' '▶ running  epoch 1/10'
quit_check "labs: q during a run quits with exit 0 and restores the terminal"

# --- garbage into a settings field ----------------------------------------------------------------------
start_session 120 40 LANG=C.UTF-8 HISTFILE=
launch --lang en --lesson forward-pass
wait_for "idle — press s to start" >/dev/null
bar=$(lab_settings_bar)
$T send-keys -t $S e abc Tab
check "labs: abc in lr is refused: “wants a number” and the old value kept" \
  wait_for "⚠ lr: wants a number, got “abc” — kept 0.001"
$T send-keys -t $S Escape
check "labs: Esc closes the editor and the settings bar is unchanged" eventually settings_bar_is "$bar"
# The 8×8 digits at full speed, so that the run ends in seconds (the lab starts on MNIST at 500 steps/s).
$T send-keys -t $S e Tab Tab Tab Tab digits Enter '}' s
check "labs: the next run trains with the old lr 0.001" all_of "· lr 0.001 ·" "finished  epoch 10/10"
quit_check "labs: quit after the refused edit restores the terminal"

# --- gradient descent with α = 0.2 diverges -------------------------------------------------------------
start_session 120 40 LANG=C.UTF-8 HISTFILE=
launch --lang en --lesson forward-pass
wait_for "idle — press s to start" >/dev/null
$T send-keys -t $S 2
check "labs: 2 shows gradient descent at its default 20 steps/s" \
  all_of 'Gradient descent' 'alpha 0.01  iterations 300' '20 steps/s'
$T send-keys -t $S e 0.2 Enter
check "labs: the editor sets alpha 0.2" wait_for "alpha 0.2  iterations 300"
$T send-keys -t $S s
check "labs: GD with α 0.2 diverges well before 300 iterations" wait_re 'diverged +iteration [0-9]{1,2}/300 ' 20
check "labs: the divergence advice says it overshoots" wait_for "overshoots"
check "labs: the pane gives the stability bound: stable for α < 0.140" wait_for "α 0.2 · stable for α < 0.140"
quit_check "labs: quit after a divergence restores the terminal"

# --- Word2Vec on a small corpus: neighbours move while it trains, then it finishes -------------------------
W2V_ASSETS="$WORK/w2v-assets"
cp -R "$ROOT/assets" "$W2V_ASSETS"
gzip -dc "$ROOT/assets/corpus/austen.txt.gz" | head -3000 | gzip > "$W2V_ASSETS/corpus/austen.txt.gz"
start_session 120 40 LANG=C.UTF-8 HISTFILE=
launch --lang en --lesson forward-pass --assets "$W2V_ASSETS"
wait_for "idle — press s to start" >/dev/null
$T send-keys -t $S 3 z
check "labs: 3 shows Word2Vec; z widens the pane to the whole settings bar" \
  all_of 'Word2Vec' 'negative 5  min-count 5  corpus austen'
# Word2Vec starts at 100 steps/s; one { makes it 20.
$T send-keys -t $S e Tab 1 Tab Tab Tab Tab 2 Enter '{'
check "labs: the editor sets epochs 1 and min-count 2; { slows to 20 steps/s" \
  all_of 'epochs 1  dim 50  window 5  negative 5  min-count 2' 'Speed: 20 steps/s'
$T send-keys -t $S s
check "labs: s trains on the small corpus: words/s and the vocabulary line" \
  all_of ' words/s · ' 'austen · vocab '
check "labs: the watch list shows neighbours with similarities" \
  wait_re 'father +[a-z]+ -?[0-9]?\.[0-9]{2} [a-z]+ '
check "labs: the neighbours of 'father' change while it trains" changes "lab_neighbours father" 10
$T send-keys -t $S '}' '}' '}'
check "labs: } back to full speed, and the run finishes" wait_re 'finished +epoch 1/1 .* 100%' 30
quit_check "labs: quit after Word2Vec restores the terminal"

# --- q while the MLP trains at full speed ---------------------------------------------------------------
check "labs: q while the MLP trains at full speed exits at once (5 tries)" quits_mid_run 5

# --- resize while a run is going --------------------------------------------------------------------------
start_session 120 40 LANG=C.UTF-8 HISTFILE=
launch --lang en --lesson forward-pass
wait_for "idle — press s to start" >/dev/null
$T send-keys -t $S e Tab Tab Tab Tab digits Enter '{' '{' '{' s
check "labs: a slow run is going at 120x40" wait_re '▶ running +epoch [0-9]+/10 '
$T resize-window -t $S -x 80 -y 24
check "labs: at 80x24 the lab pane moves under the lesson, full width" eventually laid_out 24 '^┌  MLP digits #1 '
check "labs: at 80x24 the settings bar and the one-line progress show" \
  bar_and_progress "lr 0.001  epochs 10" 'running +epoch [0-9]+/10 .*%.* samples/s'
check "labs: at 80x24 the run keeps going" changes lab_progress 5
$T resize-window -t $S -x 160 -y 50
check "labs: at 160x50 the list, the lesson and the lab pane sit side by side" eventually laid_out 50 '┌ Lessons .*┌  MLP digits #1 '
check "labs: at 160x50 the settings bar and the progress show" \
  bar_and_progress "lr 0.001  epochs 10  batch-size 32  hidden 64,64  data digits" 'running +epoch [0-9]+/10 .*%' \
  ' samples/s · '
check "labs: at 160x50 the run keeps going" changes lab_progress 5
quit_check "labs: quit after resizing mid-run restores the terminal"

# --- ASCII charts: --chart ascii, and a locale that is not UTF-8 ---------------------------------------------
start_session 120 40 LANG=C.UTF-8 HISTFILE=
launch --lang en --lesson forward-pass --chart ascii
wait_for "idle — press s to start" >/dev/null
$T send-keys -t $S e Tab Tab Tab Tab digits Enter '}' s
check "labs: --chart ascii: the run finishes with an ASCII progress bar" wait_re 'finished +epoch 10/10 \[#+\] 100%' 30
check "labs: --chart ascii: the loss chart is drawn in ASCII, no braille on screen" eventually ascii_chart
quit_check "labs: quit with --chart ascii restores the terminal"

start_session 120 40 LANG=C HISTFILE=
launch --lang en --lesson forward-pass
wait_for "idle — press s to start" >/dev/null
$T send-keys -t $S e Tab Tab Tab Tab digits Enter '}' s
check "labs: LANG=C picks ASCII by itself: the run finishes with an ASCII bar" wait_re 'finished +epoch 10/10 \[#+\] 100%' 30
check "labs: LANG=C: the loss chart is drawn in ASCII, no braille on screen" eventually ascii_chart
quit_check "labs: quit under LANG=C restores the terminal"

# --- --trace-input --------------------------------------------------------------------------------------
TRACE="$WORK/trace.txt"
rm -f "$TRACE"
start_session 100 30 LANG=C.UTF-8 HISTFILE=
launch --lang en --trace-input "$TRACE"
wait_for "Lectern  ·" >/dev/null
$T send-keys -t $S j k 1
wait_for "MLP digits" >/dev/null
$T send-keys -t $S 0
wait_gone "MLP digits" >/dev/null
quit_check "labs: --trace-input: quit restores the terminal"
check "labs: --trace-input writes a 'key read drawn took name' line per key" trace_has_keys "$TRACE"

LABS_T1=${EPOCHREALTIME:-$(date +%s)}
echo "# labs section took $(awk "BEGIN { printf \"%.1f\", ${LABS_T1/,/.} - ${LABS_T0/,/.} }") s"
