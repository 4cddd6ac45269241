// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmmtop_view.c - the order of the rows and the screen lmmtop draws.
 *
 * The screen is a summary of all of lmm, a legend, then one row per
 * family, like slabtop.  With ANSI output it is redrawn in place (cursor
 * home, each line cleared to its end, the rest of the screen cleared), and
 * every line is cut to the terminal's width so that nothing wraps and
 * scrolls the summary away; rows that do not fit are counted, not shown.
 * Without ANSI (-o) every row is printed, and nothing else.
 */
#include <stdarg.h>
#include <string.h>

#include "lmmtop_parse.h"

#define ESC_HOME	"\033[H"
#define ESC_CLEAR_EOL	"\033[K"
#define ESC_CLEAR_EOS	"\033[J"
#define ESC_REVERSE	"\033[7m"
#define ESC_NORMAL	"\033[0m"

/* Lines above the table under ANSI: see render_summary(). */
#define SUMMARY_LINES	8
#define LINE_BYTES	512

struct sort_desc {
	const char *name;	/* for -s */
	char key;		/* pressed while running */
	enum lmmtop_col col;	/* sorted on, largest first */
};

static const struct sort_desc sorts[LMMTOP_NSORTS] = {
	[LMMTOP_BY_NAME] = { "name", 'n', LMMTOP_NCOLS },
	[LMMTOP_BY_PAGES] = { "pages", 'p', LMMTOP_PAGES },
	[LMMTOP_BY_USED] = { "used", 'u', LMMTOP_PAYLOAD },
	[LMMTOP_BY_FREE] = { "free", 'f', LMMTOP_FREE },
	[LMMTOP_BY_FRAG] = { "frag", 'r', LMMTOP_FRAG },
	[LMMTOP_BY_ALLOCS] = { "allocs", 'a', LMMTOP_ALLOCS },
};

/**
 * lmmtop_sort_by_name() - the sort key that -s names
 * @word: name, pages, used, free, frag or allocs
 * @key: set on success
 *
 * Return: 0, or -1 for a word that names no key.
 */
int lmmtop_sort_by_name(const char *word, enum lmmtop_sort *key)
{
	int k;

	for (k = 0; k < LMMTOP_NSORTS; k++) {
		if (!strcmp(word, sorts[k].name)) {
			*key = (enum lmmtop_sort)k;
			return 0;
		}
	}
	return -1;
}

/**
 * lmmtop_sort_by_key() - the sort key a key press picks
 * @c: the character read from the terminal
 * @key: set on success
 *
 * Return: 0, or -1 for a character that picks no key.
 */
int lmmtop_sort_by_key(int c, enum lmmtop_sort *key)
{
	int k;

	for (k = 0; k < LMMTOP_NSORTS; k++) {
		if (c == sorts[k].key) {
			*key = (enum lmmtop_sort)k;
			return 0;
		}
	}
	return -1;
}

/**
 * lmmtop_sort_name() - the name of a sort key, as -s takes it
 * @key: the key
 *
 * Return: a static string.
 */
const char *lmmtop_sort_name(enum lmmtop_sort key)
{
	return key < LMMTOP_NSORTS ? sorts[key].name : "?";
}

/* <0 when @a comes first: the column's largest first, then by name. */
static int compare(const struct lmmtop_family *a,
		   const struct lmmtop_family *b, enum lmmtop_sort key)
{
	enum lmmtop_col col = sorts[key].col;
	int r;

	if (col < LMMTOP_NCOLS && a->v[col] != b->v[col])
		return a->v[col] > b->v[col] ? -1 : 1;
	r = strcmp(a->name, b->name);
	return r ? r : strcmp(a->owner, b->owner);
}

/**
 * lmmtop_sort() - put the families in the order of a sort key
 * @snap: the snapshot
 * @key: numbers sort largest first, names in byte order; ties go by name
 *       then owner, so the order never depends on the order of /proc/lmm
 *
 * An insertion sort: a screen holds a few dozen families, and it needs no
 * global state to know the key (qsort() would).
 */
void lmmtop_sort(struct lmmtop_snapshot *snap, enum lmmtop_sort key)
{
	size_t i, j;

	if (key >= LMMTOP_NSORTS)
		return;
	for (i = 1; i < snap->nfamilies; i++) {
		struct lmmtop_family f = snap->families[i];

		for (j = i; j > 0; j--) {
			if (compare(&f, &snap->families[j - 1], key) >= 0)
				break;
			snap->families[j] = snap->families[j - 1];
		}
		snap->families[j] = f;
	}
}

/* One line of the screen, cut to its width under ANSI. */
static void emit(FILE *out, const struct lmmtop_screen *screen,
		 const char *text, bool reverse)
{
	size_t n = strlen(text);

	if (!screen->ansi) {
		fprintf(out, "%s\n", text);
		return;
	}
	if (screen->cols && n > screen->cols)
		n = screen->cols;
	if (reverse)
		fputs(ESC_REVERSE, out);
	fwrite(text, 1, n, out);
	if (reverse) {
		/* The bar spans the screen, like top's. */
		for (; screen->cols && n < screen->cols; n++)
			fputc(' ', out);
		fputs(ESC_NORMAL, out);
	}
	fputs(ESC_CLEAR_EOL "\n", out);
}

static __attribute__((format(printf, 4, 5)))
void emitf(FILE *out, const struct lmmtop_screen *screen, bool reverse,
	   const char *fmt, ...)
{
	char line[LINE_BYTES];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	emit(out, screen, line, reverse);
}

static void render_summary(FILE *out, const struct lmmtop_snapshot *snap,
			   enum lmmtop_sort key,
			   const struct lmmtop_screen *screen)
{
	struct lmmtop_summary s;
	const unsigned long long *v = s.v;

	lmmtop_summarise(snap, &s);
	if (screen->ansi)
		emitf(out, screen, false, "lmmtop - every %.1f s, sorted by %s"
		      " - lmm %s, page size %lu", screen->delay,
		      lmmtop_sort_name(key), snap->version, snap->page_size);
	else
		emitf(out, screen, false, "lmmtop - lmm %s, page size %lu, "
		      "sorted by %s", snap->version, snap->page_size,
		      lmmtop_sort_name(key));
	emitf(out, screen, false, " Families: %zu   Pages: %llu in use, "
	      "%llu cached, %llu requested, %llu released", s.nfamilies,
	      v[LMMTOP_PAGES], v[LMMTOP_CACHED], v[LMMTOP_PG_REQ],
	      v[LMMTOP_PG_REL]);
	emitf(out, screen, false, " Used: %llu B in %llu blocks (%llu units)"
	      "   Handles made through /proc: %llu", v[LMMTOP_PAYLOAD],
	      v[LMMTOP_BLOCKS], v[LMMTOP_UNITS], snap->handles);
	/*
	 * No fragmentation of the whole: free space of two families never
	 * merges, so 1 - largest/free over all of them only counts families.
	 */
	emitf(out, screen, false, " Free: %llu B in %llu blocks, largest "
	      "%llu B", v[LMMTOP_FREE], v[LMMTOP_FREE_BLOCKS],
	      v[LMMTOP_LARGEST]);
	emitf(out, screen, false, " Allocs: %llu   Frees: %llu   Failed: %llu"
	      "   Refused frees: %llu   Damage: %llu", v[LMMTOP_ALLOCS],
	      v[LMMTOP_FREES], v[LMMTOP_FAILED], v[LMMTOP_BADFREE],
	      v[LMMTOP_DAMAGE]);
	emit(out, screen, " Sizes exclude the 8-byte block header. "
	     "USED_B: units*size. FRAG%: 1-largest/free", false);
	if (screen->ansi)
		emit(out, screen, " Sort: n name, p pages, u used, f free, "
		     "r frag, a allocs.  Space: refresh.  q: quit", false);
	emit(out, screen, "", false);
}

/* The widths of the name columns: the longest name, at least the title. */
static void name_widths(const struct lmmtop_snapshot *snap, int *owner_w,
			int *name_w)
{
	size_t i;

	*owner_w = 5;
	*name_w = 6;
	for (i = 0; i < snap->nfamilies; i++) {
		int o = (int)strlen(snap->families[i].owner);
		int n = (int)strlen(snap->families[i].name);

		if (o > *owner_w)
			*owner_w = o;
		if (n > *name_w)
			*name_w = n;
	}
}

static void render_row(FILE *out, const struct lmmtop_screen *screen,
		       const struct lmmtop_family *f, int owner_w, int name_w)
{
	const unsigned long long *v = f->v;

	emitf(out, screen, false,
	      "%-*s %-*s %5llu %5llu %6llu %8llu %8llu %7llu %3llu.%llu %7llu",
	      owner_w, f->owner, name_w, f->name, v[LMMTOP_SIZE],
	      v[LMMTOP_PAGES], v[LMMTOP_BLOCKS], v[LMMTOP_PAYLOAD],
	      v[LMMTOP_FREE], v[LMMTOP_LARGEST], v[LMMTOP_FRAG] / 10,
	      v[LMMTOP_FRAG] % 10, v[LMMTOP_ALLOCS]);
}

/* How many rows fit under the summary and the table's header. */
static size_t rows_that_fit(const struct lmmtop_snapshot *snap,
			    const struct lmmtop_screen *screen)
{
	size_t room;

	if (!screen->ansi || !screen->rows)
		return snap->nfamilies;
	room = screen->rows > SUMMARY_LINES + 2 ?
		screen->rows - SUMMARY_LINES - 2 : 1;
	if (snap->nfamilies <= room)
		return snap->nfamilies;
	return room - 1;	/* and a line that says how many are hidden */
}

static void render_table(FILE *out, const struct lmmtop_snapshot *snap,
			 const struct lmmtop_screen *screen)
{
	size_t i, shown = rows_that_fit(snap, screen);
	int owner_w, name_w;

	name_widths(snap, &owner_w, &name_w);
	emitf(out, screen, screen->ansi,
	      "%-*s %-*s %5s %5s %6s %8s %8s %7s %5s %7s", owner_w, "OWNER",
	      name_w, "FAMILY", "SIZE", "PAGES", "BLOCKS", "USED_B", "FREE_B",
	      "LARGEST", "FRAG%", "ALLOCS");
	if (!snap->nfamilies)
		emit(out, screen, "(no family: insmod lmm_demo.ko, or echo "
		     "register NAME SIZE > /proc/lmm)", false);
	for (i = 0; i < shown; i++)
		render_row(out, screen, &snap->families[i], owner_w, name_w);
	if (shown < snap->nfamilies)
		emitf(out, screen, false, "... %zu more (a taller terminal "
		      "shows them)", snap->nfamilies - shown);
}

/**
 * lmmtop_render() - draw one screen
 * @out: where it goes
 * @snap: what to show, already sorted
 * @key: the sort key, named in the header
 * @screen: the terminal's size and whether to use ANSI escapes
 */
void lmmtop_render(FILE *out, const struct lmmtop_snapshot *snap,
		   enum lmmtop_sort key, const struct lmmtop_screen *screen)
{
	if (screen->ansi)
		fputs(ESC_HOME, out);
	render_summary(out, snap, key, screen);
	render_table(out, snap, screen);
	if (screen->ansi)
		fputs(ESC_CLEAR_EOS, out);
	fflush(out);
}

/**
 * lmmtop_render_message() - a screen that holds one message
 * @out: where it goes
 * @msg: what went wrong, for instance that /proc/lmm is not there yet
 * @screen: the terminal
 *
 * lmmtop keeps running and trying: the module may be loaded meanwhile.
 */
void lmmtop_render_message(FILE *out, const char *msg,
			   const struct lmmtop_screen *screen)
{
	if (screen->ansi)
		fputs(ESC_HOME, out);
	emitf(out, screen, false, "lmmtop - every %.1f s", screen->delay);
	emit(out, screen, msg, false);
	if (screen->ansi)
		emit(out, screen, " Still trying.  q: quit.", false);
	if (screen->ansi)
		fputs(ESC_CLEAR_EOS, out);
	fflush(out);
}
