// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_program.c - the libFuzzer entry points of every target whose input
 * is a program (see fuzz_util.h and README.rst): the target describes
 * itself in fuzz_program, and the start-up and the per-input loop are
 * written once, here, so every target reads its input the same way.
 */
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* lmm's reports and the seed APIs' refusals print on every input. */
	fuzz_quiet_stdio();
	if (fuzz_program.init)
		fuzz_program.init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size, 0 };
	struct fuzz_model *model = fuzz_program.model;

	/* Each input starts from nothing, so a crashing one replays alone. */
	memset(model, 0, fuzz_program.model_bytes);
	if (fuzz_program.start)
		fuzz_program.start(model, &in);
	while (fuzz_more(&in))
		fuzz_program.ops[fuzz_u8(&in) % fuzz_program.nops](model, &in);
	fuzz_program.finish(model);
	return 0;
}
