/*
 * Runs a harness over files without libFuzzer (any compiler; the native-asan
 * test tier builds it with gcc and ASan + UBSan): each FILE, or every file in
 * each DIRECTORY, is one input. Prints "replayed N inputs" and exits 0; a
 * sanitizer report or a failed invariant aborts.
 * Usage: fuzz-NAME FILE|DIRECTORY...
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz.h"

static int one(const char *path) {
  FILE *f = fopen(path, "rb");
  uint8_t *data = NULL;
  size_t size = 0, cap = 0, r;
  if (!f) {
    perror(path);
    return -1;
  }
  do {
    if (size == cap && !(data = realloc(data, cap = cap ? cap * 2 : 4096)))
      abort();
    size += r = fread(data + size, 1, cap - size, f);
  } while (r);
  fclose(f);
  /* An exact-size copy, as libFuzzer hands inputs over. */
  {
    uint8_t *exact = malloc(size ? size : 1);
    if (!exact)
      abort();
    memcpy(exact, data, size);
    free(data);
    LLVMFuzzerTestOneInput(exact, size);
    free(exact);
  }
  return 0;
}

int main(int argc, char **argv) {
  int n = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    DIR *d;
    struct dirent *e;
    if (stat(argv[i], &st) < 0) {
      perror(argv[i]);
      return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (one(argv[i]) < 0)
        return 2;
      n++;
      continue;
    }
    if (!(d = opendir(argv[i]))) {
      perror(argv[i]);
      return 2;
    }
    while ((e = readdir(d))) {
      char path[4096];
      if (e->d_name[0] == '.')
        continue;
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      if (one(path) < 0)
        return 2;
      n++;
    }
    closedir(d);
  }
  printf("replayed %d inputs\n", n);
  return 0;
}
