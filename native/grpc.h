/*
 * The gRPC Health Checking Protocol (grpc.health.v1.Health/Check) as the probe
 * helper speaks it over plaintext HTTP/2 (h2c, prior knowledge, as the
 * kubelet's grpc probe): the bytes of the one call, and the answer read as it
 * arrives. Pure functions over buffers, no I/O.
 */
#ifndef DOCKER_POD_GRPC_H
#define DOCKER_POD_GRPC_H

#include <stddef.h>

#include "buf.h"

/* HealthCheckResponse.ServingStatus values. */
enum { GRPC_UNKNOWN = 0, GRPC_SERVING = 1, GRPC_NOT_SERVING = 2, GRPC_SERVICE_UNKNOWN = 3 };

/* The largest frame either side may send (HTTP/2's default SETTINGS_MAX_FRAME_SIZE). */
#define GRPC_MAX_FRAME 16384
/* The largest health answer accepted (a HealthCheckResponse is a few bytes). */
#define GRPC_MAX_MESSAGE 4096

/* Appends to out everything the client sends, in order: the connection
 * preface, SETTINGS (push disabled), then on stream 1 a HEADERS frame (HPACK
 * literals, no Huffman: POST, http, /grpc.health.v1.Health/Check, authority,
 * application/grpc, te: trailers, user_agent, and grpc-timeout when
 * timeout_s > 0) and a DATA frame ending the stream with the
 * HealthCheckRequest{service}. 0, or -1 when it does not fit in one frame. */
int grpc_health_request(struct buf *out, const char *authority, const char *service, const char *user_agent,
                        long timeout_s);

/* The status of one gRPC message (the 5-byte length prefix, then a
 * HealthCheckResponse) at the start of p: 1 with *status set when it is whole
 * (a missing status field is UNKNOWN; a value out of int range -1), 0 while
 * incomplete, -1 when malformed (compressed, too big, bad protobuf). */
int grpc_health_parse(const unsigned char *p, size_t len, int *status);

/* The answer, fed as it arrives. Zeroed before the call. */
struct grpc_reader {
  struct buf in;   /* received, not yet a whole frame */
  struct buf msg;  /* stream 1's DATA so far */
  struct buf out;  /* to send before reading on: SETTINGS and PING acknowledgements */
  int status;      /* the health status, once read */
  const char *why; /* why the call failed */
};

/* Feeds n received bytes: 1 once the status is read (r->status), 0 for more
 * (after sending r->out, then emptying it), -1 when the call failed (r->why:
 * the stream was reset or ended without a status, the connection went away,
 * or a frame broke the protocol). */
int grpc_health_feed(struct grpc_reader *r, const unsigned char *data, size_t n);

/* The name of a status ("SERVING", ...; "UNKNOWN" for any other value). */
const char *grpc_status_name(int status);

#endif
