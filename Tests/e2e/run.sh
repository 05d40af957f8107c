#!/usr/bin/env bash
# End-to-end test: runs the real lectern binary in tmux, types keys, reads the screen.
# Usage: Tests/e2e/run.sh [path/to/lectern]   (default .build/debug/lectern)
# Prints one line per check and a closing "N passed, M failed"; exits 1 if any check failed.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=$(cd "$(dirname "${1:-.build/debug/lectern}")" && pwd)/$(basename "${1:-.build/debug/lectern}")
WORK=$(mktemp -d)
SOCK="lectern-e2e-$$"
T="tmux -L $SOCK"
S=e2e
PASS=0; FAIL=0
cleanup() { $T kill-server 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

ok()   { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL - $1"; echo "----- screen -----"; screen | sed 's/^/  | /'; echo "------------------"; }
screen() { $T capture-pane -p -t $S 2>/dev/null; }
# wait_for TEXT [SECONDS]: poll the screen until TEXT shows (fixed string).
wait_for() {
  local deadline=$(( $(date +%s) + ${2:-15} ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
wait_gone() {
  local deadline=$(( $(date +%s) + ${2:-10} ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    screen | grep -qF -- "$1" || return 0
    sleep 0.1
  done
  return 1
}
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }

# start_session W H [ENV...]: a fresh shell in a W×H window with a clean environment.
# Each session gets a new name and the old one is closed only after the new one exists: killing the last
# session stops the tmux server, and a new-session racing that shutdown can fail.
SESSIONS=0
start_session() {
  local w=$1 h=$2 old=$S; shift 2
  SESSIONS=$((SESSIONS + 1)); S="e2e$SESSIONS"
  $T -f /dev/null new-session -d -s $S -x "$w" -y "$h" \
    "env -i PATH=$PATH HOME=$WORK TERM=tmux-256color SWIFT_BACKTRACE=interactive=no HISTFILE= LECTERN_STATE_DIR=$WORK/state$SESSIONS $* bash --norc --noprofile"
  [ "$SESSIONS" -gt 1 ] && $T kill-session -t "$old" 2>/dev/null
  $T set -t $S -g status off
  $T send-keys -t $S "PS1='$ '; cd '$ROOT'; stty -g > '$WORK/stty.before'" Enter
  sleep 0.3
}
# launch ARGS: start lectern in the session; its pid lands in $WORK/pid.
launch() {
  rm -f "$WORK/pid"
  $T send-keys -t $S "clear; bash -c 'echo \$\$ > $WORK/pid; exec \"$BIN\" $*' 2>$WORK/err.log; echo EXIT=\$?; stty -g > '$WORK/stty.after'" Enter
}
# No SGR colour parameter (30–37, 40–47, 38;…, 48;…, 90–107) in the pane's escape sequences.
no_colour() { ! $T capture-pane -e -p -t $S | grep -qE $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'; }
colour() { $T capture-pane -e -p -t $S | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m'; }
exited_ok() { wait_for "EXIT=0" 10 && alt_off; }
alt_on() { [ "$($T display -p -t $S '#{alternate_on}')" = "1" ]; }
alt_off() { [ "$($T display -p -t $S '#{alternate_on}')" = "0" ]; }
restored() { wait_for "EXIT=$1" 10 && alt_off && sleep 0.2 && cmp -s "$WORK/stty.before" "$WORK/stty.after"; }
# quit_check NAME: press q; check NAME that lectern exits 0 and restores the terminal. A lectern still running
# after that (hung on its way out) is killed by its pid, so that no test leaves a process behind.
quit_check() {
  local pid
  $T send-keys -t $S q
  check "$1" restored 0
  pid=$(cat "$WORK/pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null || return 0
  echo "  (lectern pid $pid was still running after q: killed)"
  kill -KILL "$pid"
}

# --- 120×40, English: open, scroll, lessons, language, search, help, resize, quit ----------------------
start_session 120 40 LANG=C.UTF-8
launch --lang en --lesson background
check "opens on the lesson list and the lesson (120x40)" wait_for "Lectern  ·  1"
check "lesson list pane is drawn" wait_for "Lessons"
check "alternate screen is on while running" alt_on
$T send-keys -t $S G
check "G goes to the bottom (100%)" wait_for "100%"
$T send-keys -t $S g
check "g goes back to the top (0%)" wait_for "English  0%"
$T send-keys -t $S j j j j j j j j j j j j j j j j j j j j
check "j scrolls (percentage moves off 0%)" wait_gone "English  0%"
$T send-keys -t $S l
check "l opens the next lesson (core concepts)" wait_for "Lectern  ·  2 "
$T send-keys -t $S h
check "h goes back to lesson 1" wait_for "Lectern  ·  1 "
$T send-keys -t $S Tab Down Down Enter
check "Tab, Down, Enter opens the selected lesson from the list" wait_for "Lectern  ·  3.1"
$T send-keys -t $S L
check "L switches to Chinese (same lesson)" wait_for "前向传播"
$T send-keys -t $S L
check "L switches back to English" wait_for "forward pass"
$T send-keys -t $S / ReLU Enter
check "/ search finds matches and reports n/N" wait_for "/ReLU  1/"
$T send-keys -t $S n
check "n goes to the next match" wait_for "/ReLU  2/"
$T send-keys -t $S N
check "N goes back" wait_for "/ReLU  1/"
$T send-keys -t $S / zzqqxx Enter
check "a search with no match says so" wait_for "No match for"
$T send-keys -t $S '?'
check "? opens the help overlay" wait_for "Keys — ? or Esc closes"
$T send-keys -t $S '?'
check "? closes the help overlay" wait_gone "Keys — ? or Esc closes"
$T resize-window -t $S -x 80 -y 24
check "resize to 80x24 re-lays out" wait_for "Lectern  ·  3.1"
$T resize-window -t $S -x 30 -y 10
check "below the minimum size the screen says so" wait_for "too small"
$T resize-window -t $S -x 160 -y 50
check "resize to 160x50 draws the dashboard again" wait_for "Lectern  ·  3.1"
$T send-keys -t $S q
check "q quits with exit 0 and restores the terminal" restored 0

# --- signals --------------------------------------------------------------------------------------
for pair in TERM:143 HUP:129 INT:130 QUIT:131; do
  sig=${pair%%:*}; code=${pair##*:}
  start_session 100 30 LANG=C.UTF-8
  launch --lang en
  wait_for "Lectern  ·" >/dev/null
  kill -"$sig" "$(cat "$WORK/pid")"
  check "SIG$sig quits with $code and restores the terminal" restored "$code"
done
start_session 100 30 LANG=C.UTF-8
launch --lang en
wait_for "Lectern  ·" >/dev/null
$T send-keys -t $S C-c
check "Ctrl-C quits and restores the terminal" restored 130

# --- Ctrl-Z and fg --------------------------------------------------------------------------------
start_session 100 30 LANG=C.UTF-8
$T send-keys -t $S "set -m; \"$BIN\" --lang en 2>$WORK/err.log" Enter
wait_for "Lectern  ·" >/dev/null
$T send-keys -t $S C-z
check "Ctrl-Z suspends to the shell" wait_for "Stopped" 10
check "the terminal is restored while suspended" alt_off
$T send-keys -t $S "fg" Enter
check "fg brings the dashboard back, redrawn" wait_for "Lectern  ·"
$T send-keys -t $S q
wait_gone "Lectern  ·" >/dev/null
$T send-keys -t $S 'echo EXIT=$?' Enter
check "quit after fg exits 0 and restores the terminal" exited_ok

# --- LANG=C still shows Chinese; NO_COLOR works ----------------------------------------------------
start_session 100 30 LANG=C NO_COLOR=1
launch --lang zh
check "LANG=C falls back to UTF-8: Chinese text is shown" wait_for "背景"
check "NO_COLOR: no colour escapes on screen, attributes only" no_colour
$T send-keys -t $S q
check "quit under LANG=C" restored 0

# --- an 8-colour terminal -------------------------------------------------------------------------
start_session 100 30 LANG=C.UTF-8 TERM=screen
launch --lang en
check "TERM=screen (8 colours) opens the dashboard" wait_for "Lectern  ·"
check "TERM=screen draws with the basic colours" colour
$T send-keys -t $S q
check "quit on an 8-colour terminal" restored 0

# --- an unknown terminal type -----------------------------------------------------------------------
start_session 100 30 LANG=C.UTF-8 TERM=nosuchterm
launch --lang en
check "an unknown TERM is a clear error, exit 1" bash -c "$(declare -f screen wait_for); T='$T'; S=$S; wait_for 'unknown terminal type' 10 || grep -q 'unknown terminal type' '$WORK/err.log'"
check "and the shell is left working" wait_for "EXIT=1"

# --- a broken lesson leaves the rest readable ----------------------------------------------------------
cp -R "$ROOT/Lessons" "$WORK/Lessons"
printf -- '---\nid: broken\ntitle: Broken lesson\norder: 9\nlab: nosuchlab\n---\n# Broken\n\n```quiz\nquestion: unclosed\n' > "$WORK/Lessons/en/09-broken.md"
start_session 120 40 LANG=C.UTF-8
launch --lang en --lessons "$WORK/Lessons" --lesson broken
check "a broken lesson shows its errors in place" wait_for "09-broken.md:5: unknown lab"
$T send-keys -t $S h
other_lesson() { wait_gone "·  9  Broken lesson" && wait_for "Lectern  ·  8 "; }
check "the other lessons still open (h goes to the one before, chapter 8)" other_lesson
$T send-keys -t $S q
wait_for "EXIT=0" >/dev/null
out=$("$BIN" lessons check "$WORK/Lessons" 2>/dev/null); rc=$?
check "lessons check exits 1 on a broken lesson" [ "$rc" = 1 ]
check "lessons check prints path:line: message" grep -qF "09-broken.md:9: unclosed code fence" <<<"$out"
"$BIN" lessons check "$ROOT/Lessons" >"$WORK/check.out" 2>"$WORK/check.err"
check "lessons check passes on the shipped lessons" [ "$?" = 0 ]
check "lessons check prints each language's quiz balance, and the shipped course has no warning" \
  bash -c "grep -qE '^zh: [0-9]+ multiple-choice answers: a [0-9]+' '$WORK/check.err' && grep -qE '^en: [0-9]+ multiple-choice answers' '$WORK/check.err' && ! grep -q warning '$WORK/check.out'"

# --- the language-model lab ------------------------------------------------------------------------------
start_session 120 40 LANG=C.UTF-8
launch --lang en --no-save
wait_for "Lectern  ·  1" >/dev/null
$T send-keys -t $S 4
check "4 shows the language-model lab" wait_for "Language model"
$T send-keys -t $S z s
lm_started() { wait_for "next token after" 60 && wait_for "attention · layer 1/2 · head 1/4" 10; }
check "s starts it: odds of the next token and the Transformer's attention appear" lm_started
$T send-keys -t $S a
check "a moves the map to the next head" wait_for "attention · layer 1/2 · head 2/4"
$T send-keys -t $S x t t t t t t
check "t lowers the temperature to 0 (greedy), the bars say so" wait_for "T 0 greedy"
$T send-keys -t $S e Tab Tab C-u bigram Enter
wait_for "model bigram" >/dev/null
$T send-keys -t $S s
check "the bigram has no attention, and the pane says so" wait_for "no attention in this model"
$T send-keys -t $S x p C-u 春 Enter
check "a prompt character outside the vocabulary is named, the old prompt kept" wait_for "Prompt: the character 春 (U+6625"
quit_check "q leaves the language-model lab and restores the terminal"

# --- the language-model lab, live: a small corpus and a small model, so it runs in seconds -------------------
gzip -dc "$ROOT/assets/corpus/shakespeare.txt.gz" | head -c 30000 >"$WORK/small.txt"
gzip -dc "$ROOT/assets/corpus/poems-zh.txt.gz" | head -n 400 >"$WORK/poems.txt"
start_session 100 40 LANG=C.UTF-8
launch --lang en --no-save --corpus "$WORK/small.txt"
wait_for "Lectern  ·  1" >/dev/null
$T send-keys -t $S 4 z e C-u abc Tab
check "lm: garbage in a field is refused under it, the old value kept" wait_for "⚠ lr: wants a number, got “abc” — kept 0.003"
$T send-keys -t $S Escape e Tab C-u 100000 Tab C-u transformer-1 Tab Tab Tab Tab Tab C-u 16 Tab C-u 2 Tab C-u 16 Tab C-u 8 Enter
lm_set() { wait_for "corpus $WORK/small.txt" && wait_for "model transformer-1"; }
check "lm: --corpus chose the lab's corpus; the editor made a small Transformer" lm_set
$T send-keys -t $S s
lm_small() { wait_for "next token after «⏎»" 60 && wait_for "attention · layer 1/1 · head 1/2" 10 && wait_for "transformer-1 · 4.56k params · char 62" 5; }
check "lm: s starts it; the odds after the prompt and the one layer's attention appear" lm_small
samples() { screen | grep -E '^│ +[0-9]+ [^┤]'; }
changes() { local a b; a=$(samples); sleep 2.5; b=$(samples); [ -n "$a" ] && [ "$a" != "$b" ]; }
check "lm: the sample lines change as it trains" changes
$T send-keys -t $S Space
wait_for "▌▌ paused" 5 >/dev/null || wait_for "paused" 5 >/dev/null
iteration() { screen | grep -oE 'iteration [0-9]+' | head -1 | grep -oE '[0-9]+'; }
frozen() { local a b; sleep 0.5; a=$(screen | grep -E 'iteration|^│ +[0-9]+ [^┤]'); sleep 1.5; b=$(screen | grep -E 'iteration|^│ +[0-9]+ [^┤]'); [ -n "$a" ] && [ "$a" = "$b" ]; }
check "lm: space pauses; the step and the samples stand still" frozen
n=$(iteration)
$T send-keys -t $S .
one_step() { local deadline=$(( $(date +%s) + 10 )); while [ "$(iteration)" != "$((n + 1))" ]; do [ "$(date +%s)" -gt "$deadline" ] && return 1; sleep 0.1; done; sleep 1; [ "$(iteration)" = "$((n + 1))" ]; }
check "lm: . takes exactly one step" one_step
$T send-keys -t $S t t t t t t
check "lm: t down to 0 while paused: the bars say greedy" wait_for "T 0 greedy"
last_two_same() {
  local deadline=$(( $(date +%s) + 10 )) l
  while [ "$(date +%s)" -le "$deadline" ]; do
    l=$(samples | tail -2 | sed 's/ *│$//')
    [ "$(printf '%s\n' "$l" | wc -l)" = 2 ] && [ "$(printf '%s\n' "$l" | head -1)" = "$(printf '%s\n' "$l" | tail -1)" ] && return 0
    sleep 0.2
  done
  return 1
}
$T send-keys -t $S o
check "lm: temperature 0 gives the same sample twice (paused, a second greedy line from the same model)" last_two_same
$T send-keys -t $S x e Tab Tab Tab C-u "$WORK/poems.txt" Enter
wait_for "corpus $WORK/poems.txt" >/dev/null
$T send-keys -t $S s
wait_for "next token after" 60 >/dev/null
$T send-keys -t $S p C-u 床前 Enter
check "lm: a Chinese prompt on a Chinese corpus: the odds follow it" wait_for "after «床前»" 15
resized() { $T resize-window -t $S -x 80 -y 24; sleep 1; local a; a=$(iteration); sleep 2; screen | grep -q "^└─*┘$" && [ "$(screen | head -1 | wc -m)" -le 82 ] && [ "$(iteration)" -gt "$a" ] && wait_for "next token after" 5; }
check "lm: resized to 80x24 mid-run, it redraws and keeps training" resized
$T resize-window -t $S -x 100 -y 40
quit_check "lm: q leaves the live run and restores the terminal"

# --- an installed layout: PREFIX/bin/lectern finds PREFIX/share/lectern/Lessons --------------------
PREFIX_DIR=$(mktemp -d)   # outside $WORK, whose own Lessons/ copy must not be found instead
mkdir -p "$PREFIX_DIR/bin" "$PREFIX_DIR/share/lectern"
cp "$BIN" "$PREFIX_DIR/bin/lectern"
cp -R "$ROOT/Lessons" "$PREFIX_DIR/share/lectern/Lessons"
(cd / && env -u LECTERN_LESSONS PATH="$PREFIX_DIR/bin:$PATH" lectern lessons check >"$WORK/inst.out" 2>&1)
check "an installed binary run from PATH finds PREFIX/share/lectern/Lessons from any directory" \
  grep -qF "lessons in $PREFIX_DIR/share/lectern/Lessons: 0 problems" "$WORK/inst.out"
rm -rf "$PREFIX_DIR"

# --- headless training -----------------------------------------------------------------------------
"$BIN" train gd --every 500 >"$WORK/gd.out" 2>"$WORK/gd.err"
check "train gd: the article's run finishes at θ ≈ [0.86995, 1.09012]" \
  grep -qE '"status":"finished","iterations":1000,"theta":\[0\.86995362683484[0-9]*,1\.09012219748657[0-9]*\]' "$WORK/gd.out"
"$BIN" train gd --alpha 0.2 >"$WORK/gd2.out" 2>"$WORK/gd2.err"
check "train gd --alpha 0.2 reports divergence with the stability bound" \
  bash -c "grep -q '\"status\":\"diverged\"' '$WORK/gd2.out' && grep -q 'α < 2/λmax' '$WORK/gd2.err'"
"$BIN" train gd --momentum 0.9 --every 1000 >"$WORK/gdm.out" 2>&1
check "train gd --momentum 0.9: 1,000 steps end 0.002 from (1, 1) (plain descent: 0.16)" \
  grep -qE '"status":"finished","iterations":1000,"theta":\[0\.99837[0-9]*,1\.00112[0-9]*\]' "$WORK/gdm.out"
"$BIN" --assets "$ROOT/assets" train mlp --data digits --test-shift=1 >"$WORK/shift.out" 2>&1
check "train mlp --test-shift=1: chapter 5's one-pixel shift, 0.936 → 0.426" \
  bash -c "tail -1 '$WORK/shift.out' | grep -q '\"test_accuracy\":0\.426' && tail -1 '$WORK/shift.out' | grep -q '\"test_accuracy_plain\":0\.935'"
"$BIN" --assets "$ROOT/assets" gradcheck --per-layer 30 >"$WORK/gc.out" 2>&1
check "gradcheck: backpropagation agrees with central differences in every layer (median relative error < 1e-2)" \
  python3 -c "import json,sys; rows=[json.loads(l) for l in open('$WORK/gc.out')]; sys.exit(0 if len(rows)==3 and all(r['median_relative_error']<1e-2 for r in rows) else 1)"
"$BIN" --assets "$ROOT/assets" train mlp --data digits --epochs 2 >"$WORK/mlp.out" 2>"$WORK/mlp.err"
check "train mlp --data digits: one JSON line per epoch, then the test result" \
  bash -c "[ \$(wc -l <'$WORK/mlp.out') = 3 ] && grep -q '\"epoch\":2,' '$WORK/mlp.out' && tail -1 '$WORK/mlp.out' | grep -q '\"test_accuracy\":0\.[0-9]'"
check "train mlp prints no progress bar when stderr is not a terminal" bash -c "[ ! -s '$WORK/mlp.err' ]"
"$BIN" train mlp --data digits --batch-size 0 >/dev/null 2>"$WORK/bad.err"; rc=$?
check "train mlp --batch-size 0 fails with a clear message" bash -c "[ $rc != 0 ] && grep -q 'batch-size: must be 1…8192' '$WORK/bad.err'"
"$BIN" --assets "$ROOT/assets" tokenize --corpus classics-zh --tokens char "床前明月光" >"$WORK/tok.out" 2>&1
check "tokenize --tokens char: one token per hanzi" bash -c "grep -qF '[床][前][明][月][光]' '$WORK/tok.out' && grep -q '^5 tokens for 5 characters (15 bytes)' '$WORK/tok.out'"
"$BIN" --assets "$ROOT/assets" tokenize --corpus classics-zh --vocab 300 "春眠不觉晓 spring" >"$WORK/bpe.out" 2>&1
check "tokenize --tokens bpe: any text, cut pieces shown as bytes, and the count" \
  bash -c "grep -qE '^[0-9]+ tokens for 12 characters \(22 bytes\)' '$WORK/bpe.out' && grep -q '‹' '$WORK/bpe.out' && ! grep -q $'\xef\xbf\xbd' '$WORK/bpe.out'"
"$BIN" --assets "$ROOT/assets" tokenize --tokens char "床" >/dev/null 2>"$WORK/tok.err"; rc=$?
check "tokenize: a character outside the vocabulary is named" bash -c "[ $rc = 1 ] && grep -q '床 (U+5E8A, at position 1) is not in the vocabulary of 76 characters' '$WORK/tok.err'"
: >"$WORK/empty.txt"
"$BIN" tokenize --corpus "$WORK/empty.txt" "a" >/dev/null 2>"$WORK/empty.err"; rc=$?
check "tokenize: an empty corpus file is refused by name" bash -c "[ $rc = 1 ] && grep -q 'empty.txt: is empty' '$WORK/empty.err'"
LM_SHAPE="--layers 1 --heads 2 --embd 16 --context 16 --batch 4"
"$BIN" --assets "$ROOT/assets" train lm $LM_SHAPE --steps 40 --log-every 20 --eval-every 20 --sample-every 40 --sample-tokens 20 --save "$WORK/lm.safetensors" >"$WORK/lm.out" 2>"$WORK/lm.err"
check "train lm: a header, JSON lines with loss, val loss and a sample, then a summary; the model saved" \
  bash -c "[ \$(wc -l <'$WORK/lm.out') = 4 ] && head -1 '$WORK/lm.out' | grep -q '\"vocabulary\":76' && grep -q '\"step\":20,\"loss\":.*\"val_loss\"' '$WORK/lm.out' && grep -q '\"sample\":' '$WORK/lm.out' && tail -1 '$WORK/lm.out' | grep -q '\"status\":\"finished\",\"steps\":40' && [ -s '$WORK/lm.safetensors' ]"
"$BIN" sample --model "$WORK/lm.safetensors" --prompt "ROMEO:" --tokens 30 --temperature 0 >"$WORK/s1.out" 2>/dev/null
"$BIN" sample --model "$WORK/lm.safetensors" --prompt "ROMEO:" --tokens 30 --temperature 0 --seed 9 >"$WORK/s2.out" 2>/dev/null
check "sample --temperature 0 writes the prompt and then the same greedy text whatever the seed" \
  bash -c "grep -q '^ROMEO:' '$WORK/s1.out' && [ \$(wc -c <'$WORK/s1.out') -gt 30 ] && cmp -s '$WORK/s1.out' '$WORK/s2.out'"
"$BIN" sample --model "$WORK/lm.safetensors" --prompt "春" >/dev/null 2>"$WORK/s.err"; rc=$?
check "sample: a prompt character outside the model's vocabulary is named" \
  bash -c "[ $rc = 1 ] && grep -q '春 (U+6625, at position 1) is not in the vocabulary of 76 characters' '$WORK/s.err'"
head -c 700 "$WORK/lm.safetensors" >"$WORK/cut.safetensors"
"$BIN" sample --model "$WORK/cut.safetensors" >/dev/null 2>"$WORK/cut.err"; rc=$?
check "sample: a truncated model file says so" bash -c "[ $rc = 1 ] && grep -q 'cut.safetensors: truncated' '$WORK/cut.err'"
"$BIN" sample --model "$ROOT/README.md" >/dev/null 2>"$WORK/foreign.err"; rc=$?
check "sample: a file that is not a model says so" bash -c "[ $rc = 1 ] && grep -q 'README.md: not a safetensors file' '$WORK/foreign.err'"
"$BIN" train lm --embd 30 --heads 4 --steps 1 >/dev/null 2>"$WORK/heads.err"; rc=$?
check "train lm: embd not divisible by heads is refused with the reason" bash -c "[ $rc != 0 ] && grep -q 'embd 30 is not divisible by --heads 4' '$WORK/heads.err'"
"$BIN" --assets "$ROOT/assets" train lm --layers 60 --embd 512 --heads 8 --steps 1 >/dev/null 2>"$WORK/big.err"; rc=$?
check "train lm: a model over the 20 M cap is refused with its size" bash -c "[ $rc = 1 ] && grep -q 'parameters, over the cap of 20,000,000' '$WORK/big.err'"
"$BIN" train lm --corpus "$WORK/empty.txt" --steps 1 >/dev/null 2>"$WORK/lmempty.err"; rc=$?
check "train lm: an empty corpus is refused by name" bash -c "[ $rc = 1 ] && grep -q 'empty.txt: is empty' '$WORK/lmempty.err'"
"$BIN" --assets "$ROOT/assets" train lm $LM_SHAPE --steps 100000 --log-every 1000 --eval-every 0 --save "$WORK/stopped.safetensors" >"$WORK/int.out" 2>&1 &
lm_pid=$!
sleep 2; kill -INT $lm_pid; wait $lm_pid; rc=$?
check "train lm: Ctrl-C stops cleanly, the summary says so and --save still writes" \
  bash -c "[ $rc = 0 ] && tail -1 '$WORK/int.out' | grep -q '\"status\":\"stopped\"' && tail -1 '$WORK/int.out' | grep -q '\"saved\"' && '$BIN' sample --model '$WORK/stopped.safetensors' --tokens 5 >/dev/null 2>&1"
"$BIN" --assets "$ROOT/assets" train lm $LM_SHAPE --lr 200 --steps 300 --eval-every 0 >"$WORK/div.out" 2>"$WORK/div.err"; rc=$?
check "train lm: a run that blows up stops with the reason and what to try" \
  bash -c "[ $rc = 3 ] && tail -1 '$WORK/div.out' | grep -q '\"status\":\"diverged\"' && grep -q 'try a smaller --lr' '$WORK/div.err'"
mkdir -p "$WORK/badidx" && cp "$ROOT"/assets/mnist/*-labels-idx1-ubyte.gz "$ROOT"/assets/mnist/t10k-images-idx3-ubyte.gz "$WORK/badidx/"
printf 'not an idx file' | gzip > "$WORK/badidx/train-images-idx3-ubyte.gz"
"$BIN" train mlp --data "$WORK/badidx" >/dev/null 2>"$WORK/idx.err"; rc=$?
check "a corrupt IDX file is named with what is wrong" \
  bash -c "[ $rc = 1 ] && grep -q 'badidx/train-images-idx3-ubyte.gz: not an IDX image file: magic number' '$WORK/idx.err'"
"$BIN" --assets "$ROOT/assets" bench mlp --data digits --epochs 1 >"$WORK/bench.out" 2>&1
check "bench mlp prints samples_per_second as JSON" grep -q '"samples_per_second":[0-9]' "$WORK/bench.out"

# --- word vectors ------------------------------------------------------------------------------------
for i in $(seq 300); do echo "red green blue red green blue"; echo "cat dog mouse cat dog mouse"; done > "$WORK/corpus.txt"
"$BIN" train word2vec --corpus "$WORK/corpus.txt" --dim 16 --min-count 1 --sample 0 --epochs 20 --threads 2 --save "$WORK/v.bin" \
  >"$WORK/w2v.out" 2>"$WORK/w2v.err"
check "train word2vec: epochs, then a finished summary, vectors saved" \
  bash -c "grep -q '\"epoch\":20,' '$WORK/w2v.out' && tail -1 '$WORK/w2v.out' | grep -q '\"status\":\"finished\".*\"saved\"' && [ -s '$WORK/v.bin' ]"
"$BIN" vectors neighbors "$WORK/v.bin" red -k 2 >"$WORK/nn.out" 2>&1
check "vectors neighbors: red's nearest words are green and blue" \
  bash -c "head -2 '$WORK/nn.out' | grep -q green && head -2 '$WORK/nn.out' | grep -q blue"
"$BIN" vectors neighbors "$WORK/v.bin" purple >/dev/null 2>"$WORK/nn.err"; rc=$?
check "an unknown word is a clear error with exit 1" bash -c "[ $rc = 1 ] && grep -q \"'purple' is not in the vocabulary\" '$WORK/nn.err'"
printf '2 3\na 1 2 3\nb 1 x 3\n' > "$WORK/bad.txt"
"$BIN" vectors neighbors "$WORK/bad.txt" a >/dev/null 2>"$WORK/bad2.err"; rc=$?
check "a corrupt vectors file names its line" bash -c "[ $rc = 1 ] && grep -q 'bad.txt:3:' '$WORK/bad2.err'"
"$BIN" train word2vec --corpus "$WORK/nonexistent.txt" >/dev/null 2>"$WORK/nc.err"; rc=$?
check "a missing corpus is a clear error" bash -c "[ $rc = 1 ] && grep -q 'no such file' '$WORK/nc.err'"

# --- command line --------------------------------------------------------------------------------
check "--help lists the options" bash -c "'$BIN' --help | grep -q -- '--lesson'"
check "--version prints the version" bash -c "'$BIN' --version | grep -qE '^[0-9]+\.[0-9]+'"
"$BIN" --lessons /nonexistent/place >/dev/null 2>"$WORK/err2"; rc=$?
check "a missing lessons folder is a clear error naming the places searched" \
  bash -c "[ $rc = 1 ] && grep -q '/nonexistent/place' '$WORK/err2'"
echo "x" | "$BIN" --lang en >/dev/null 2>"$WORK/err3"; rc=$?
check "without a terminal it says so instead of crashing" bash -c "[ $rc = 1 ] && grep -q 'needs a terminal' '$WORK/err3'"

. Tests/e2e/progress.sh
. Tests/e2e/labs.sh
. Tests/e2e/course.sh
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
