#ifndef LECTERN_CNCURSESW_SHIM_H
#define LECTERN_CNCURSESW_SHIM_H

// The wide-character API (wget_wch, cchar_t, setcchar) is only declared with these set;
// SwiftPM's pkgConfig route drops them, hence this shim (see DESIGN.md).
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift does not import these function-like macros or mutable globals: expose them as functions.
static inline attr_t lectern_a_normal(void) { return A_NORMAL; }
static inline attr_t lectern_a_bold(void) { return A_BOLD; }
static inline attr_t lectern_a_dim(void) { return A_DIM; }
static inline attr_t lectern_a_underline(void) { return A_UNDERLINE; }
static inline attr_t lectern_a_reverse(void) { return A_REVERSE; }
static inline attr_t lectern_a_italic(void) {
#ifdef A_ITALIC
    return A_ITALIC;
#else
    return A_UNDERLINE;
#endif
}
static inline int lectern_key_f(int n) { return KEY_F(n); }
static inline int lectern_colors(void) { return COLORS; }
static inline int lectern_color_pairs(void) { return COLOR_PAIRS; }
static inline mmask_t lectern_wheel_up_mask(void) { return BUTTON4_PRESSED; }
static inline mmask_t lectern_wheel_down_mask(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}
static inline const char *lectern_codeset(void) { return nl_langinfo(CODESET); }

/// Starts curses on the terminal. Unlike initscr(), which prints an error and exits the process when TERM
/// names an unknown terminal, this returns NULL so the caller can explain and clean up.
static inline WINDOW *lectern_start_curses(void) {
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return NULL;
    set_term(screen);
    return stdscr;
}

#endif
