/*
 * The event-stream splitter (../lines.h) as the podlet reads GET /events: the
 * body, chunked (as dockerd sends it) and not, fed in one piece and byte by
 * byte; each line handed over is checked, and the lines must be the same
 * however the bytes arrive. Seeds: real event streams of this machine's engine.
 */
#include "../lines.h"
#include "fuzz.h"

static struct buf seen; /* every line handed over, each followed by \n */
static size_t limit;

static void on_line(const char *line) {
  size_t n = strlen(line);
  CHECK(!memchr(line, '\n', n));
  CHECK(seen.len + n + 1 <= limit);
  if (buf_add(&seen, line, n) < 0 || buf_add(&seen, "\n", 1) < 0)
    abort();
}

static int split(const uint8_t *data, size_t size, int chunked, int way, struct buf *out) {
  struct lines s;
  int r = 0;
  memset(&s, 0, sizeof s);
  lines_reset(&s, chunked);
  seen = (struct buf){0, 0, 0};
  limit = size;
  for (size_t i = 0, n; i < size && !r; i += n)
    r = lines_feed(&s, (const char *)data + i, n = fuzz_piece(data, size, way, i), on_line);
  *out = seen;
  free(s.raw.p);
  free(s.body.p);
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int chunked = 0; chunked < 2; chunked++) {
    struct buf whole;
    int r1 = split(data, size, chunked, 0, &whole);
    for (int way = 1; way < FUZZ_WAYS; way++) {
      struct buf cut;
      int r2;
      if (!fuzz_way(size, way))
        continue;
      r2 = split(data, size, chunked, way, &cut);
      /* A stream read to its end: the same lines however the bytes arrive. */
      if (!r1 && !r2)
        CHECK(whole.len == cut.len && (!whole.len || !memcmp(whole.p, cut.p, whole.len)));
      free(cut.p);
    }
    free(whole.p);
  }
  return 0;
}
