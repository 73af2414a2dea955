/* The gRPC health check over HTTP/2 (grpc.h). Frame lengths, padding and
 * protobuf lengths come from the peer: every one is checked against what is
 * really there before it is used. */
#include "grpc.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PUSH_PROMISE = 5, PING = 6, GOAWAY = 7 };
enum { END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8 };

static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

static unsigned long be(const unsigned char *p, int n) {
  unsigned long v = 0;
  while (n--)
    v = v << 8 | *p++;
  return v;
}

/* A frame's 9-byte head. */
static int frame_head(struct buf *b, size_t len, int type, int flags, unsigned long stream) {
  unsigned char h[9] = {(unsigned char)(len >> 16), (unsigned char)(len >> 8), (unsigned char)len,
                        (unsigned char)type,       (unsigned char)flags,      (unsigned char)(stream >> 24 & 0x7f),
                        (unsigned char)(stream >> 16), (unsigned char)(stream >> 8), (unsigned char)stream};
  return buf_add(b, h, sizeof h);
}

/* Room-checked writes into a fixed block. */
struct block {
  unsigned char p[GRPC_MAX_FRAME];
  size_t len;
  int full;
};

static void put(struct block *b, const void *s, size_t n) {
  if (b->full || n > sizeof b->p - b->len) {
    b->full = 1;
    return;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

/* An HPACK integer with an n-bit prefix, the byte's other bits `first` (RFC 7541 5.1). */
static void hpack_int(struct block *b, int n, unsigned char first, size_t v) {
  size_t max = ((size_t)1 << n) - 1;
  unsigned char c;
  if (v < max) {
    c = (unsigned char)(first | v);
    put(b, &c, 1);
    return;
  }
  c = (unsigned char)(first | max);
  put(b, &c, 1);
  for (v -= max; v >= 128; v >>= 7) {
    c = (unsigned char)(v % 128 + 128);
    put(b, &c, 1);
  }
  c = (unsigned char)v;
  put(b, &c, 1);
}

/* A literal header field without indexing, new name, no Huffman coding (RFC 7541 6.2.2). */
static void literal(struct block *b, const char *name, const char *value) {
  hpack_int(b, 4, 0x00, 0);
  hpack_int(b, 7, 0x00, strlen(name));
  put(b, name, strlen(name));
  hpack_int(b, 7, 0x00, strlen(value));
  put(b, value, strlen(value));
}

int grpc_health_request(struct buf *out, const char *authority, const char *service, const char *user_agent,
                        long timeout_s) {
  static const unsigned char no_push[6] = {0, 2, 0, 0, 0, 0}; /* SETTINGS_ENABLE_PUSH = 0 */
  static struct block h, d;
  size_t n = strlen(service);
  char timeout[24];
  h.len = d.len = 0;
  h.full = d.full = 0;
  literal(&h, ":method", "POST");
  literal(&h, ":scheme", "http");
  literal(&h, ":path", "/grpc.health.v1.Health/Check");
  literal(&h, ":authority", authority);
  literal(&h, "content-type", "application/grpc");
  literal(&h, "te", "trailers");
  literal(&h, "user-agent", user_agent);
  if (timeout_s > 0) {
    snprintf(timeout, sizeof timeout, "%ldS", timeout_s);
    literal(&h, "grpc-timeout", timeout);
  }
  /* The gRPC message: not compressed, its length, then HealthCheckRequest
   * (field 1, `service`, length-delimited; omitted when empty, as proto3). */
  if (n > GRPC_MAX_MESSAGE)
    return -1;
  {
    size_t m = n ? 1 + (n < 128 ? 1 : 2) + n : 0; /* n < 2^14: a varint of at most 2 bytes */
    unsigned char prefix[5] = {0, (unsigned char)(m >> 24), (unsigned char)(m >> 16), (unsigned char)(m >> 8),
                               (unsigned char)m};
    unsigned char field[3] = {0x0a, (unsigned char)(n < 128 ? n : (n & 0x7f) | 0x80), (unsigned char)(n >> 7)};
    put(&d, prefix, sizeof prefix);
    if (n) {
      put(&d, field, n < 128 ? 2 : 3);
      put(&d, service, n);
    }
  }
  if (h.full || d.full)
    return -1;
  if (buf_add(out, preface, sizeof preface - 1) < 0 || frame_head(out, sizeof no_push, SETTINGS, 0, 0) < 0 ||
      buf_add(out, no_push, sizeof no_push) < 0 || frame_head(out, h.len, HEADERS, END_HEADERS, 1) < 0 ||
      buf_add(out, h.p, h.len) < 0 || frame_head(out, d.len, DATA, END_STREAM, 1) < 0 || buf_add(out, d.p, d.len) < 0)
    return -1;
  return 0;
}

/* A protobuf varint at p[*i] (at most 10 bytes, within n). */
static int varint(const unsigned char *p, size_t n, size_t *i, uint64_t *v) {
  *v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (*i >= n)
      return -1;
    unsigned char c = p[(*i)++];
    if (shift == 63 && c > 1)
      return -1;
    *v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80))
      return 0;
  }
  return -1;
}

int grpc_health_parse(const unsigned char *p, size_t len, int *status) {
  size_t n, i = 0;
  int st = GRPC_UNKNOWN;
  if (len < 5)
    return 0;
  if (p[0] != 0) /* compressed: never asked for */
    return -1;
  n = be(p + 1, 4);
  if (n > GRPC_MAX_MESSAGE)
    return -1;
  if (len - 5 < n)
    return 0;
  p += 5;
  while (i < n) {
    uint64_t key, v;
    if (varint(p, n, &i, &key) < 0 || key >> 3 == 0)
      return -1;
    switch (key & 7) {
    case 0:
      if (varint(p, n, &i, &v) < 0)
        return -1;
      if (key >> 3 == 1)
        st = v <= INT_MAX ? (int)v : -1;
      break;
    case 1:
    case 5:
      if (n - i < ((key & 7) == 1 ? 8u : 4u))
        return -1;
      i += (key & 7) == 1 ? 8 : 4;
      break;
    case 2:
      if (varint(p, n, &i, &v) < 0 || v > n - i)
        return -1;
      i += (size_t)v;
      break;
    default: /* groups, or no wire type at all */
      return -1;
    }
    if (key >> 3 == 1 && (key & 7) != 0) /* status must be a varint */
      return -1;
  }
  *status = st;
  return 1;
}

static int fail(struct grpc_reader *r, const char *why) {
  r->why = why;
  return -1;
}

/* One whole frame: 1 status read, 0 more, -1 failed. */
static int frame(struct grpc_reader *r, int type, int flags, unsigned long stream, const unsigned char *p, size_t len) {
  switch (type) {
  case DATA:
    if (stream == 0)
      return fail(r, "a DATA frame on stream 0 (HTTP/2 protocol error)");
    if (stream != 1)
      return 0;
    if (flags & PADDED) {
      if (len < 1 || p[0] > len - 1)
        return fail(r, "a DATA frame's padding is longer than the frame (HTTP/2 protocol error)");
      len -= 1 + (size_t)p[0];
      p++;
    }
    if (r->msg.len + len > 5 + GRPC_MAX_MESSAGE)
      return fail(r, "the health answer is too big");
    if (buf_add(&r->msg, p, len) < 0)
      return fail(r, "out of memory");
    switch (grpc_health_parse((const unsigned char *)r->msg.p, r->msg.len, &r->status)) {
    case 1:
      return 1;
    case -1:
      return fail(r, "the answer is not a grpc.health.v1.HealthCheckResponse");
    }
    return flags & END_STREAM ? fail(r, "the stream ended inside the health answer") : 0;
  case HEADERS:
    if (stream == 1 && flags & END_STREAM)
      return fail(r, "the call ended without a health status (an unknown service, or no grpc.health.v1 service)");
    return 0;
  case RST_STREAM:
    if (len != 4)
      return fail(r, "an RST_STREAM frame of the wrong size (HTTP/2 frame size error)");
    return stream == 1 ? fail(r, "the server reset the stream") : 0;
  case SETTINGS:
    if (stream != 0 || (flags & ACK ? len != 0 : len % 6 != 0))
      return fail(r, "a malformed SETTINGS frame (HTTP/2 protocol error)");
    if (!(flags & ACK) && frame_head(&r->out, 0, SETTINGS, ACK, 0) < 0)
      return fail(r, "out of memory");
    return 0;
  case PUSH_PROMISE:
    return fail(r, "a PUSH_PROMISE, though push was disabled (HTTP/2 protocol error)");
  case PING:
    if (stream != 0 || len != 8)
      return fail(r, "a malformed PING frame (HTTP/2 protocol error)");
    if (!(flags & ACK) && (frame_head(&r->out, 8, PING, ACK, 0) < 0 || buf_add(&r->out, p, 8) < 0))
      return fail(r, "out of memory");
    return 0;
  case GOAWAY:
    if (stream != 0 || len < 8)
      return fail(r, "a malformed GOAWAY frame (HTTP/2 protocol error)");
    /* A graceful GOAWAY that still covers stream 1 lets the call finish. */
    if ((be(p, 4) & 0x7fffffff) < 1 || be(p + 4, 4) != 0)
      return fail(r, "the server closed the connection (GOAWAY)");
    return 0;
  default: /* PRIORITY, WINDOW_UPDATE, CONTINUATION, extensions: nothing to do */
    return 0;
  }
}

int grpc_health_feed(struct grpc_reader *r, const unsigned char *data, size_t n) {
  size_t at = 0;
  int rc = 0;
  if (r->why)
    return -1;
  if (buf_add(&r->in, data, n) < 0)
    return fail(r, "out of memory");
  while (rc == 0 && r->in.len - at >= 9) {
    const unsigned char *f = (const unsigned char *)r->in.p + at;
    size_t len = be(f, 3);
    if (len > GRPC_MAX_FRAME) {
      rc = fail(r, "a frame larger than 16384 bytes (HTTP/2 frame size error)");
      break;
    }
    if (r->in.len - at - 9 < len)
      break;
    rc = frame(r, f[3], f[4], be(f + 5, 4) & 0x7fffffff, f + 9, len);
    at += 9 + len;
  }
  buf_drop(&r->in, at);
  return rc;
}

const char *grpc_status_name(int status) {
  static const char *names[] = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
  return status >= 0 && status < 4 ? names[status] : "UNKNOWN";
}
