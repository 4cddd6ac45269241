// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * proc_state.c - what commands written to /proc/lmm create, and running
 * those commands.
 *
 * /proc owns the families it registered and the blocks it allocated
 * (numbered handles, from 1).  Its families live in a name space of its
 * own (owner proc_owner, shown as "proc"), beside the name space of each
 * module, so a module can register the same name as /proc and the other
 * way round.  NAME in a command is always a name of /proc's space: a
 * family of the same name that another owner has is not seen at all
 * (alloc and unregister say -ENOENT, register works).  /proc never
 * touches another module's families beyond reading them: that module
 * holds their handles, and a family unregistered under its feet would be
 * a use after free.
 *
 * Every command checks everything it can before it changes anything, so
 * a command that fails leaves no trace: not even a failed-allocation
 * count in the statistics.
 *
 * Everything here is under proc_lock, which comes before the core's
 * locks (see lmm_kernel.h).  The limits that keep a typing error from
 * pinning all of memory are this file's module parameters: they limit
 * nothing else.
 */
#define pr_fmt(fmt) "lmm: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "lmm_frontend.h"
#include "proc_cmd.h"
#include "proc_state.h"

/* Serialises commands and readers; outermost of all lmm locks. */
static DEFINE_MUTEX(proc_lock);

/*
 * The /proc/lmm limits keep a typing error ("alloc x 1000000000") from
 * pinning all of memory; the native API has no such limits.  They may
 * change at any time through sysfs: read each once, with READ_ONCE().
 */
static unsigned long proc_max_bytes = 16UL << 20;
module_param(proc_max_bytes, ulong, 0644);
MODULE_PARM_DESC(proc_max_bytes,
		 "largest allocation through /proc/lmm, in bytes (default 16 MiB)");

static unsigned int proc_max_handles = 65536;
module_param(proc_max_handles, uint, 0644);
MODULE_PARM_DESC(proc_max_handles,
		 "most handles live through /proc/lmm at once (default 65536)");

/*
 * The owner of /proc's families: only its address matters, a pointer no
 * module can pass as THIS_MODULE, so no module can reach these families
 * by name, nor /proc a module's.
 */
static const u8 proc_owner;
#define PROC_OWNER_NAME	"proc"

/* A family registered through /proc/lmm. */
struct proc_family {
	struct list_head node;
	struct lmm_family *family;
	size_t struct_bytes;
	char name[LMM_NAME_MAX + 1];
};

static LIST_HEAD(proc_families);
static DEFINE_XARRAY(handles);
static unsigned long next_handle = 1;
static unsigned long nhandles;

static struct proc_family *proc_family_find(const char *name)
{
	struct proc_family *pf;

	list_for_each_entry(pf, &proc_families, node)
		if (!strcmp(pf->name, name))
			return pf;
	return NULL;
}

/*
 * The /proc family called @name, or -ENOENT: another owner's family of
 * that name is in another name space, as if it did not exist.
 */
static int own_family(const char *name, struct proc_family **pfp)
{
	*pfp = proc_family_find(name);
	return *pfp ? 0 : -ENOENT;
}

static int cmd_register(const struct lmm_cmd *cmd)
{
	struct proc_family *pf;
	int err;

	/* A unit that /proc could never allocate is a mistake. */
	if (cmd->number > SIZE_MAX || cmd->number > READ_ONCE(proc_max_bytes))
		return -EINVAL;
	if (proc_family_find(cmd->name))
		return -EEXIST;
	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	err = lmm_family_create_owned(&proc_owner, PROC_OWNER_NAME, cmd->name,
				      cmd->number, NULL, &pf->family);
	if (err) {
		kfree(pf);
		return err;
	}
	pf->struct_bytes = cmd->number;
	strscpy(pf->name, cmd->name, sizeof(pf->name));
	list_add_tail(&pf->node, &proc_families);
	return 0;
}

static int cmd_unregister(const struct lmm_cmd *cmd)
{
	struct proc_family *pf;
	int err;

	err = own_family(cmd->name, &pf);
	if (err)
		return err;
	err = lmm_family_destroy(pf->family);	/* -EBUSY while blocks live */
	if (err)
		return err;
	list_del(&pf->node);
	kfree(pf);
	return 0;
}

static int cmd_alloc(const struct lmm_cmd *cmd)
{
	struct lmm_handle *handle;
	struct proc_family *pf;
	size_t bytes;
	int err;

	err = own_family(cmd->name, &pf);
	if (err)
		return err;
	if (cmd->number > SIZE_MAX ||
	    check_mul_overflow((size_t)cmd->number, pf->struct_bytes, &bytes))
		return -EINVAL;
	if (bytes > READ_ONCE(proc_max_bytes) ||
	    nhandles >= READ_ONCE(proc_max_handles))
		return -ENOMEM;
	handle = kzalloc(sizeof(*handle), GFP_KERNEL);
	if (!handle)
		return -ENOMEM;
	/* Take the number first: a failure here must not touch the family. */
	err = xa_insert(&handles, next_handle, handle, GFP_KERNEL);
	if (err) {
		kfree(handle);
		return -ENOMEM;
	}
	handle->ptr = lmm_alloc(pf->family, cmd->number, &err);
	if (!handle->ptr) {
		xa_erase(&handles, next_handle);
		kfree(handle);
		return err == -ENOMEM ? -ENOMEM : -EINVAL;
	}
	handle->family = pf->family;
	handle->units = cmd->number;
	handle->bytes = bytes;
	next_handle++;
	nhandles++;
	return 0;
}

static void handle_drop(unsigned long id, struct lmm_handle *handle)
{
	xa_erase(&handles, id);
	kfree(handle);
	nhandles--;
}

static int cmd_free(const struct lmm_cmd *cmd)
{
	struct lmm_handle *handle;
	int err;

	if (cmd->number > ULONG_MAX)
		return -ENOENT;
	handle = xa_load(&handles, cmd->number);
	if (!handle)
		return -ENOENT;
	/*
	 * Only damage can make this fail (the core logs where); the block
	 * is then either freed or quarantined by the core: the handle goes
	 * either way.
	 */
	err = lmm_free(handle->family, handle->ptr);
	handle_drop(cmd->number, handle);
	return err ? -EUCLEAN : 0;
}

/*
 * Free every handle and unregister every /proc family.  A family that
 * some module allocated from (it could reach it through the family
 * iterator, lmm_family_first() and lmm_family_next()) stays, and
 * the result is -EBUSY; with @forget the bookkeeping goes all the same,
 * for unload, where lmm_shutdown() reclaims and reports what is left.
 */
static int reset_locked(bool forget)
{
	struct proc_family *pf, *tmp;
	struct lmm_handle *handle;
	unsigned long id;
	int ret = 0;

	xa_for_each(&handles, id, handle) {
		lmm_free(handle->family, handle->ptr);
		handle_drop(id, handle);
	}
	list_for_each_entry_safe(pf, tmp, &proc_families, node) {
		if (lmm_family_destroy(pf->family)) {
			ret = -EBUSY;
			if (!forget)
				continue;
		}
		list_del(&pf->node);
		kfree(pf);
	}
	next_handle = 1;
	return ret;
}

static __printf(2, 0) void klog_vprint(void *ctx, const char *fmt,
				       va_list args)
{
	struct va_format vaf;
	va_list copy;

	va_copy(copy, args);
	vaf.fmt = fmt;
	vaf.va = &copy;
	pr_err("%pV", &vaf);
	va_end(copy);
}

static int cmd_check(void)
{
	const struct lmm_printer klog = { .vprint = klog_vprint };
	int violation = lmm_check(&klog);

	if (violation)
		return -EUCLEAN;
	pr_info("check: all invariants hold\n");
	return 0;
}

/**
 * lmm_cmd_run() - carry out one parsed command
 * @cmd: from lmm_cmd_parse()
 *
 * Return: 0; -EINVAL for a size /proc may not use or an overflowing
 * request; -ENOENT for no such family of /proc or no such handle;
 * -EEXIST for a name /proc has taken; -EBUSY for a family with live
 * blocks; -ENOMEM past the proc_max_* limits or out of memory;
 * -EUCLEAN when the checker (or a free) found damage.
 */
int lmm_cmd_run(const struct lmm_cmd *cmd)
{
	int err;

	mutex_lock(&proc_lock);
	switch (cmd->op) {
	case LMM_CMD_REGISTER:
		err = cmd_register(cmd);
		break;
	case LMM_CMD_UNREGISTER:
		err = cmd_unregister(cmd);
		break;
	case LMM_CMD_ALLOC:
		err = cmd_alloc(cmd);
		break;
	case LMM_CMD_FREE:
		err = cmd_free(cmd);
		break;
	case LMM_CMD_RESET:
		err = reset_locked(false);
		break;
	case LMM_CMD_CHECK:
		err = cmd_check();
		break;
	default:
		err = -EINVAL;
	}
	mutex_unlock(&proc_lock);
	return err;
}

/**
 * lmm_proc_state_reset() - free all /proc handles and families, at unload
 */
void lmm_proc_state_reset(void)
{
	mutex_lock(&proc_lock);
	reset_locked(true);
	mutex_unlock(&proc_lock);
}

/**
 * lmm_proc_state_read_begin() - hold the /proc state and the families still
 *
 * For a reader of /proc/lmm, from ->start() to ->stop(): takes the /proc
 * lock, then the registry lock, in the documented order (lmm_kernel.h).
 */
void lmm_proc_state_read_begin(void)
{
	mutex_lock(&proc_lock);
	lmm_registry_lock();
}

/**
 * lmm_proc_state_read_end() - let commands and the families change again
 */
void lmm_proc_state_read_end(void)
{
	lmm_registry_unlock();
	mutex_unlock(&proc_lock);
}

/**
 * lmm_handle_next() - the first handle numbered @id or above
 * @id: where to start; set to the handle's number
 *
 * Call between lmm_proc_state_read_begin() and lmm_proc_state_read_end().
 *
 * Return: the handle, or NULL when there is none.
 */
struct lmm_handle *lmm_handle_next(unsigned long *id)
{
	return xa_find(&handles, id, ULONG_MAX, XA_PRESENT);
}

/**
 * lmm_handle_count() - how many handles are live
 *
 * Call between lmm_proc_state_read_begin() and lmm_proc_state_read_end().
 *
 * Return: the count.
 */
unsigned long lmm_handle_count(void)
{
	return nhandles;
}
