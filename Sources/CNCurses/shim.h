#ifndef ZKSCOPE_CNCURSES_SHIM_H
#define ZKSCOPE_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags: the wide API needs this before the include.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#endif
