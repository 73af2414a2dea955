/* The decoder of HTTP/1.1 chunked transfer coding, fed as bytes arrive. */
#ifndef DOCKER_POD_CHUNKED_H
#define DOCKER_POD_CHUNKED_H

#include "buf.h"

struct chunker {
  int state; /* 0 size line, 1 data, 2 CRLF after data */
  size_t left;
};

/* Moves what it can of the chunked body in raw to out, keeping the rest in
 * raw: 1 after the last chunk, 0 for more, -1 when malformed (a size line
 * that does not start with a hex digit) or too big. A zeroed chunker starts a
 * body; the same bytes decode the same however they are cut. */
int dechunk(struct chunker *c, struct buf *raw, struct buf *out);

#endif
