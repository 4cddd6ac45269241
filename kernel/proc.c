// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * proc.c - /proc/lmm: what lmm holds, and a door for commands.
 *
 * Reading walks everything through seq_file, one item per ->show(): the
 * title line, the usage table (a header row, then a row per family), a
 * block map (a line per family, then one page's map per item) and the
 * handles made through /proc.  No item is larger than the map of one
 * page, so thousands of pages need no large buffer and are never cut
 * short.  Like /proc/slabinfo, ->start() takes the locks and ->stop()
 * drops them; between two read() calls nothing is held, so ->start()
 * finds its place again from the position alone:
 *
 *   63   60 59    56 55                 28 27                  0
 *   +------+--------+---------------------+--------------------+
 *   |  0   | section|  family ordinal     |  entry in family   |
 *   +------+--------+---------------------+--------------------+
 *
 * (a handle's number fills bits 0-55 in the handle section).  An item
 * that went away in between is skipped, never printed twice.
 *
 * Blocks are named by page index and offset, never by address.  Family
 * names are unique per owner only (a module, or /proc: lmm.h), so every
 * line that names a family names its owner too.
 *
 * Writing is for CAP_SYS_ADMIN, checked against whoever opened the file,
 * so that a descriptor handed to a setuid program is worth nothing.
 */
#define pr_fmt(fmt) "lmm: " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "lmm_frontend.h"
#include "lmm_port.h"
#include "proc.h"
#include "proc_cmd.h"
#include "proc_state.h"

enum section {
	SEC_TITLE,
	SEC_TABLE_HEAD,
	SEC_TABLE_ROW,		/* one per family */
	SEC_MAP_HEAD,
	SEC_MAP,		/* per family: its line, then a page each */
	SEC_HANDLE_HEAD,
	SEC_HANDLE,		/* one per handle */
	SEC_END,
};

#define POS_SECTION_SHIFT	56
#define POS_FAMILY_SHIFT	28
#define POS_LOW_MASK		((1ULL << POS_FAMILY_SHIFT) - 1)
#define POS_HANDLE_MASK		((1ULL << POS_SECTION_SHIFT) - 1)
#define POS_FAMILY_MASK		(POS_HANDLE_MASK >> POS_FAMILY_SHIFT)

/* Where the walk is; lives as long as the open file. */
struct proc_iter {
	enum section section;
	unsigned long ordinal;		/* of the family, from 0 */
	struct lmm_family *family;	/* at family_ordinal; NULL: unknown */
	unsigned long family_ordinal;
	unsigned long entry;		/* 0: the family line; n: page n - 1 */
	bool pages_done;		/* ->show() found no page @entry - 1 */
	unsigned long handle_id;
	struct lmm_handle *handle;
};

static loff_t iter_pos(const struct proc_iter *it)
{
	u64 pos = (u64)it->section << POS_SECTION_SHIFT;

	if (it->section == SEC_HANDLE)
		pos |= it->handle_id & POS_HANDLE_MASK;
	else if (it->section == SEC_TABLE_ROW || it->section == SEC_MAP)
		pos |= (u64)it->ordinal << POS_FAMILY_SHIFT | it->entry;
	return pos;
}

/* The family at @it->ordinal: one step on from the last, or a walk. */
static struct lmm_family *iter_family(struct proc_iter *it)
{
	unsigned long n;

	if (it->family && it->family_ordinal == it->ordinal)
		return it->family;
	if (it->family && it->family_ordinal + 1 == it->ordinal) {
		it->family = lmm_family_next(it->family);
	} else {
		it->family = lmm_family_first();
		for (n = 0; it->family && n < it->ordinal; n++)
			it->family = lmm_family_next(it->family);
	}
	it->family_ordinal = it->ordinal;
	return it->family;
}

/*
 * Make @it point at an item that exists, at or after where it points
 * now.  Return: false at the end of the file.
 */
static bool iter_settle(struct proc_iter *it)
{
	for (;;) {
		switch (it->section) {
		case SEC_TABLE_ROW:
		case SEC_MAP:
			if (it->ordinal <= POS_FAMILY_MASK &&
			    it->entry <= POS_LOW_MASK) {
				if (iter_family(it))
					return true;
			}
			break;
		case SEC_HANDLE:
			if (it->handle_id <= POS_HANDLE_MASK) {
				it->handle = lmm_handle_next(&it->handle_id);
				if (it->handle && it->handle_id <= POS_HANDLE_MASK)
					return true;
			}
			break;
		case SEC_END:
			return false;
		default:
			return true;	/* a heading: always there */
		}
		it->section++;
		it->ordinal = 0;
		it->entry = 0;
		it->handle_id = 0;
	}
}

static void *proc_start(struct seq_file *m, loff_t *pos)
{
	struct proc_iter *it = m->private;
	u64 p = *pos;

	lmm_proc_state_read_begin();
	it->section = min_t(u64, p >> POS_SECTION_SHIFT, SEC_END);
	it->ordinal = (p & POS_HANDLE_MASK) >> POS_FAMILY_SHIFT;
	it->entry = p & POS_LOW_MASK;
	it->handle_id = p & POS_HANDLE_MASK;
	it->pages_done = false;
	it->family = NULL;	/* the list may have changed since */
	if (!iter_settle(it))
		return NULL;
	*pos = iter_pos(it);
	return it;
}

static void *proc_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct proc_iter *it = v;

	switch (it->section) {
	case SEC_TABLE_ROW:
		it->ordinal++;
		break;
	case SEC_MAP:
		if (it->pages_done) {
			it->ordinal++;
			it->entry = 0;
			it->pages_done = false;
		} else {
			it->entry++;
		}
		break;
	case SEC_HANDLE:
		it->handle_id++;
		break;
	default:
		it->section++;
		it->ordinal = 0;
		it->entry = 0;
		it->handle_id = 0;
		break;
	}
	if (!iter_settle(it)) {
		/* Past every item, and never equal to an earlier position. */
		*pos = (loff_t)SEC_END << POS_SECTION_SHIFT;
		return NULL;
	}
	*pos = iter_pos(it);
	return it;
}

static void proc_stop(struct seq_file *m, void *v)
{
	lmm_proc_state_read_end();
}

/*
 * The layout of /proc/lmm, on its first line: one more whenever a column
 * or a section changes, so that a parser can refuse what it does not know
 * (2: the owner column and the owner on each family line; 3: block sizes
 * exclude the header, and a legend line follows the title).
 */
#define PROC_FORMAT		3
/* Module names are short; a longer owner pushes its row to the right. */
#define OWNER_COLUMN_WIDTH	16

static __printf(2, 0) void seq_vprint(void *ctx, const char *fmt,
				      va_list args)
{
	seq_vprintf(ctx, fmt, args);
}

/* The owner as one word: the default name space has the name "". */
static const char *owner_word(const struct lmm_family *family)
{
	const char *owner = lmm_family_owner_name(family);

	return *owner ? owner : "-";
}

static void show_table_row(struct seq_file *m, const struct lmm_printer *out,
			   struct lmm_family *family)
{
	struct lmm_stats s;

	if (lmm_family_stats(family, &s))
		return;
	seq_printf(m, "%-*s ", OWNER_COLUMN_WIDTH, owner_word(family));
	lmm_report_usage_row(out, lmm_family_name(family), &s);
}

static void show_family_line(struct seq_file *m, struct lmm_family *family)
{
	struct lmm_stats s;

	if (lmm_family_stats(family, &s))
		return;
	seq_printf(m, "family %s, owner %s: %zu page%s in use, %zu cached\n",
		   lmm_family_name(family), owner_word(family), s.pages_in_use,
		   s.pages_in_use == 1 ? "" : "s", s.pages_cached);
}

static void show_handle(struct seq_file *m, unsigned long id,
			const struct lmm_handle *handle)
{
	size_t offset = 0;
	u32 page = 0;

	lmm_family_where(handle->family, handle->ptr, &page, &offset);
	seq_printf(m, "%6lu %-31s %10llu %10zu %6u %6zu\n", id,
		   lmm_family_name(handle->family),
		   (unsigned long long)handle->units, handle->bytes, page,
		   offset);
}

static int proc_show(struct seq_file *m, void *v)
{
	const struct lmm_printer out = { .vprint = seq_vprint, .ctx = m };
	struct proc_iter *it = v;

	switch (it->section) {
	case SEC_TITLE:
		seq_printf(m, "lmm version %s, page size %lu, format %d\n",
			   LMM_VERSION, LMM_PAGE_SIZE, PROC_FORMAT);
		/* Under the title, so that no section gains a line. */
		lmm_report_legend(&out);
		break;
	case SEC_TABLE_HEAD:
		seq_printf(m, "\nfamilies:\n%-*s ", OWNER_COLUMN_WIDTH, "owner");
		lmm_report_usage_header(&out);
		break;
	case SEC_TABLE_ROW:
		show_table_row(m, &out, it->family);
		break;
	case SEC_MAP_HEAD:
		seq_puts(m, "\nblocks:\n");
		break;
	case SEC_MAP:
		if (!it->entry)
			show_family_line(m, it->family);
		else if (lmm_report_family_page(&out, it->family,
						it->entry - 1))
			it->pages_done = true;
		break;
	case SEC_HANDLE_HEAD:
		seq_printf(m, "\nhandles: %lu\n%6s %-31s %10s %10s %6s %6s\n",
			   lmm_handle_count(), "handle", "family", "units",
			   "bytes", "page", "offset");
		break;
	case SEC_HANDLE:
		show_handle(m, it->handle_id, it->handle);
		break;
	default:
		break;
	}
	return 0;
}

static const struct seq_operations proc_seq_ops = {
	.start = proc_start,
	.next = proc_next,
	.stop = proc_stop,
	.show = proc_show,
};

static int proc_open(struct inode *inode, struct file *file)
{
	return seq_open_private(file, &proc_seq_ops, sizeof(struct proc_iter));
}

static ssize_t proc_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	char buf[LMM_CMD_MAX_BYTES];
	struct lmm_cmd cmd;
	int err;

	/* The opener's credentials, not the writer's: see the top. */
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (!count || count > sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	err = lmm_cmd_parse(buf, count, &cmd);
	if (!err)
		err = lmm_cmd_run(&cmd);
	return err ? err : count;
}

static const struct proc_ops lmm_proc_ops = {
	.proc_open = proc_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release_private,
	.proc_write = proc_write,
};

static struct proc_dir_entry *proc_entry;

/**
 * lmm_proc_init() - create /proc/lmm
 *
 * Return: 0, or -ENOMEM.
 */
int lmm_proc_init(void)
{
	proc_entry = proc_create("lmm", 0644, NULL, &lmm_proc_ops);
	return proc_entry ? 0 : -ENOMEM;
}

/**
 * lmm_proc_exit() - remove /proc/lmm and free what commands made
 *
 * proc_remove() waits for the readers and writers in flight; once it
 * returns no new command can start, so the handles and families can go.
 */
void lmm_proc_exit(void)
{
	proc_remove(proc_entry);
	lmm_proc_state_reset();
}
