/* Growing byte buffers, always NUL-terminated once used (the parsers read them as strings). */
#ifndef DOCKER_POD_BUF_H
#define DOCKER_POD_BUF_H

#include <stddef.h>

/* The most a buffer holds: an answer or event larger than this is refused. */
#define BUF_MAX (8 << 20)

struct buf {
  char *p;
  size_t len, cap;
};

/* Appends n bytes; -1 (b unchanged) when it would pass BUF_MAX or memory runs out. */
int buf_add(struct buf *b, const void *s, size_t n);
/* Empties b, keeping its memory. */
void buf_clear(struct buf *b);
/* Drops the first n (<= len) bytes. */
void buf_drop(struct buf *b, size_t n);

#endif
