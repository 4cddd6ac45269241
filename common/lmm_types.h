/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_types.h - the types and macros the core borrows from its port.
 *
 * Private to the core (and to white-box tests): never installed, never
 * included by lmm.h.  The core writes u32, likely(), __printf and
 * static_assert() as the kernel does; each port supplies them in its own lmm_port_types.h,
 * found through the port's include directory (user/types, kernel/types),
 * so that common/ needs no -Iuser or -Ikernel and does not know which
 * build it is part of.  Nothing here calls a function: errno values and
 * integer types only.
 */
#ifndef LMM_TYPES_H
#define LMM_TYPES_H

#include "lmm_port_types.h"

#endif /* LMM_TYPES_H */
