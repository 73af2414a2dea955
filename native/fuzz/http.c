/*
 * The podlet's reading of a Docker API answer (../http.h): the status line and
 * headers alone, then the whole answer fed to the reader as recv() could hand
 * it over, in one piece and byte by byte. Seeds: real answers of this
 * machine's engine (corpus/http/).
 */
#include "../http.h"
#include "fuzz.h"

/* Feeds the answer in pieces (the given way); the reader's verdict (1, 0, -1)
 * and its end status. */
static int read_answer(const uint8_t *data, size_t size, int way, int *status, struct buf *body) {
  struct http_reader r;
  int done = 0;
  memset(&r, 0, sizeof r);
  http_reset(&r);
  for (size_t i = 0, n; i < size && !done; i += n)
    done = http_feed(&r, (const char *)data + i, n = fuzz_piece(data, size, way, i), body);
  *status = http_end(&r);
  if (done < 0)
    *status = -1;
  CHECK(!body->p || body->p[body->len] == 0);
  CHECK(body->len <= size);
  free(r.raw.p);
  return done;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct http_head h = {0, 0, -1};
  struct buf whole = {0, 0, 0};
  int s1, d1;
  char *text = fuzz_text(data, size);
  long hl = http_head(text, size, &h);
  CHECK(hl >= -1 && hl <= (long)size);
  if (hl > 0)
    CHECK(h.status >= 100 && h.status <= 999);
  free(text);
  d1 = read_answer(data, size, 0, &s1, &whole);
  for (int way = 1; way < FUZZ_WAYS; way++) {
    struct buf cut = {0, 0, 0};
    int s2, d2;
    if (!fuzz_way(size, way))
      continue;
    d2 = read_answer(data, size, way, &s2, &cut);
    /* However the bytes arrive, a whole answer reads the same. */
    if (d1 == 1 && d2 == 1) {
      CHECK(s1 == s2);
      CHECK(whole.len == cut.len && (!whole.len || !memcmp(whole.p, cut.p, whole.len)));
    }
    free(cut.p);
  }
  free(whole.p);
  return 0;
}
