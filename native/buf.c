/* Growing byte buffers (buf.h). */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

int buf_add(struct buf *b, const void *s, size_t n) {
  if (n > BUF_MAX || b->len + n + 1 > BUF_MAX)
    return -1;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    char *p;
    while (cap < b->len + n + 1)
      cap *= 2;
    if (cap > BUF_MAX)
      cap = BUF_MAX;
    if (!(p = realloc(b->p, cap)))
      return -1;
    b->p = p;
    b->cap = cap;
  }
  if (n)
    memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
  return 0;
}

void buf_clear(struct buf *b) {
  b->len = 0;
  if (b->p)
    b->p[0] = 0;
}

void buf_drop(struct buf *b, size_t n) {
  if (!b->p)
    return;
  memmove(b->p, b->p + n, b->len - n);
  b->len -= n;
  b->p[b->len] = 0;
}
