/*
 * pause: PID 1 of every docker-pod pod. It holds the pod's namespaces, sleeps,
 * and reaps every orphan the shared PID namespace hands it. Behaviour follows
 * Kubernetes' build/pause/linux/pause.c; signal handlers here call only
 * async-signal-safe functions (write, waitpid, _exit).
 *
 * Usage: pause [-d] [-v]        (arguments are read left to right)
 *   -v, -V  print "pause.c VERSION" on stdout and exit 0
 *   -d      diagnostics: one stderr line per reaped child,
 *           "reaped pid N (exit S)" or "reaped pid N (signal S)"
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
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

int main(int argc, char **argv) {
  struct sigaction sa = {.sa_handler = sigdown};
  int i;

  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "-V")) {
      PUT(1, "pause.c " STR(VERSION) "\n");
      return 0;
    }
    if (strcmp(argv[i], "-d")) {
      PUT(2, "pause: unknown argument: ");
      (void)!write(2, argv[i], strlen(argv[i]));
      PUT(2, "\nusage: pause [-d] [-v]\n");
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

  for (;;)
    pause();
  PUT(2, "pause: error: infinite loop terminated\n");
  return 42;
}
