/*
 * The chunked transfer-coding decoder (../chunked.h) as the podlet runs it on
 * a Docker answer's body: fed in one piece and byte by byte, which must decode
 * the same. Seeds: real chunked bodies of this machine's engine (GET /events).
 */
#include "../chunked.h"
#include "fuzz.h"

static int decode(const uint8_t *data, size_t size, int way, struct buf *out) {
  struct chunker c = {0, 0};
  struct buf raw = {0, 0, 0};
  int done = 0;
  for (size_t i = 0, n; i < size && !done; i += n) {
    if (buf_add(&raw, data + i, n = fuzz_piece(data, size, way, i)) < 0)
      abort();
    done = dechunk(&c, &raw, out);
    CHECK(done >= -1 && done <= 1);
    CHECK(!raw.p || raw.p[raw.len] == 0);
  }
  CHECK(out->len <= size);
  free(raw.p);
  return done;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct buf whole = {0, 0, 0};
  int d1 = decode(data, size, 0, &whole);
  for (int way = 1; way < FUZZ_WAYS; way++) {
    struct buf cut = {0, 0, 0};
    int d2;
    if (!fuzz_way(size, way))
      continue;
    d2 = decode(data, size, way, &cut);
    /* However the bytes arrive: the same verdict and, when complete, the same body. */
    CHECK((d1 < 0) == (d2 < 0));
    if (d1 == 1 && d2 == 1)
      CHECK(whole.len == cut.len && (!whole.len || !memcmp(whole.p, cut.p, whole.len)));
    free(cut.p);
  }
  free(whole.p);
  return 0;
}
