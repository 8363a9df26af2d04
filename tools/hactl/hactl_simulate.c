/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/hactl/hactl_simulate.c - `hactl simulate`: the scheduler, offline. */
#include "config.h"

#include <stdio.h>

#include "hactl.h"

int
ha_hactl_cmd_simulate(const struct hactl_globals *g, int argc, char **argv)
{
    fprintf(stderr, "hactl simulate: the policy engine is not built yet\n");
    return HACTL_EXIT_UNSUPPORTED;
}
