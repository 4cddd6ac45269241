/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fuzz shim: <linux/string.h> is the C library's <string.h> plus
 * strscpy(), which copies at most size - 1 bytes, always terminates, and
 * says -E2BIG when the source did not fit.
 */
#ifndef FUZZ_SHIM_LINUX_STRING_H
#define FUZZ_SHIM_LINUX_STRING_H
#include <string.h>
#include <sys/types.h>
#include <linux/errno.h>

static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = 0;

	while (len < size && src[len])	/* strnlen() is not C11 */
		len++;
	if (!size)
		return -E2BIG;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}
#endif
