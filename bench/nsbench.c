// SPDX-License-Identifier: GPL-2.0
/* nsbench: placeholder entry point until the benchmark lands (issue 9). */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "nsbench: not implemented yet\n");
	return 2;
}
