/* A run's result as one byte buffer, so it can travel between processes
 * (MPI_Send of MPI_BYTE, bench_mpi.c) and come back bit for bit: the
 * attributes, then every trace array. Sender and receiver are the same
 * binary (ranks of one mpirun), so the fixed part is the struct's bytes. */
#ifndef DS_PACK_H
#define DS_PACK_H

#include <stddef.h>

#include "../core/error.h"
#include "../engine/run.h"

/* Serialize r into a new buffer (*buf, *size; free with free()). */
int ds_result_pack(const ds_result *r, unsigned char **buf, size_t *size, ds_err *err);

/* Rebuild a result from a buffer of ds_result_pack; the sizes inside are
 * checked against size, so a short or damaged buffer is DS_EIO, never a
 * read past its end. Free with ds_result_free. */
int ds_result_unpack(const unsigned char *buf, size_t size, ds_result *r, ds_err *err);

#endif
