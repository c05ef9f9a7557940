#ifndef ZKSCOPE_CNCURSES_SHIM_H
#define ZKSCOPE_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags: the wide API needs this before the include.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <poll.h>
#include <fcntl.h>
#include <wchar.h>

// Swift 6 rejects C globals as shared mutable state, and macros are not imported: accessors instead.
static inline WINDOW *zk_stdscr(void) { return stdscr; }
static inline int zk_lines(void) { return LINES; }
static inline int zk_cols(void) { return COLS; }
static inline int zk_colors(void) { return COLORS; }
static inline int zk_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t zk_a_normal(void) { return A_NORMAL; }
static inline attr_t zk_a_bold(void) { return A_BOLD; }
static inline attr_t zk_a_dim(void) { return A_DIM; }
static inline attr_t zk_a_reverse(void) { return A_REVERSE; }
static inline attr_t zk_a_underline(void) { return A_UNDERLINE; }
static inline attr_t zk_a_italic(void) { return A_ITALIC; }

static inline mmask_t zk_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t zk_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t zk_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t zk_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t zk_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t zk_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t zk_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t zk_button5_pressed(void) { return BUTTON5_PRESSED; }

static inline int zk_key_code_yes(void) { return KEY_CODE_YES; }

// glibc hides wcwidth without _XOPEN_SOURCE; ncurses places characters by it, so the renderer checks against it.
extern int wcwidth(wchar_t c);
static inline int zk_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

// ---- Terminal restoration on signals and crashes -------------------------------------------------------------
// Only async-signal-safe calls (write, tcsetattr, sigaction, raise) run inside the handlers. These statics are
// private to the one Swift file that calls the zk_tty_* functions (TerminalGuard.swift), so there is one copy.

static struct termios zk_tty_saved = {0};
static volatile sig_atomic_t zk_tty_saved_valid = 0;
static int zk_tty_fd = -1;
static int zk_tty_wake_fd = -1;
static struct sigaction zk_tty_old_actions[65] = {{{0}}};

// Leaves the alternate screen, turns mouse reporting off, resets colours, shows the cursor, restores termios.
static inline void zk_tty_emergency_restore(void) {
    if (!zk_tty_saved_valid || zk_tty_fd < 0) return;
    zk_tty_saved_valid = 0;
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?1049l\033[0m\033[?25h\r\n";
    ssize_t ignored = write(zk_tty_fd, reset, sizeof reset - 1);
    (void)ignored;
    tcsetattr(zk_tty_fd, TCSANOW, &zk_tty_saved);
}

static void zk_tty_crash_handler(int sig, siginfo_t *info, void *context) {
    zk_tty_emergency_restore();
    if (sig < 0 || sig > 64) { signal(sig, SIG_DFL); raise(sig); return; }
    struct sigaction *old = &zk_tty_old_actions[sig];
    sigaction(sig, old, NULL);
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) { old->sa_sigaction(sig, info, context); return; }
    if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
        return;
    }
    raise(sig);  // blocked until the handler returns, then delivered with the default action
}

static void zk_tty_termination_handler(int sig) {
    // The terminal thread wakes on this byte, restores the terminal with endwin() and exits.
    unsigned char byte = (unsigned char)sig;
    if (zk_tty_wake_fd >= 0) { ssize_t ignored = write(zk_tty_wake_fd, &byte, 1); (void)ignored; }
}

static void zk_tty_atexit(void) { zk_tty_emergency_restore(); }

// Saves the terminal state before ncurses changes it and installs the handlers. Returns 0 on success.
static inline int zk_tty_install(int fd, int wake_fd) {
    if (tcgetattr(fd, &zk_tty_saved) != 0) return -1;
    zk_tty_fd = fd;
    zk_tty_wake_fd = wake_fd;
    zk_tty_saved_valid = 1;
    static int atexit_registered = 0;
    if (!atexit_registered) { atexit(zk_tty_atexit); atexit_registered = 1; }
    int crash[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof crash / sizeof crash[0]; i++) {
        struct sigaction action;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_SIGINFO;
        action.sa_sigaction = zk_tty_crash_handler;
        sigaction(crash[i], &action, &zk_tty_old_actions[crash[i]]);
    }
    // SIGTSTP is routed the same way (the terminal thread suspends cleanly), which also keeps ncurses from
    // installing its own handler that would call curses from whichever thread the signal lands on.
    int term[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };
    for (unsigned i = 0; i < sizeof term / sizeof term[0]; i++) {
        struct sigaction action;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        action.sa_handler = zk_tty_termination_handler;
        sigaction(term[i], &action, &zk_tty_old_actions[term[i]]);
    }
    return 0;
}

// Called after endwin(): the terminal is already restored, so the handlers go back to what they were.
static inline void zk_tty_uninstall(void) {
    zk_tty_saved_valid = 0;
    int all[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) sigaction(all[i], &zk_tty_old_actions[all[i]], NULL);
    zk_tty_wake_fd = -1;
}

// Marks the saved state valid again after ncurses re-initialised (not needed normally; kept for symmetry).
static inline void zk_tty_mark_active(int active) { zk_tty_saved_valid = active ? 1 : 0; }
// ---- Can this terminal run a full-screen program? ------------------------------------------------------------
// Declared here alone rather than through <term.h>, whose capability macros (lines, columns, …) are not wanted.
struct term;
extern int setupterm(const char *, int, int *);
extern struct term *set_curterm(struct term *);
extern int del_curterm(struct term *);

// 0: it can; 1: terminfo does not know the terminal type (or has no database); 2: it has no cursor addressing or
// no way to clear the screen (TERM=dumb, a printing terminal), so a full-screen program would draw nothing.
// Reads terminfo only: nothing is written to the terminal.
static inline int zk_terminal_suitability(const char *name, int fd) {
    int status = 0;
    if (setupterm(name, fd, &status) != OK) return 1;
    const char *address = tigetstr("cup");
    const char *erase = tigetstr("clear");
    int usable = address != NULL && address != (char *)-1 && erase != NULL && erase != (char *)-1;
    del_curterm(set_curterm(NULL));
    return usable ? 0 : 2;
}

#endif
