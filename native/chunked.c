/* The chunked transfer-coding decoder (chunked.h). */
#include "chunked.h"

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
      char *nl = memchr(raw->p + i, '\n', raw->len - i);
      if (!nl)
        break;
      if (c->state == 0) {
        /* The size line: hex digits first (an extension may follow), within the line. */
        const char *d = raw->p + i;
        int digits = 0;
        for (c->left = 0; d < nl; d++, digits++) {
          int v = *d >= '0' && *d <= '9' ? *d - '0' : *d >= 'a' && *d <= 'f' ? *d - 'a' + 10 : *d >= 'A' && *d <= 'F' ? *d - 'A' + 10 : -1;
          if (v < 0)
            break;
          if ((c->left = c->left * 16 + (size_t)v) > BUF_MAX)
            return -1; /* more than a buffer holds */
        }
        if (!digits)
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
