/*
 * orphan: an orphan/zombie maker for testing pause (after Kubernetes'
 * build/pause/linux/orphan.c, but a whole storm at once).
 *
 * Usage: orphan [-z] [-t] [COUNT]     (COUNT 1..100000, default 1)
 *
 * Forks COUNT children, prints each child's pid on stdout (one per line, as
 * seen from its own PID namespace), then exits 0, leaving them orphans:
 *   default  the children block until that exit, wait until they have been
 *            reparented (to the namespace's init, i.e. pause), then exit 0
 *            together: a burst of exits for init to reap.
 *   -z       the children exit 0 at once; the parent waits until every one is
 *            a zombie (without reaping it) before exiting, so init inherits
 *            COUNT zombies in one go.
 *   -t       print, instead of the pids, one line "SECONDS.MICROSECONDS" of
 *            CLOCK_REALTIME taken just before exiting (for benchmarks).
 *
 * Exit statuses: 0 done, 1 bad usage, 2 pipe(), fork() or malloc() failed
 * (children already forked are released and become orphans all the same).
 */
#define _POSIX_C_SOURCE 200809L
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *what) {
  perror(what);
  return 2;
}

int main(int argc, char **argv) {
  long count = 1, i;
  int zombies = 0, stamp = 0, gate[2], a;
  char *end;
  pid_t self = getpid(), *kids;
  struct timespec now;

  for (a = 1; a < argc; a++) {
    if (!strcmp(argv[a], "-z"))
      zombies = 1;
    else if (!strcmp(argv[a], "-t"))
      stamp = 1;
    else if (a != argc - 1 || (count = strtol(argv[a], &end, 10)) < 1 ||
             count > 100000 || *end) {
      fprintf(stderr, "usage: orphan [-z] [-t] [COUNT]   (COUNT 1..100000)\n");
      return 1;
    }
  }
  if (!(kids = malloc((size_t)count * sizeof *kids)))
    return fail("orphan: malloc");
  if (pipe(gate) < 0)
    return fail("orphan: pipe");

  for (i = 0; i < count; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      char c;
      if (zombies)
        _exit(0);
      close(gate[1]);
      /* EOF comes once the parent (and every sibling's copy) closed the write end. */
      while (read(gate[0], &c, 1) > 0)
        ;
      while (getppid() == self)
        sched_yield();
      _exit(0);
    }
    if (kids[i] < 0)
      return fail("orphan: fork");
  }

  if (zombies) {
    siginfo_t info;
    for (i = 0; i < count; i++)
      waitid(P_PID, (id_t)kids[i], &info, WEXITED | WNOWAIT);
  }
  if (!stamp)
    for (i = 0; i < count; i++)
      printf("%d\n", (int)kids[i]);
  else {
    clock_gettime(CLOCK_REALTIME, &now);
    printf("%lld.%06ld\n", (long long)now.tv_sec, now.tv_nsec / 1000);
  }
  free(kids);
  return 0;
}
