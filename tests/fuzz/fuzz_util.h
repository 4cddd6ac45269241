/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * fuzz_util.h - what every lmm fuzz target shares: reading the input as a
 * stream of small numbers, a printer that prints nothing, the byte pattern
 * of the shadow model, and a loud assertion.
 *
 * The input is never "parsed" and never rejected: a read past its end
 * yields zeros, so every prefix of an input is an input too, and the
 * fuzzer's mutations (cut, splice, flip) keep producing programs.
 */
#ifndef LMM_FUZZ_UTIL_H
#define LMM_FUZZ_UTIL_H

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

__attribute__((noreturn, format(printf, 1, 2)))
void fuzz_fail(const char *fmt, ...);

#define FUZZ_ASSERT(cond, ...)						\
	do {								\
		if (!(cond))						\
			fuzz_fail(__VA_ARGS__);				\
	} while (0)

#endif /* LMM_FUZZ_UTIL_H */
