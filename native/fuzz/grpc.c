/*
 * The probe helper's reading of a gRPC health answer (../grpc.h): the bytes a
 * server sends after the call, fed to grpc_health_feed as recv() could hand
 * them over (whole, in three pieces, byte by byte), which must give the same
 * verdict, status and acknowledgements; and the same bytes as one gRPC
 * message to grpc_health_parse. Seeds: real answers of grpc-go's health
 * server (tests/fixtures/grpc-health: SERVING, NOT_SERVING, an unknown
 * service, no health service) and of Node's HTTP/2 server (PING, padded and
 * split DATA), recorded here through a proxy.
 */
#include "../grpc.h"
#include "fuzz.h"

struct verdict {
  int rc, status;
  const char *why;
  struct buf sent; /* every acknowledgement the reader asked to send */
};

static void feed(const uint8_t *data, size_t size, int way, struct verdict *v) {
  struct grpc_reader r;
  memset(&r, 0, sizeof r);
  v->rc = 0;
  for (size_t i = 0, n; i < size && v->rc == 0; i += n) {
    n = fuzz_piece(data, size, way, i);
    v->rc = grpc_health_feed(&r, data + i, n);
    CHECK(v->rc >= -1 && v->rc <= 1);
    CHECK(v->rc >= 0 || r.why);
    /* Acknowledgements come only from frames received: never more bytes than fed. */
    CHECK(r.out.len <= n + 17);
    if (r.out.len && buf_add(&v->sent, r.out.p, r.out.len) < 0)
      abort();
    buf_clear(&r.out);
    CHECK(r.msg.len <= 5 + GRPC_MAX_MESSAGE);
    CHECK(v->rc != 0 || r.in.len < 9 + GRPC_MAX_FRAME); /* at most one partial frame is kept */
  }
  v->status = v->rc == 1 ? r.status : 0;
  v->why = r.why;
  CHECK(v->rc != 1 || (r.status >= -1 && grpc_status_name(r.status)));
  free(r.in.p);
  free(r.msg.p);
  free(r.out.p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct verdict whole = {0, 0, 0, {0, 0, 0}};
  int status = 0, parsed;

  parsed = grpc_health_parse(data, size, &status);
  CHECK(parsed >= -1 && parsed <= 1);
  CHECK(parsed != 1 || status >= -1);

  feed(data, size, 0, &whole);
  for (int way = 1; way < FUZZ_WAYS; way++) {
    struct verdict cut = {0, 0, 0, {0, 0, 0}};
    if (!fuzz_way(size, way))
      continue;
    feed(data, size, way, &cut);
    /* However the bytes arrive: the same verdict, status, reason and acknowledgements. */
    CHECK(whole.rc == cut.rc && whole.status == cut.status && whole.why == cut.why);
    CHECK(whole.sent.len == cut.sent.len && (!whole.sent.len || !memcmp(whole.sent.p, cut.sent.p, whole.sent.len)));
    free(cut.sent.p);
  }
  free(whole.sent.p);
  return 0;
}
