/* The Docker event stream's splitter: a body (chunked or not) fed as it
 * arrives, cut into lines, one JSON event each. */
#ifndef DOCKER_POD_LINES_H
#define DOCKER_POD_LINES_H

#include "buf.h"
#include "chunked.h"

struct lines {
  int chunked;
  struct chunker ch;
  struct buf raw;  /* received, not yet dechunked (chunked streams) */
  struct buf body; /* dechunked, not yet a whole line */
};

/* Starts a stream (keeping s's memory). */
void lines_reset(struct lines *s, int chunked);
/* Feeds n received bytes and calls fn with each complete line (without its
 * \n, NUL-terminated; valid during the call only): 0 for more, -1 when the
 * stream ended (its last chunk), is malformed or a line is too long. */
int lines_feed(struct lines *s, const char *data, size_t n, void (*fn)(const char *line));

#endif
