/* The memory this process may still use, for checks made before a large
 * allocation rather than after it fails. */
#ifndef DS_MEM_H
#define DS_MEM_H

/* Bytes available: the least of the machine's MemAvailable, the room left
 * under the cgroup's limit (v2 memory.max, or v1 limit_in_bytes) and the
 * address-space limit (ulimit -v). 0 when none can be read. */
double ds_mem_available(void);

#endif
