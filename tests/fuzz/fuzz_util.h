/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * fuzz_util.h - what every lmm fuzz target shares: reading the input as a
 * stream of small numbers, a printer that prints nothing, the shadow model
 * of live blocks and their byte pattern, the program runner, and a loud
 * assertion.
 *
 * The input is never "parsed" and never rejected: a read past its end
 * yields zeros, so every prefix of an input is an input too, and the
 * fuzzer's mutations (cut, splice, flip) keep producing programs.
 */
#ifndef LMM_FUZZ_UTIL_H
#define LMM_FUZZ_UTIL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lmm.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* libFuzzer's entry points, which every target defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_input {
	const uint8_t *data;
	size_t size;
	size_t pos;
};

static inline bool fuzz_more(const struct fuzz_input *in)
{
	return in->pos < in->size;
}

uint8_t fuzz_u8(struct fuzz_input *in);
uint16_t fuzz_u16(struct fuzz_input *in);
uint32_t fuzz_u32(struct fuzz_input *in);
/* A number in [0, n), n >= 1, from one byte (two when n > 256). */
size_t fuzz_below(struct fuzz_input *in, size_t n);
/* Copy up to @len input bytes to @dst; the rest of @dst is zeroed. */
void fuzz_bytes(struct fuzz_input *in, void *dst, size_t len);

/*
 * Send the program's stdout and stderr (lmm's reports, the seed API's
 * error lines, damage logs) to /dev/null, so printing does not slow the
 * fuzzer.  libFuzzer and the sanitizers keep the real stderr: libFuzzer
 * captured the FILE pointer at start-up and the sanitizers write to the
 * file descriptor.  FUZZ_VERBOSE=1 in the environment keeps everything,
 * for replaying an input by hand.
 */
void fuzz_quiet_stdio(void);

/* A printer that formats (so every argument is read) and drops the text. */
extern const struct lmm_printer fuzz_null_printer;
/* A printer to the real stderr, for describing a failure. */
extern const struct lmm_printer fuzz_err_printer;

/* The bytes a live block of the shadow model holds: a function of its id. */
void fuzz_pattern_fill(void *payload, size_t bytes, uint32_t id);
/* The offset of the first byte that differs, or -1 when all match. */
long fuzz_pattern_diff(const void *payload, size_t bytes, uint32_t id);

/*
 * The shadow model's table of live blocks, for the targets whose program
 * allocates and frees: what each block holds (a pattern chosen by its id),
 * and a ring of pointers freed since, to free again as stale pointers.
 * Each target sets its own limits (fuzz_live_init()): they decide which
 * allocations are skipped and which stale pointer an input byte picks, so
 * they are part of what the committed corpus means.
 */
#define FUZZ_LIVE_MAX	64
#define FUZZ_FREED_MAX	32

struct fuzz_block {
	void *ptr;
	size_t bytes;
	size_t units;		/* what the program asked for, in its units */
	int family;		/* the target's family slot, or -1 */
	int region;		/* the target's region slot, or -1 */
	uint32_t id;		/* picks the pattern its payload holds */
};

struct fuzz_live {
	struct fuzz_block blocks[FUZZ_LIVE_MAX];
	size_t nblocks;
	size_t max_blocks;		/* the target's limit */
	void *freed[FUZZ_FREED_MAX];	/* a ring: the newest overwrite */
	size_t nfreed;			/* ever remembered, not kept */
	size_t max_freed;		/* the target's ring size */
	uint32_t next_id;
};

void fuzz_live_init(struct fuzz_live *live, size_t max_blocks,
		    size_t max_freed);
bool fuzz_live_full(const struct fuzz_live *live);
/* The live block that starts at @ptr, or NULL. */
struct fuzz_block *fuzz_live_find(struct fuzz_live *live, const void *ptr);
/* Any live block, chosen by one input byte; NULL (reading none) if none. */
struct fuzz_block *fuzz_live_pick(struct fuzz_live *live,
				  struct fuzz_input *in);
/* Fail unless a block lmm just handed out is aligned and overlaps none. */
void fuzz_live_expect_fresh(const struct fuzz_live *live, const void *ptr,
			    size_t bytes);
/* Fill the new block with its pattern; the caller says who owns it. */
struct fuzz_block *fuzz_live_add(struct fuzz_live *live, void *ptr,
				 size_t bytes);
/* Fail if the block's pattern changed while the program held it. */
void fuzz_live_verify(const struct fuzz_block *block);
void fuzz_live_verify_all(const struct fuzz_live *live);
/* Forget a freed block, remembering its pointer as stale. */
void fuzz_live_remove(struct fuzz_live *live, struct fuzz_block *block);
/* One of the remembered stale pointers, or NULL (reading none) if none. */
void *fuzz_freed_pick(struct fuzz_live *live, struct fuzz_input *in);

/* Memory no allocator handed out, for frees that must be refused. */
extern unsigned char fuzz_foreign_static[256];

/*
 * The pointer kinds the seed APIs' frees (Mem_Free, xfree) are given, as
 * both targets have always numbered them: 0 inside @block (never its
 * start), 1 foreign static memory, 2 @stack, 3 a stale pointer, 4 and more
 * the start of @block.  NULL when the kind has nothing to give.  The
 * caller reads @kind and picks @block, each in its own input order.
 */
void *fuzz_free_candidate(struct fuzz_live *live, struct fuzz_input *in,
			  unsigned int kind, const struct fuzz_block *block,
			  void *stack);

/*
 * A target whose input is a program (every target but fuzz_proc): its
 * shadow model, one type per target, which the shared code only passes
 * around, and what to do with it.  fuzz_program.c holds the libFuzzer
 * entry points that run it, so each target is only its operations.
 */
struct fuzz_model;

typedef void (*fuzz_op)(struct fuzz_model *model, struct fuzz_input *in);

struct fuzz_program {
	struct fuzz_model *model;	/* cleared before each input */
	size_t model_bytes;
	/* Once, after fuzz_quiet_stdio(); may be NULL. */
	void (*init)(void);
	/* First with each input: set the model up, read set-up bytes. */
	void (*start)(struct fuzz_model *model, struct fuzz_input *in);
	/* Each opcode byte picks one, modulo @nops. */
	const fuzz_op *ops;
	size_t nops;
	/* After the last operation: the final checks and the tear-down. */
	void (*finish)(struct fuzz_model *model);
};

/* Defined by each program target, read by fuzz_program.c. */
extern const struct fuzz_program fuzz_program;

/*
 * Define fuzz_program and the model it runs.  A macro because the number
 * of operations must be taken from the array itself.  @init and @start
 * may be NULL.
 */
#define FUZZ_PROGRAM(init_fn, start_fn, op_table, finish_fn)		\
	static struct fuzz_model fuzz_program_model;			\
	const struct fuzz_program fuzz_program = {			\
		.model = &fuzz_program_model,				\
		.model_bytes = sizeof(fuzz_program_model),		\
		.init = (init_fn),					\
		.start = (start_fn),					\
		.ops = (op_table),					\
		.nops = ARRAY_SIZE(op_table),				\
		.finish = (finish_fn),					\
	}

__attribute__((noreturn, format(printf, 1, 2)))
void fuzz_fail(const char *fmt, ...);

#define FUZZ_ASSERT(cond, ...)						\
	do {								\
		if (!(cond))						\
			fuzz_fail(__VA_ARGS__);				\
	} while (0)

#endif /* LMM_FUZZ_UTIL_H */
