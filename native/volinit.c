/*
 * volinit: gives a pod's volumes to its fsGroup, as the kubelet's SetVolumeOwnership does.
 *
 *   volinit GID DIR...
 *
 * Every file and directory under each DIR (DIR included, symbolic links not followed, other file
 * systems not entered) gets group GID (its owner is kept), read and write for owner and group
 * added to its mode, and directories also search for owner and group and the setgid bit, so that
 * files created later inherit the group. Run once, as root, before the pod's containers start.
 *
 * Exit status: 0 done; 1 a file could not be changed (each one is named on stderr, the walk goes
 * on); 64 bad usage.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "version.h"

static gid_t group;
static int failed;

static void fail(const char *what, const char *path) {
  fprintf(stderr, "volinit: %s %s: %s\n", what, path, strerror(errno));
  failed = 1;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)ftw;
  if (type == FTW_NS || type == FTW_DNR) {
    errno = EACCES;
    fail("cannot read", path);
    return 0;
  }
  if (lchown(path, (uid_t)-1, group) < 0)
    fail("chown", path);
  if (S_ISLNK(st->st_mode))
    return 0;
  mode_t mode = st->st_mode & 07777;
  mode |= S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP;
  if (S_ISDIR(st->st_mode))
    mode |= S_IXUSR | S_IXGRP | S_ISGID;
  if (mode != (st->st_mode & 07777) && chmod(path, mode) < 0)
    fail("chmod", path);
  return 0;
}

int main(int argc, char **argv) {
  char *end;
  long gid;
  if (argc == 2 && !strcmp(argv[1], "--version")) {
    printf("volinit %s\n", STR(VERSION));
    return 0;
  }
  if (argc < 3) {
    fprintf(stderr, "usage: volinit GID DIR...\n");
    return 64;
  }
  errno = 0;
  gid = strtol(argv[1], &end, 10);
  if (errno || *end || end == argv[1] || gid < 0 || gid > INT_MAX) {
    fprintf(stderr, "volinit: %s is not a group id\n", argv[1]);
    return 64;
  }
  group = (gid_t)gid;
  for (int i = 2; i < argc; i++)
    if (nftw(argv[i], visit, 16, FTW_PHYS | FTW_MOUNT) < 0)
      fail("cannot walk", argv[i]);
  return failed;
}
