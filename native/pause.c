/*
 * pause: PID 1 of every docker-pod pod. It holds the pod's namespaces, sleeps,
 * and reaps every orphan the shared PID namespace hands it. Behaviour follows
 * Kubernetes' build/pause/linux/pause.c; signal handlers here call only
 * async-signal-safe functions (write, waitpid, _exit).
 *
 * Usage: pause [-a] [-d] [-v]   (arguments are read left to right)
 *   -v, -V  print "pause.c VERSION" on stdout and exit 0
 *   -d      diagnostics: one stderr line per reaped child,
 *           "reaped pid N (exit S)" or "reaped pid N (signal S)"
 *   -a      announce the pod's address once at start: one empty UDP datagram
 *           to each IPv4 default gateway (port 9, discard), so the gateway's
 *           kernel learns this address and MAC from the ARP request that
 *           precedes it. Without it a host whose ARP entry for the address was
 *           dropped while pause was down (the bridge lost its last port) waits
 *           for its next ARP retry (1 s) before the restarted pod is reachable.
 *           Failures are ignored (no network, no default route).
 *
 * Exit statuses:
 *    0  SIGINT or SIGTERM received (one stderr line names it), or -v
 *    1  sigaction(SIGINT) failed
 *    2  sigaction(SIGTERM) failed
 *    3  sigaction(SIGCHLD) failed
 *   42  the pause loop ended (never expected)
 *   64  unknown argument (EX_USAGE)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "route.h"
#include "version.h"

/* Write a string literal to fd in one write(2): one line never interleaves. */
#define PUT(fd, lit) ((void)!write(fd, lit, sizeof lit - 1))

static volatile sig_atomic_t diag;

static void sigdown(int sig) {
  if (sig == SIGTERM)
    PUT(2, "pause: got SIGTERM, shutting down\n");
  else
    PUT(2, "pause: got SIGINT, shutting down\n");
  _exit(0);
}

static char *cat(char *p, const char *s) {
  while (*s)
    *p++ = *s++;
  return p;
}

static char *num(char *p, unsigned v) {
  char t[10];
  int n = 0;
  do
    t[n++] = (char)('0' + v % 10);
  while (v /= 10);
  while (n)
    *p++ = t[--n];
  return p;
}

static void sigreap(int sig) {
  int saved = errno, st;
  pid_t pid;
  char line[64], *p;
  (void)sig;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
    if (!diag)
      continue;
    p = num(cat(line, "reaped pid "), (unsigned)pid);
    p = WIFEXITED(st) ? num(cat(p, " (exit "), (unsigned)WEXITSTATUS(st))
                      : num(cat(p, " (signal "), (unsigned)WTERMSIG(st));
    p = cat(p, ")\n");
    (void)!write(2, line, (size_t)(p - line));
  }
  errno = saved;
}

/* -a: an empty datagram to each default gateway (the ARP request before it
 * names this address); errors are ignored. */
static void announce(void) {
  char text[4096];
  uint32_t gw[4];
  ssize_t n = -1, r;
  size_t len = 0;
  int fd = open("/proc/net/route", O_RDONLY | O_CLOEXEC), k;
  if (fd < 0)
    return;
  while (len < sizeof text && (r = read(fd, text + len, sizeof text - len)) > 0)
    len += (size_t)r, n = 0;
  close(fd);
  if (n < 0)
    return;
  k = route_gateways(text, len, gw, 4);
  for (int j = 0; j < k; j++) {
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9)};
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
      return;
    to.sin_addr.s_addr = gw[j];
    (void)!sendto(s, "", 0, 0, (struct sockaddr *)&to, sizeof to);
    close(s);
  }
}

int main(int argc, char **argv) {
  struct sigaction sa = {.sa_handler = sigdown};
  int i, greet = 0;

  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "-V")) {
      PUT(1, "pause.c " STR(VERSION) "\n");
      return 0;
    }
    if (!strcmp(argv[i], "-a")) {
      greet = 1;
      continue;
    }
    if (strcmp(argv[i], "-d")) {
      PUT(2, "pause: unknown argument: ");
      (void)!write(2, argv[i], strlen(argv[i]));
      PUT(2, "\nusage: pause [-a] [-d] [-v]\n");
      return 64;
    }
    diag = 1;
  }

  if (getpid() != 1)
    /* Not an error: pause sees use outside of infra containers. */
    PUT(2, "pause: warning: not PID 1, pause should be the first process\n");

  /* Handlers run with every signal blocked, so they never nest. */
  sigfillset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, NULL) < 0)
    return 1;
  if (sigaction(SIGTERM, &sa, NULL) < 0)
    return 2;
  sa.sa_handler = sigreap;
  sa.sa_flags = SA_NOCLDSTOP;
  if (sigaction(SIGCHLD, &sa, NULL) < 0)
    return 3;
  /* Reap anything that died before the handler existed. */
  kill(getpid(), SIGCHLD);
  if (greet)
    announce();

  for (;;)
    pause();
  PUT(2, "pause: error: infinite loop terminated\n");
  return 42;
}
