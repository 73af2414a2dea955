/*
 * probe: the static helper docker-pod copies into containers for httpGet,
 * tcpSocket and grpc probes, so that images need neither curl, nc nor
 * grpc_health_probe.
 *
 * Usage: probe [-t SECONDS] tcp HOST PORT
 *        probe [-t SECONDS] http HOST PORT [PATH [HEADER...]]
 *        probe [-t SECONDS] grpc HOST PORT [SERVICE]
 *        probe -v                  print "probe VERSION", exit 0
 *   tcp   success when a TCP connection to HOST:PORT is established.
 *   http  an HTTP/1.0 GET of PATH (default /) with "Host: HOST:PORT"; success
 *         when the status is 200-399, as for the kubelet (redirects are not
 *         followed: a 3xx is a success).
 *   grpc  a call of grpc.health.v1.Health/Check for SERVICE (default "", the
 *         server as a whole) over plaintext HTTP/2, as the kubelet's grpc
 *         probe; success when the answer's status is SERVING.
 *   HEADER "Name: value", sent as is (Kubernetes' httpHeaders); a Host,
 *         User-Agent or Accept header replaces the default one.
 *   HOST  an IPv4 or IPv6 address, or a name (/etc/hosts, then DNS).
 *   -t    the whole probe, name lookup included, must finish within SECONDS
 *         (1-86400, the most a probe's timeoutSeconds may be; default 10); the
 *         caller's own timeout may be shorter.
 * On failure one stderr line says why.
 *
 * Exit statuses:
 *    0  success
 *    1  failure: name not resolved, connection refused or reset, no HTTP
 *       answer, an HTTP status outside 200-399, no health status or one
 *       other than SERVING
 *    2  timed out
 *   64  bad usage (EX_USAGE)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "grpc.h"
#include "http.h"
#include "version.h"

#define PUT(lit) ((void)!write(2, lit, sizeof lit - 1))

static void timed_out(int sig) {
  (void)sig;
  PUT("probe: timed out\n");
  _exit(2);
}

static int usage(void) {
  PUT("usage: probe [-t SECONDS] tcp HOST PORT\n       probe [-t SECONDS] http HOST PORT [PATH [HEADER...]]\n"
      "       probe [-t SECONDS] grpc HOST PORT [SERVICE]\n");
  return 64;
}

/* A connected socket to host:port, or -1 after saying why. */
static int dial(const char *host, const char *port) {
  struct addrinfo hints, *res, *ai;
  int fd = -1, err, saved = 0;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  if ((err = getaddrinfo(host, port, &hints, &res))) {
    fprintf(stderr, "probe: %s: %s\n", host, gai_strerror(err));
    return -1;
  }
  for (ai = res; ai; ai = ai->ai_next) {
    if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) < 0) {
      saved = errno;
      continue;
    }
    if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
      break;
    saved = errno;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd < 0)
    fprintf(stderr, "probe: connect to %s port %s: %s\n", host, port, strerror(saved));
  return fd;
}

/* Whether one of the n headers is named `name` (case-insensitive). */
static int has_header(char **headers, int n, const char *name) {
  size_t len = strlen(name);
  for (int i = 0; i < n; i++)
    if (!strncasecmp(headers[i], name, len) && headers[i][len] == ':')
      return 1;
  return 0;
}

/* "Name: value": a token, a colon, no CR or LF anywhere. */
static int valid_header(const char *h) {
  const char *colon = strchr(h, ':');
  if (!colon || colon == h || strpbrk(h, "\r\n"))
    return 0;
  for (const char *p = h; p < colon; p++)
    if (*p <= ' ' || *p >= 127 || strchr("()<>@,;\\\"/[]?={}", *p))
      return 0;
  return 1;
}

/* Sends n bytes, or says why not: 0 or -1. */
static int send_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      fprintf(stderr, "probe: sending the request: %s\n", strerror(errno));
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int http(int fd, const char *host, const char *port, const char *path, char **headers, int nheaders) {
  char req[8192], line[256];
  size_t have = 0;
  int v6 = strchr(host, ':') != NULL, status, n, m;
  n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\n", path);
  if (!has_header(headers, nheaders, "Host"))
    n += snprintf(req + n, n < (int)sizeof req ? sizeof req - (size_t)n : 0, "Host: %s%s%s:%s\r\n", v6 ? "[" : "", host, v6 ? "]" : "", port);
  if (!has_header(headers, nheaders, "User-Agent") && n < (int)sizeof req)
    n += snprintf(req + n, sizeof req - (size_t)n, "User-Agent: docker-pod-probe/" STR(VERSION) "\r\n");
  if (!has_header(headers, nheaders, "Accept") && n < (int)sizeof req)
    n += snprintf(req + n, sizeof req - (size_t)n, "Accept: */*\r\n");
  for (int i = 0; i < nheaders && n < (int)sizeof req; i++)
    n += snprintf(req + n, sizeof req - (size_t)n, "%s\r\n", headers[i]);
  m = n < (int)sizeof req ? snprintf(req + n, sizeof req - (size_t)n, "Connection: close\r\n\r\n") : 0;
  if (n >= (int)sizeof req || m < 0 || n + m >= (int)sizeof req) {
    PUT("probe: request too long\n");
    return 1;
  }
  n += m;
  if (send_all(fd, req, (size_t)n) < 0)
    return 1;
  /* Only the status line matters. */
  while (have < sizeof line - 1 && !memchr(line, '\n', have)) {
    ssize_t r = recv(fd, line + have, sizeof line - 1 - have, 0);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    have += (size_t)r;
  }
  line[have] = 0;
  if ((status = http_status_line(line, have)) < 0) {
    fprintf(stderr, "probe: no HTTP answer from %s port %s\n", host, port);
    return 1;
  }
  if (status < 200 || status > 399) {
    fprintf(stderr, "probe: HTTP %d from http://%s:%s%s\n", status, host, port, path);
    return 1;
  }
  return 0;
}

/* The call on fd: 0 when the answer is SERVING, else 1 after saying why. */
static int grpc_call(int fd, const char *host, const char *port, struct buf *req, struct grpc_reader *r) {
  unsigned char in[4096];
  int rc = 0;
  if (send_all(fd, req->p, req->len) < 0)
    return 1;
  while (rc == 0) {
    ssize_t got = recv(fd, in, sizeof in, 0);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0) {
      fprintf(stderr, "probe: %s port %s: %s without a health status\n", host, port,
              got < 0 ? strerror(errno) : "the connection closed");
      return 1;
    }
    rc = grpc_health_feed(r, in, (size_t)got);
    if (rc >= 0 && r->out.len && send_all(fd, r->out.p, r->out.len) < 0)
      return 1;
    buf_clear(&r->out);
  }
  if (rc < 0) {
    fprintf(stderr, "probe: %s port %s: %s\n", host, port, r->why);
    return 1;
  }
  if (r->status != GRPC_SERVING) {
    fprintf(stderr, "probe: service unhealthy (responded with \"%s\")\n", grpc_status_name(r->status));
    return 1;
  }
  return 0;
}

static int grpc(int fd, const char *host, const char *port, const char *service, long timeout) {
  char authority[1100];
  struct buf req = {0};
  struct grpc_reader r;
  int v6 = strchr(host, ':') != NULL, rc = 1;
  memset(&r, 0, sizeof r);
  snprintf(authority, sizeof authority, "%s%s%s:%s", v6 ? "[" : "", host, v6 ? "]" : "", port);
  if (grpc_health_request(&req, authority, service, "docker-pod-probe/" STR(VERSION), timeout) < 0)
    PUT("probe: request too long\n");
  else
    rc = grpc_call(fd, host, port, &req, &r);
  free(req.p);
  free(r.in.p);
  free(r.msg.p);
  free(r.out.p);
  return rc;
}

int main(int argc, char **argv) {
  struct sigaction sa;
  long timeout = 10, port;
  int i = 1, fd, rc;
  char *end;

  if (argc == 2 && !strcmp(argv[1], "-v")) {
    (void)!write(1, "probe " STR(VERSION) "\n", sizeof("probe " STR(VERSION) "\n") - 1);
    return 0;
  }
  if (argc > 2 && !strcmp(argv[1], "-t")) {
    timeout = strtol(argv[2], &end, 10);
    if (*end || end == argv[2] || timeout < 1 || timeout > 86400)
      return usage();
    i = 3;
  }
  if (argc - i < 3)
    return usage();
  if (!strcmp(argv[i], "tcp")) {
    if (argc - i != 3)
      return usage();
  } else if (!strcmp(argv[i], "grpc")) {
    if (argc - i > 4)
      return usage();
  } else if (strcmp(argv[i], "http")) {
    return usage();
  }
  port = strtol(argv[i + 2], &end, 10);
  if (*end || end == argv[i + 2] || port < 1 || port > 65535 || !*argv[i + 1])
    return usage();
  if (argv[i][0] == 'h' && argc - i >= 4 && argv[i + 3][0] != '/')
    return usage();
  for (int h = i + 4; argv[i][0] == 'h' && h < argc; h++)
    if (!valid_header(argv[h]))
      return usage();

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = timed_out;
  sigaction(SIGALRM, &sa, NULL);
  alarm((unsigned)timeout);

  if ((fd = dial(argv[i + 1], argv[i + 2])) < 0)
    return 1;
  if (argv[i][0] == 't')
    rc = 0;
  else if (argv[i][0] == 'g')
    rc = grpc(fd, argv[i + 1], argv[i + 2], argc - i >= 4 ? argv[i + 3] : "", timeout);
  else
    rc = http(fd, argv[i + 1], argv[i + 2], argc - i >= 4 ? argv[i + 3] : "/", argv + i + 4,
              argc - i > 4 ? argc - i - 4 : 0);
  close(fd);
  return rc;
}
