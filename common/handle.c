// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * handle.c - handles that cannot outlive what they name.
 *
 * The struct lmm_family * and struct lmm_region * a caller holds are not
 * pointers to anything: they are numbers, checked on every use.
 *
 *   63                              20   19   18              0
 *   +--------------------------------+------+-----------------+
 *   |          generation            | kind |   slot index    |
 *   +--------------------------------+------+-----------------+
 *
 * The slot index names a slot in a table of chunks that only grows; the
 * slot holds the handle that is live now (0 while the slot is free), the
 * object (a family or a region struct) and its lock.  Destroying an object
 * moves its slot to the next generation, so the old handle, and any number
 * a caller made up, is refused with -EINVAL instead of being followed.
 *
 * Slots, objects and their locks are never given back to the port while
 * lmm runs (lmm_teardown() does, at module unload), so a thread that looked
 * a handle up just before another thread destroyed the object still holds
 * memory of the right type: it takes the object's lock and checks the
 * handle again under it, and finds it dead.  A freed slot, with its
 * object and lock, is reused by the next object of the same kind.
 */
#include "internal.h"

#define SLOT_CHUNKS	(LMM_SLOT_MAX / LMM_SLOTS_PER_CHUNK)

struct lmm_slot *lmm_slot_chunks[SLOT_CHUNKS];
static u32 slots_used;			/* slot 0 is never handed out */
static u32 free_slots[2];		/* per kind, linked by next_free */

/**
 * lmm_slot_peek() - the object a handle names now, not locked
 * @handle: the handle
 * @kind: LMM_SLOT_FAMILY or LMM_SLOT_REGION
 *
 * The object may die right after; its memory stays an object of @kind.
 *
 * Return: the object, or NULL when the handle is not live.
 */
void *lmm_slot_peek(unsigned long handle, unsigned long kind)
{
	struct lmm_slot *slot = lmm_slot_of(handle);

	if (!slot || (handle & LMM_SLOT_KIND) != kind ||
	    __atomic_load_n(&slot->handle, __ATOMIC_ACQUIRE) != handle)
		return NULL;
	return slot->object;
}

/* A new chunk of slots, zeroed; registry lock held. */
static int add_chunk(void)
{
	size_t n = slots_used / LMM_SLOTS_PER_CHUNK;
	struct lmm_slot *chunk;

	if (n >= SLOT_CHUNKS)
		return -ENOMEM;
	chunk = lmm_port_pages_alloc(1);
	if (!chunk)
		return -ENOMEM;
	lmm_port_zero(chunk, LMM_PAGE_SIZE);
	__atomic_store_n(&lmm_slot_chunks[n], chunk, __ATOMIC_RELEASE);
	return 0;
}

/* A slot never used before, with its object and lock; registry lock held. */
static struct lmm_slot *slot_new(unsigned long kind, size_t object_npages,
				 u32 *indexp)
{
	struct lmm_lock *lock;
	struct lmm_slot *slot;
	void *object;

	if (!slots_used)
		slots_used = 1;		/* index 0 is no handle */
	if (slots_used % LMM_SLOTS_PER_CHUNK == 0 || !lmm_slot_chunks[0]) {
		if (add_chunk())
			return NULL;
	}
	slot = &lmm_slot_chunks[slots_used / LMM_SLOTS_PER_CHUNK]
			   [slots_used % LMM_SLOTS_PER_CHUNK];
	object = lmm_port_pages_alloc(object_npages);
	lock = lmm_port_lock_create(kind == LMM_SLOT_FAMILY ?
				    LMM_LOCK_FAMILY : LMM_LOCK_REGION);
	if (!object || !lock) {
		if (object)
			lmm_port_pages_free(object, object_npages);
		if (lock)
			lmm_port_lock_destroy(lock);
		return NULL;
	}
	slot->object = object;
	/* Published last: lmm_slot_get() takes a slot with a lock as used. */
	__atomic_store_n(&slot->lock, lock, __ATOMIC_RELEASE);
	slot->npages = (u32)object_npages;
	*indexp = slots_used++;
	return slot;
}

/**
 * lmm_slot_alloc() - a free slot of a kind, with its object and lock
 * @kind: LMM_SLOT_FAMILY or LMM_SLOT_REGION
 * @object_npages: the size of a new object, in pages
 * @indexp: receives the slot's index
 *
 * Call with the registry lock held.  The object's memory holds whatever
 * the last object of the slot left there: the caller initialises it and
 * then makes the handle live with lmm_slot_publish().
 *
 * Return: the slot, or NULL when there is no memory.
 */
struct lmm_slot *lmm_slot_alloc(unsigned long kind, size_t object_npages,
				u32 *indexp)
{
	u32 *head = &free_slots[kind ? 1 : 0];
	struct lmm_slot *slot;

	if (*head) {
		slot = lmm_slot_of(*head);
		*indexp = *head;
		*head = slot->next_free;
		return slot;
	}
	return slot_new(kind, object_npages, indexp);
}

/**
 * lmm_slot_publish() - make a slot's object reachable through a handle
 * @slot: from lmm_slot_alloc(), object initialised
 * @index: its index
 * @kind: its kind
 *
 * Return: the new handle.
 */
unsigned long lmm_slot_publish(struct lmm_slot *slot, u32 index,
			       unsigned long kind)
{
	unsigned long handle;

	if (!++slot->generation)
		slot->generation = 1;
	handle = ((unsigned long)slot->generation << LMM_SLOT_GEN_SHIFT) |
		 kind | index;
	__atomic_store_n(&slot->handle, handle, __ATOMIC_RELEASE);
	return handle;
}

/**
 * lmm_slot_kill() - make a slot's handle dead
 * @slot: the slot, its object locked
 *
 * Every lookup of the old handle fails from now on.
 */
void lmm_slot_kill(struct lmm_slot *slot)
{
	__atomic_store_n(&slot->handle, 0, __ATOMIC_RELEASE);
}

/**
 * lmm_slot_free() - put a dead slot on its kind's free list
 * @slot: the slot, killed
 * @index: its index
 * @kind: its kind
 *
 * Call with the registry lock held.
 */
void lmm_slot_free(struct lmm_slot *slot, u32 index, unsigned long kind)
{
	u32 *head = &free_slots[kind ? 1 : 0];

	slot->next_free = *head;
	*head = index;
}

/**
 * lmm_slot_teardown() - give every slot, object and lock back to the port
 *
 * Only when no handle can be used any more (module unload); every object
 * must be dead.
 */
void lmm_slot_teardown(void)
{
	u32 i;

	for (i = 1; i < slots_used; i++) {
		struct lmm_slot *slot = lmm_slot_of(i);

		if (slot && slot->object) {
			lmm_port_pages_free(slot->object, slot->npages);
			lmm_port_lock_destroy(slot->lock);
		}
	}
	for (i = 0; i < SLOT_CHUNKS && lmm_slot_chunks[i]; i++) {
		lmm_port_pages_free(lmm_slot_chunks[i], 1);
		lmm_slot_chunks[i] = NULL;
	}
	slots_used = 0;
	free_slots[0] = 0;
	free_slots[1] = 0;
}
