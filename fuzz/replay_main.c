/* A main for fuzz targets outside libFuzzer: runs LLVMFuzzerTestOneInput once on every
 * file named on the command line, and on every regular file inside each directory named
 * (one level, sorted, so a failure reproduces in the same order). Exits nonzero when a
 * file cannot be read or no input was found; a crash or trap in the target ends it with
 * that signal, as under libFuzzer. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  long len;
  uint8_t *buf;
  if (!f) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    fprintf(stderr, "replay: cannot size %s\n", path);
    return -1;
  }
  /* Exactly sized (one byte for an empty file, which the target is told has size 0), so
   * ASan catches a read past the input's end as libFuzzer's own copy would. */
  buf = (uint8_t *)malloc(len ? (size_t)len : 1);
  if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
    free(buf);
    fclose(f);
    fprintf(stderr, "replay: cannot read %s\n", path);
    return -1;
  }
  fclose(f);
  fprintf(stderr, "replay: %s (%ld bytes)\n", path, len);
  LLVMFuzzerTestOneInput(buf, (size_t)len);
  free(buf);
  return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_dir(const char *dir) {
  struct dirent **names;
  int n = scandir(dir, &names, NULL, by_name), ran = 0;
  if (n < 0) {
    fprintf(stderr, "replay: cannot list %s\n", dir);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    char path[4096];
    struct stat st;
    if (ran >= 0 && names[i]->d_name[0] != '.' &&
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < (int)sizeof path &&
        stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      int r = run_file(path);
      ran = r < 0 ? -1 : ran + r;
    }
    free(names[i]);
  }
  free(names);
  return ran;
}

int main(int argc, char **argv) {
  int total = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    int r;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: no such input %s\n", argv[i]);
      return 1;
    }
    r = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
    if (r < 0) return 1;
    total += r;
  }
  if (!total) {
    fprintf(stderr, "replay: no inputs\n");
    return 1;
  }
  fprintf(stderr, "replay: %d inputs ran\n", total);
  return 0;
}
