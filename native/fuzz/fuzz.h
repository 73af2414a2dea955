/* What every fuzz harness shares: libFuzzer's entry point, and a failed
 * invariant as a crash (abort, which libFuzzer reports and saves). */
#ifndef DOCKER_POD_FUZZ_H
#define DOCKER_POD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                                    \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                                    \
      abort();                                                                                                         \
    }                                                                                                                  \
  } while (0)

/* The input as the parsers see received bytes: an exact-size copy followed by
 * a NUL, so any read past it is caught by ASan. */
static inline char *fuzz_text(const uint8_t *data, size_t size) {
  char *p = malloc(size + 1);
  if (!p)
    abort();
  if (size)
    memcpy(p, data, size);
  p[size] = 0;
  return p;
}

/* How received bytes may be cut into the pieces recv() hands over, for the
 * harnesses that feed a parser as the podlet does: way 0, whole; way 1, three
 * pieces cut where the input's last two bytes say (so the fuzzer moves the
 * cuts); way 2, byte by byte (inputs up to FUZZ_BYTEWISE bytes only). */
#define FUZZ_WAYS 3
#define FUZZ_BYTEWISE 64

/* Whether the input is fed the given way at all. */
static inline int fuzz_way(size_t size, int way) { return way < 2 || size <= FUZZ_BYTEWISE; }

/* The length of the piece at offset at (< size), fed the given way. */
static inline size_t fuzz_piece(const uint8_t *data, size_t size, int way, size_t at) {
  size_t c1, c2;
  if (way == 2)
    return 1;
  if (way == 0 || size < 2)
    return size - at;
  c1 = size * data[size - 1] / 256;
  c2 = c1 + (size - c1) * data[size - 2] / 256;
  return at < c1 ? c1 - at : at < c2 ? c2 - at : size - at;
}

#endif
