/*
 * HTTP/1.1 answers as the podlet reads them from the Docker API, and the
 * status line as the probe helper reads it: pure functions over received
 * bytes, no I/O.
 */
#ifndef DOCKER_POD_HTTP_H
#define DOCKER_POD_HTTP_H

#include "buf.h"
#include "chunked.h"

struct http_head {
  int status, chunked;
  long long length; /* -1: until the connection closes */
};

/* Parses the status line and headers at the start of p (len bytes followed by
 * a NUL): their length, 0 while incomplete, -1 when malformed (a status that
 * is not three digits from 100, a Content-Length that is not a number or larger than
 * a buffer holds). */
long http_head(const char *p, size_t len, struct http_head *h);

/* One answer, fed as it arrives: the head, then the body (chunked, sized, or
 * until the connection closes). Zeroed, or http_reset, before each answer. */
struct http_reader {
  struct http_head h;
  long hl; /* the head's length once read */
  int done;
  struct chunker ch;
  struct buf raw; /* received, not yet parsed */
};

void http_reset(struct http_reader *r);
/* Feeds n received bytes, appending the body to body (a sized body: at most
 * its Content-Length): 1 once the answer is complete, 0 for more, -1 when it
 * is malformed or too big. The same bytes read the same however they are cut. */
int http_feed(struct http_reader *r, const char *data, size_t n, struct buf *body);
/* At the end of the connection: the HTTP status when a head was read and the
 * body is whole (a chunked body must have its last chunk), else -1. */
int http_end(const struct http_reader *r);

/* The status of an answer's first line (the probe helper's reading of p, len
 * bytes followed by a NUL): "HTTP/x.y NNN" (three digits, >= 100), else -1. */
int http_status_line(const char *p, size_t len);

#endif
