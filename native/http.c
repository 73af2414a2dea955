/* HTTP/1.1 answers (http.h). */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "HTTP/x.y NNN" at the start of p (len bytes): NNN (three digits, not
 * followed by a fourth, 100-999), or -1. */
static int status_line(const char *p, size_t len, const char *version) {
  size_t vl = strlen(version);
  int status;
  if (len < 12 || strncmp(p, version, vl) || p[8] != ' ')
    return -1;
  for (int i = 9; i < 12; i++)
    if (p[i] < '0' || p[i] > '9')
      return -1;
  if (len > 12 && p[12] >= '0' && p[12] <= '9')
    return -1;
  status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
  return status >= 100 ? status : -1;
}

long http_head(const char *p, size_t len, struct http_head *h) {
  const char *start = p, *end;
  if (!p || !(end = strstr(p, "\r\n\r\n")))
    return 0;
  if ((h->status = status_line(p, len, "HTTP/1.")) < 0)
    return -1;
  h->chunked = 0;
  h->length = -1;
  for (p = strstr(p, "\r\n") + 2; p < end; p = strstr(p, "\r\n") + 2) {
    if (!strncasecmp(p, "Transfer-Encoding:", 18)) {
      const char *v = p + 18;
      while (*v == ' ')
        v++;
      h->chunked = !strncasecmp(v, "chunked", 7);
    } else if (!strncasecmp(p, "Content-Length:", 15)) {
      const char *v = p + 15;
      while (*v == ' ' || *v == '\t')
        v++;
      if (*v < '0' || *v > '9')
        return -1;
      for (h->length = 0; *v >= '0' && *v <= '9'; v++)
        if ((h->length = h->length * 10 + (*v - '0')) > BUF_MAX)
          return -1; /* more than a buffer holds */
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
  {
    /* A sized body ends after its length: bytes past it are not part of it. */
    size_t n = r->raw.len;
    if (r->h.length >= 0 && (long long)(body->len + n) > r->h.length)
      n = (size_t)(r->h.length - (long long)body->len);
    if (buf_add(body, r->raw.p, n) < 0)
      return -1;
  }
  buf_clear(&r->raw);
  return r->done = r->h.length >= 0 && (long long)body->len >= r->h.length;
}

int http_end(const struct http_reader *r) {
  if (r->hl <= 0 || (!r->done && r->h.chunked))
    return -1;
  return r->h.status;
}

int http_status_line(const char *p, size_t len) { return status_line(p, len, "HTTP/"); }
