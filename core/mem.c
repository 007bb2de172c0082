#include "mem.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* The first number in a file ("max" or a missing file: -1). */
static double read_number(const char *path)
{
    FILE *f = fopen(path, "r");
    double v = -1;
    if (f) {
        if (fscanf(f, "%lf", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

static double meminfo_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    double kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb < 0 ? -1 : kb * 1024;
}

/* Room under a cgroup limit: limit - usage, when a limit is set (v1
 * reports "no limit" as a number near 2^63). */
static double cgroup_room(void)
{
    double max = read_number("/sys/fs/cgroup/memory.max"), used = read_number("/sys/fs/cgroup/memory.current");
    if (max < 0) {
        max = read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes");
        used = read_number("/sys/fs/cgroup/memory/memory.usage_in_bytes");
    }
    if (max < 0 || max > 1e18)
        return -1;
    return max > used ? max - (used > 0 ? used : 0) : 0;
}

static double min_known(double a, double b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

double ds_mem_available(void)
{
    double avail = min_known(meminfo_available(), cgroup_room());
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        avail = min_known(avail, (double)rl.rlim_cur);
    return avail < 0 ? 0 : avail;
}
