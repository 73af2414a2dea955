/* The chunked transfer-coding decoder (chunked.h). */
#include "chunked.h"

#include <stdlib.h>
#include <string.h>

int dechunk(struct chunker *c, struct buf *raw, struct buf *out) {
  size_t i = 0;
  int done = 0;
  while (i < raw->len && !done) {
    if (c->state == 1) {
      size_t n = raw->len - i < c->left ? raw->len - i : c->left;
      if (buf_add(out, raw->p + i, n) < 0)
        return -1;
      i += n;
      if (!(c->left -= n))
        c->state = 2;
    } else {
      char *nl = memchr(raw->p + i, '\n', raw->len - i), *e;
      if (!nl)
        break;
      if (c->state == 0) {
        c->left = strtoul(raw->p + i, &e, 16);
        if (e == raw->p + i)
          return -1;
        c->state = c->left ? 1 : 0;
        done = !c->left;
      } else {
        c->state = 0;
      }
      i = (size_t)(nl - raw->p) + 1;
    }
  }
  buf_drop(raw, i);
  return done;
}
