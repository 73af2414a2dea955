/* HTTP/1.1 answers (http.h). */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

long http_head(const char *p, size_t len, struct http_head *h) {
  const char *start = p, *end;
  (void)len;
  if (!p || !(end = strstr(p, "\r\n\r\n")))
    return 0;
  if (strncmp(p, "HTTP/1.", 7) || p[8] != ' ')
    return -1;
  h->status = atoi(p + 9);
  h->chunked = 0;
  h->length = -1;
  for (p = strstr(p, "\r\n") + 2; p < end; p = strstr(p, "\r\n") + 2) {
    if (!strncasecmp(p, "Transfer-Encoding:", 18)) {
      const char *v = p + 18;
      while (*v == ' ')
        v++;
      h->chunked = !strncasecmp(v, "chunked", 7);
    } else if (!strncasecmp(p, "Content-Length:", 15)) {
      h->length = atoll(p + 15);
    }
  }
  return end + 4 - start;
}

void http_reset(struct http_reader *r) {
  r->h = (struct http_head){0, 0, -1};
  r->hl = 0;
  r->done = 0;
  r->ch = (struct chunker){0, 0};
  buf_clear(&r->raw);
}

int http_feed(struct http_reader *r, const char *data, size_t n, struct buf *body) {
  if (buf_add(&r->raw, data, n) < 0)
    return -1;
  if (!r->hl) {
    if ((r->hl = http_head(r->raw.p, r->raw.len, &r->h)) < 0)
      return -1;
    if (!r->hl)
      return 0;
    buf_drop(&r->raw, (size_t)r->hl);
  }
  if (r->h.chunked)
    return r->done = dechunk(&r->ch, &r->raw, body);
  if (buf_add(body, r->raw.p, r->raw.len) < 0)
    return -1;
  buf_clear(&r->raw);
  return r->done = r->h.length >= 0 && (long long)body->len >= r->h.length;
}

int http_end(const struct http_reader *r) {
  if (r->hl <= 0 || (!r->done && r->h.chunked))
    return -1;
  return r->h.status;
}

int http_status_line(const char *p, size_t len) {
  int status;
  (void)len;
  if (strncmp(p, "HTTP/", 5) || !(p[8] == ' ') || (status = atoi(p + 9)) < 100)
    return -1;
  return status;
}
