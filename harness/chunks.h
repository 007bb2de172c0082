/* Writing a chunked HDF5 dataset whose chunks are filtered here, several
 * at a time, instead of one after another inside HDF5. */
#ifndef DS_CHUNKS_H
#define DS_CHUNKS_H

#include <hdf5.h>

/* Write all of dataset d (rank 1 or 2, dims, chunks of chunk[0] rows of
 * the whole width, created with the filters shuffle, deflate at `level`
 * and Fletcher-32, in that order) from data in memory type mtype. Each
 * chunk is converted to the file type, padded with zeros to its full
 * size, shuffled, deflated and checksummed exactly as HDF5's own filters
 * do, on all OpenMP threads, then handed to H5Dwrite_chunk in order, so
 * the file's bytes are those of one H5Dwrite. The types may not hold
 * variable-length data. 0, or -1 (out of memory, or HDF5 failed). */
int ds_h5_write_filtered(hid_t d, hid_t ftype, hid_t mtype, int rank, const hsize_t *dims, const hsize_t *chunk,
                         int level, const void *data);

/* HDF5's Fletcher-32 checksum of n bytes (H5checksum.c's definition: sums
 * of big-endian 16-bit words, an odd last byte as the high byte of one). */
uint32_t ds_h5_fletcher32(const void *data, size_t n);

#endif
