# End-to-end checks of the course: a quiz answered through keys, and the progress kept from one session (and
# language) to the next. Sourced by Tests/e2e/run.sh, before its summary: uses its helpers (start_session,
# launch, wait_for, wait_gone, check, restored, screen) and its $T, $S, $WORK, $BIN.
#
# Everything runs on a tiny lessons folder of its own (zh + en twins), so that lesson edits cannot break it, and
# with LECTERN_STATE_DIR in a temporary folder, so that the student's real progress is never touched.

COURSE_T0=${EPOCHREALTIME:-$(date +%s)}
COURSE_LESSONS="$WORK/course-lessons"
COURSE_STATE="$WORK/course-state"
COURSE_FILE="$COURSE_STATE/progress.json"
rm -rf "$COURSE_LESSONS" "$COURSE_STATE"
mkdir -p "$COURSE_LESSONS/en" "$COURSE_LESSONS/zh"

# course_lesson LANG: the quiz lesson. 30 numbered paragraphs, a multiple-choice quiz (answer b), 20 more
# paragraphs: the quiz is well below the first screen. The question carries the word "quizmark" to search for.
course_lesson() {
  local i
  if [ "$1" = zh ]; then
    printf -- '---\nid: e2e-quiz\ntitle: 测验课\norder: 2\n---\n# 测验课\n\n'
    for i in $(seq 1 30); do printf '第%d段：权重乘以输入。\n\n' "$i"; done
    printf '```quiz\nquestion: 哪个数是答案（quizmark）？\n- 七\n- 四十二\n- 九十\nanswer: b\nexplain: 当然是四十二。\n```\n\n'
    for i in $(seq 31 50); do printf '第%d段：再加上偏置。\n\n' "$i"; done
  else
    printf -- '---\nid: e2e-quiz\ntitle: Quiz lesson\norder: 2\n---\n# Quiz lesson\n\n'
    for i in $(seq 1 30); do printf 'Paragraph %d: weights times inputs.\n\n' "$i"; done
    printf '```quiz\nquestion: Which number is the answer (quizmark)?\n- seven\n- forty-two\n- ninety\nanswer: b\nexplain: Forty-two, of course.\n```\n\n'
    for i in $(seq 31 50); do printf 'Paragraph %d: then add the bias.\n\n' "$i"; done
  fi
}
printf -- '---\nid: e2e-start\ntitle: Start here\norder: 1\n---\n# Start here\n\nWelcome.\n' >"$COURSE_LESSONS/en/01-start.md"
printf -- '---\nid: e2e-start\ntitle: 从这里开始\norder: 1\n---\n# 从这里开始\n\n欢迎。\n' >"$COURSE_LESSONS/zh/01-start.md"
course_lesson en >"$COURSE_LESSONS/en/02-quiz.md"
course_lesson zh >"$COURSE_LESSONS/zh/02-quiz.md"

course_progress() { LECTERN_STATE_DIR="$COURSE_STATE" SWIFT_BACKTRACE=interactive=no "$BIN" progress "$@"; }
# The number of the first paragraph on screen ("Paragraph 27" or "第27段"): where the student is reading.
course_place() { screen | grep -oE 'Paragraph [0-9]+|第[0-9]+段' | head -1 | grep -oE '[0-9]+'; }
# course_saved_has ERE...: the progress file exists and matches every extended regular expression (polled:
# an answer is saved at once, but by the other process).
course_saved_has() {
  local deadline=$(( $(date +%s) + 5 )) e ok
  while [ "$(date +%s)" -le "$deadline" ]; do
    ok=1
    for e in "$@"; do grep -qE -- "$e" "$COURSE_FILE" 2>/dev/null || { ok=0; break; }; done
    [ "$ok" = 1 ] && return 0
    sleep 0.1
  done
  return 1
}
# same_place N: the first paragraph on screen becomes number N (polled; N must not be empty).
same_place() {
  local deadline=$(( $(date +%s) + 5 ))
  [ -n "$1" ] || return 1
  while [ "$(date +%s)" -le "$deadline" ]; do
    [ "$(course_place)" = "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
# course_all TEXT...: each TEXT shows on the screen (polled, as wait_for).
course_all() { local t; for t in "$@"; do wait_for "$t" || return 1; done; }
# not_on_screen TEXT: TEXT is nowhere on the screen now.
not_on_screen() { ! screen | grep -qF -- "$1"; }
# The state folder's files with their sizes and modification times (full precision).
course_listing() { (cd "$COURSE_STATE" && stat -c '%n %s %y' . * 2>/dev/null); }
# course_session ARGS: a 100×30 session whose progress lives in $COURSE_STATE, running lectern ARGS.
course_session() {
  start_session 100 30 LANG=C.UTF-8 HISTFILE= LECTERN_STATE_DIR="$COURSE_STATE"
  launch --lessons "$COURSE_LESSONS" "$@"
}

# --- answer a quiz: wrong, then right ------------------------------------------------------------------
course_session --lang en --lesson e2e-quiz
check "course: --lesson opens the quiz lesson" wait_for "Lectern  ·  2  Quiz lesson"
check "course: the quiz is below the first screen" not_on_screen quizmark
$T send-keys -t $S / quizmark Enter
check "course: searching for the question brings the quiz box on screen" \
  course_all "Which number is the answer (quizmark)?" "b) forty-two" "Press Enter to answer."
$T send-keys -t $S Enter
check "course: Enter on the quiz opens the answer prompt" wait_for "Answer (a–c): ▏"
$T send-keys -t $S a
check "course: the typed letter shows in the prompt" wait_for "Answer (a–c): a▏"
$T send-keys -t $S Enter
check "course: a wrong answer: Not quite, in the box and the status bar" \
  course_all "✗ Not quite. You answered a (attempt 1)." "✗ Not quite —"
check "course: the answer is saved at once, while lectern still runs" \
  course_saved_has '"e2e-quiz#0"' '"given" ?: ?"a"' '"correct" ?: ?false'
$T send-keys -t $S Enter
wait_for "Answer (a–c): ▏" >/dev/null
$T send-keys -t $S b Enter
check "course: the right answer: Right, on the second attempt, with the explanation" \
  course_all "✓ Right. You answered b (attempt 2)." "Forty-two, of course." "✓ Right"
check "course: the right answer is saved at once with its attempts" \
  course_saved_has '"given" ?: ?"b"' '"correct" ?: ?true' '"attempts" ?: ?2'
place=$(course_place)
quit_check "course: q after answering quits with exit 0 and restores the terminal"
check "course: quitting saved the language and the lesson" \
  course_saved_has '"language" ?: ?"en"' '"currentLesson" ?: ?"e2e-quiz"'

# --- come back: same lesson, same place, the answer kept; then the other language ------------------------
course_session
check "course: without --lesson, lectern opens the lesson left last" wait_for "Lectern  ·  2  Quiz lesson"
check "course: ... scrolled to the same place (paragraph ${place:-?} on top)" same_place "$place"
check "course: ... and the quiz box shows the kept answer" \
  course_all "Which number is the answer (quizmark)?" "✓ Right. You answered b (attempt 2)." "Forty-two, of course."
$T send-keys -t $S L
check "course: L shows the Chinese twin with the same answer" \
  course_all "哪个数是答案（quizmark）？" "✓ 正确 你的答案：b（第 2 次）" "当然是四十二。"
check "course: ... at the same place (第${place:-?}段 on top)" same_place "$place"
quit_check "course: q in Chinese quits with exit 0 and restores the terminal"
check "course: the language switch was saved" course_saved_has '"language" ?: ?"zh"'

# --- lectern progress show ---------------------------------------------------------------------------------
course_progress show >"$WORK/course-show.out" 2>&1
check "course: progress show names the file, the lesson and the answers" \
  bash -c "grep -qF 'Progress file: $COURSE_FILE' '$WORK/course-show.out' && grep -q '^Language: zh' '$WORK/course-show.out' \
    && grep -q '^Current lesson: e2e-quiz (block ' '$WORK/course-show.out' \
    && grep -q '^Quiz answers: 1 right, 0 wrong' '$WORK/course-show.out'"
course_progress show --json >"$WORK/course-show.json" 2>&1
check "course: progress show --json lists the answer: given b, right, 2 attempts" \
  bash -c "tr -d ' \n' <'$WORK/course-show.json' | grep -qF '\"e2e-quiz#0\":{\"attempts\":2,\"correct\":true,\"given\":\"b\"}'"

# --- --no-save: a throw-away session changes nothing on disk --------------------------------------------------
cp "$COURSE_FILE" "$WORK/course-before.json"
course_listing >"$WORK/course-before.ls"
course_session --no-save --lang en
wait_for "Lectern  ·  2  Quiz lesson" >/dev/null
$T send-keys -t $S Enter
wait_for "Answer (a–c): ▏" >/dev/null
$T send-keys -t $S c Enter
check "course: --no-save still grades: a new wrong answer" wait_for "✗ Not quite. You answered c (attempt 3)."
$T send-keys -t $S G h
check "course: --no-save: moving about (G, h) works" wait_for "Lectern  ·  1  Start here"
quit_check "course: q in a --no-save session quits with exit 0"
check "course: --no-save left progress.json byte for byte as it was, and no other file" \
  bash -c "cmp -s '$WORK/course-before.json' '$COURSE_FILE' && [ \"\$(cd '$COURSE_STATE' && stat -c '%n %s %y' . *)\" = \"\$(cat '$WORK/course-before.ls')\" ]"
check "course: --no-save left no lectern process behind" \
  bash -c "! kill -0 \"\$(cat '$WORK/pid')\" 2>/dev/null"

COURSE_T1=${EPOCHREALTIME:-$(date +%s)}
echo "# course section took $(awk "BEGIN { printf \"%.1f\", ${COURSE_T1/,/.} - ${COURSE_T0/,/.} }") s"
