/* The event-stream line splitter (lines.h). */
#include "lines.h"

#include <string.h>

void lines_reset(struct lines *s, int chunked) {
  s->chunked = chunked;
  s->ch = (struct chunker){0, 0};
  buf_clear(&s->raw);
  buf_clear(&s->body);
}

int lines_feed(struct lines *s, const char *data, size_t n, void (*fn)(const char *line)) {
  char *nl;
  int d = 0;
  if (s->chunked) {
    if (buf_add(&s->raw, data, n) < 0 || (d = dechunk(&s->ch, &s->raw, &s->body)) < 0)
      return -1;
  } else if (buf_add(&s->body, data, n) < 0) {
    return -1;
  }
  while (s->body.p && (nl = memchr(s->body.p, '\n', s->body.len))) {
    *nl = 0;
    fn(s->body.p);
    buf_drop(&s->body, (size_t)(nl - s->body.p) + 1);
  }
  return d ? -1 : 0;
}
