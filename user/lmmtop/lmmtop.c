// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmmtop.c - a live view of /proc/lmm, like slabtop(1) for lmm.ko.
 *
 *   lmmtop [-d SECONDS] [-s name|pages|used|free|frag|allocs] [-o] [-f FILE]
 *
 * It reads /proc/lmm every -d seconds (default 3) and redraws the screen
 * in place with ANSI escapes: it runs in the busybox initramfs of
 * `make shell`, where there is no ncurses and no terminfo, so it is linked
 * statically and needs nothing but a VT100-like terminal.  Keys, read one
 * at a time without Enter: n p u f r a sort (as -s), space refreshes, q
 * quits.  -o prints one screen without escapes and exits, for scripts.
 *
 * The text of /proc/lmm goes through lmmtop_parse.c and lmmtop_view.c,
 * which the unit tests run on captured text; this file is only the
 * program around them: options, the terminal, the refresh loop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <termios.h>
#include <unistd.h>

#include "lmmtop_parse.h"

#define DEFAULT_PATH	"/proc/lmm"
#define DEFAULT_DELAY	3.0
#define MAX_DELAY	3600.0
/* /proc/lmm with thousands of pages is a few MiB; more is not /proc/lmm. */
#define MAX_TEXT_BYTES	(64u << 20)

#define ESC_CLEAR	"\033[H\033[2J"
#define ESC_HIDE_CURSOR	"\033[?25l"
#define ESC_SHOW_CURSOR	"\033[?25h"

struct options {
	const char *path;
	double delay;
	enum lmmtop_sort key;
	int once;
};

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t resized;
static struct termios saved_termios;
static int terminal_changed;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: lmmtop [-d SECONDS] [-s KEY] [-o] [-f FILE]\n"
		"  -d SECONDS  time between refreshes (default 3)\n"
		"  -s KEY      sort by name, pages, used, free, frag or allocs\n"
		"              (default pages)\n"
		"  -o          print one screen, without escapes, and exit\n"
		"  -f FILE     read FILE instead of /proc/lmm\n"
		"keys while running: n p u f r a sort, space refreshes, "
		"q quits\n");
}

static int parse_options(int argc, char **argv, struct options *o)
{
	char *end;
	int c;

	*o = (struct options){ DEFAULT_PATH, DEFAULT_DELAY, LMMTOP_BY_PAGES,
			       0 };
	while ((c = getopt(argc, argv, "d:s:of:h")) != -1) {
		switch (c) {
		case 'd':
			errno = 0;
			o->delay = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o->delay > 0) ||
			    o->delay > MAX_DELAY) {
				fprintf(stderr, "lmmtop: -d %s: not a number "
					"of seconds above 0, at most %.0f\n",
					optarg, MAX_DELAY);
				return -1;
			}
			break;
		case 's':
			if (lmmtop_sort_by_name(optarg, &o->key)) {
				fprintf(stderr, "lmmtop: -s %s: sort by name, "
					"pages, used, free, frag or allocs\n",
					optarg);
				return -1;
			}
			break;
		case 'o':
			o->once = 1;
			break;
		case 'f':
			o->path = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lmmtop: unexpected argument: %s\n",
			argv[optind]);
		return -1;
	}
	return 0;
}

/*
 * The whole file in one malloc'ed buffer.  Return: its length, or -1 with
 * errno set.
 */
static ssize_t read_all(const char *path, char **textp)
{
	size_t cap = 65536, len = 0;
	char *text = malloc(cap), *bigger;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;

	if (fd < 0 || !text)
		goto fail;
	while ((n = read(fd, text + len, cap - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		len += (size_t)n;
		if (len < cap)
			continue;
		errno = EFBIG;
		if (cap >= MAX_TEXT_BYTES)
			goto fail;
		bigger = realloc(text, cap * 2);
		if (!bigger)
			goto fail;
		text = bigger;
		cap *= 2;
	}
	close(fd);
	*textp = text;
	return (ssize_t)len;
fail:
	n = errno;
	if (fd >= 0)
		close(fd);
	free(text);
	errno = (int)n;
	return -1;
}

/* Read and parse @path; on failure, one line in @err. */
static int take_snapshot(const char *path, struct lmmtop_snapshot *snap,
			 char *err, size_t errlen)
{
	char *text = NULL, why[200];
	ssize_t len = read_all(path, &text);
	int r;

	if (len < 0) {
		snprintf(err, errlen, "lmmtop: %s: %s%s", path, strerror(errno),
			 errno == ENOENT && !strcmp(path, DEFAULT_PATH) ?
			 " (insmod lmm.ko first)" : "");
		return -1;
	}
	r = lmmtop_parse(text, (size_t)len, snap, why, sizeof(why));
	free(text);
	if (r)
		snprintf(err, errlen, "lmmtop: %s %s", path, why);
	return r;
}

static void screen_size(struct lmmtop_screen *screen)
{
	struct winsize ws = { 0 };
	const char *env;

	/* A serial console knows no size: stty rows/cols, or $LINES. */
	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_row && ws.ws_col) {
		screen->rows = ws.ws_row;
		screen->cols = ws.ws_col;
		return;
	}
	env = getenv("LINES");
	screen->rows = env && atoi(env) > 0 ? (unsigned int)atoi(env) : 24;
	env = getenv("COLUMNS");
	screen->cols = env && atoi(env) > 0 ? (unsigned int)atoi(env) : 80;
}

static void restore_terminal(void)
{
	if (!terminal_changed)
		return;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
	fputs(ESC_SHOW_CURSOR, stdout);
	fflush(stdout);
	terminal_changed = 0;
}

/* Keys one at a time, not echoed; output processing left as it was. */
static void raw_terminal(void)
{
	struct termios raw;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_termios))
		return;
	raw = saved_termios;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw))
		return;
	terminal_changed = 1;
	atexit(restore_terminal);
}

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_resize(int sig)
{
	(void)sig;
	resized = 1;
}

/* No SA_RESTART: a signal must end the wait in select(). */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_resize;
	sigaction(SIGWINCH, &sa, NULL);
}

/*
 * Wait up to @delay seconds for a key.  Return: the key, 0 when the time
 * is up or the terminal was resized, -1 when stdin has ended (from then
 * on *@stdin_open is 0 and the wait is a plain sleep).
 */
static int wait_for_key(double delay, int *stdin_open)
{
	struct timeval tv = { (time_t)delay,
			      (suseconds_t)((delay - (time_t)delay) * 1e6) };
	fd_set fds;
	unsigned char c;
	ssize_t n;

	FD_ZERO(&fds);
	if (*stdin_open)
		FD_SET(STDIN_FILENO, &fds);
	if (select(*stdin_open ? STDIN_FILENO + 1 : 0, &fds, NULL, NULL,
		   &tv) <= 0 || !FD_ISSET(STDIN_FILENO, &fds))
		return 0;
	n = read(STDIN_FILENO, &c, 1);
	if (n == 1)
		return c;
	if (n == 0)
		*stdin_open = 0;
	return n == 0 ? -1 : 0;
}

static void draw(const struct options *o, enum lmmtop_sort key,
		 struct lmmtop_screen *screen)
{
	struct lmmtop_snapshot snap;
	char err[300];

	if (take_snapshot(o->path, &snap, err, sizeof(err))) {
		lmmtop_render_message(stdout, err, screen);
		return;
	}
	lmmtop_sort(&snap, key);
	lmmtop_render(stdout, &snap, key, screen);
	lmmtop_snapshot_free(&snap);
}

static int run_once(const struct options *o)
{
	struct lmmtop_screen screen = { .delay = o->delay };
	struct lmmtop_snapshot snap;
	char err[300];

	if (take_snapshot(o->path, &snap, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	lmmtop_sort(&snap, o->key);
	lmmtop_render(stdout, &snap, o->key, &screen);
	lmmtop_snapshot_free(&snap);
	return 0;
}

static int run_live(const struct options *o)
{
	struct lmmtop_screen screen = { .ansi = true, .delay = o->delay };
	enum lmmtop_sort key = o->key;
	int stdin_open = 1, c;

	catch_signals();
	raw_terminal();
	screen_size(&screen);
	fputs(ESC_CLEAR ESC_HIDE_CURSOR, stdout);
	while (!stop_signal) {
		if (resized) {
			resized = 0;
			screen_size(&screen);
			fputs(ESC_CLEAR, stdout);
		}
		draw(o, key, &screen);
		c = wait_for_key(o->delay, &stdin_open);
		if (c == 'q' || c == 'Q')
			break;
		lmmtop_sort_by_key(c, &key);	/* other keys: redraw */
	}
	restore_terminal();
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;

	if (parse_options(argc, argv, &o))
		return 2;
	return o.once ? run_once(&o) : run_live(&o);
}
