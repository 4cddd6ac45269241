// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm-write - write one command to /proc/lmm exactly as given, and say
 * what write() answered.  Runs inside the QEMU guest (linked statically:
 * the initramfs has no libc), where a shell's echo cannot send a NUL
 * byte, cannot make a write of 0 bytes, and hides the errno.
 *
 * usage: lmm-write [-e] [-s SIZE] [-n COUNT] [-m MODE] [-f FILE] TEXT
 *   -e        TEXT has escapes: \n \r \t \\ \xHH
 *   -s SIZE   repeat TEXT to exactly SIZE bytes (SIZE may be 0)
 *   -n COUNT  write TEXT COUNT times on one descriptor (stop at an error)
 *   -m MODE   the credentials of opener and writer:
 *             root          as started (the default)
 *             noadmin       drop CAP_SYS_ADMIN for good, then open and write
 *             open-noadmin  open without CAP_SYS_ADMIN, regain it, write
 *             write-nobody  open as root, become uid 65534, write
 *   -f FILE   instead of /proc/lmm
 *
 * Prints "ok", "E<NAME>" (the write failed) or "open:E<NAME>"; exits 0
 * for ok, 1 for a failure, 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BUF_MAX	65536

static const char *errno_name(int err)
{
	static char other[16];

	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EOVERFLOW: return "EOVERFLOW";
	case EUCLEAN: return "EUCLEAN";
	}
	snprintf(other, sizeof(other), "E%d", err);
	return other;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Return: the length of the unescaped text, or -1 for a bad escape. */
static long unescape(const char *in, char *out)
{
	long n = 0;

	while (*in) {
		if (*in != '\\') {
			out[n++] = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'n':
			out[n++] = '\n';
			break;
		case 'r':
			out[n++] = '\r';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case '\\':
			out[n++] = '\\';
			break;
		case 'x':
			if (hex_digit(in[1]) < 0 || hex_digit(in[2]) < 0)
				return -1;
			out[n++] = (char)(hex_digit(in[1]) * 16 + hex_digit(in[2]));
			in += 2;
			break;
		default:
			return -1;
		}
		in++;
	}
	return n;
}

/* Set the effective and permitted capability sets (capset(2), v3). */
static int set_caps(int with_admin_effective, int with_admin_permitted)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int i;

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	for (i = 0; i < 2; i++)
		data[i].inheritable = 0;
	if (!with_admin_effective)
		data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &=
			~CAP_TO_MASK(CAP_SYS_ADMIN);
	else
		data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective |=
			CAP_TO_MASK(CAP_SYS_ADMIN);
	if (!with_admin_permitted)
		data[CAP_TO_INDEX(CAP_SYS_ADMIN)].permitted &=
			~CAP_TO_MASK(CAP_SYS_ADMIN);
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

static int print_usage(void)
{
	fprintf(stderr,
		"usage: lmm-write [-e] [-s SIZE] [-n COUNT] [-m MODE] [-f FILE] TEXT\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *file = "/proc/lmm", *mode = "root";
	long len, size = -1, count = 1, i;
	static char text[BUF_MAX], buf[BUF_MAX];
	int escapes = 0, opt, fd;

	while ((opt = getopt(argc, argv, "es:n:m:f:")) != -1) {
		switch (opt) {
		case 'e':
			escapes = 1;
			break;
		case 's':
			size = atol(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'm':
			mode = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		default:
			return print_usage();
		}
	}
	if (optind != argc - 1 || size >= BUF_MAX || count < 1 ||
	    strlen(argv[optind]) >= BUF_MAX)
		return print_usage();
	if (escapes) {
		len = unescape(argv[optind], text);
		if (len < 0)
			return print_usage();
	} else {
		len = strlen(argv[optind]);
		memcpy(text, argv[optind], len);
	}
	if (size >= 0) {
		if (!len && size)
			return print_usage();
		for (i = 0; i < size; i++)
			buf[i] = text[i % len];
		len = size;
	} else {
		memcpy(buf, text, len);
	}

	if (!strcmp(mode, "noadmin") && set_caps(0, 0))
		goto fail_setup;
	if (!strcmp(mode, "open-noadmin") && set_caps(0, 1))
		goto fail_setup;
	fd = open(file, O_WRONLY);
	if (fd < 0) {
		printf("open:%s\n", errno_name(errno));
		return 1;
	}
	if (!strcmp(mode, "open-noadmin") && set_caps(1, 1))
		goto fail_setup;
	if (!strcmp(mode, "write-nobody") &&
	    (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	     setresuid(65534, 65534, 65534)))
		goto fail_setup;
	for (i = 0; i < count; i++) {
		if (write(fd, buf, len) < 0) {
			printf("%s\n", errno_name(errno));
			return 1;
		}
	}
	printf("ok\n");
	return 0;

fail_setup:
	printf("setup:%s\n", errno_name(errno));
	return 2;
}
