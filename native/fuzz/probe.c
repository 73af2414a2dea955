/*
 * The probe helper's reading of an HTTP answer's status line (../http.h,
 * http_status_line): the bytes the probe received, at most 255 (its buffer).
 * Seeds: real answers of nginx, run here from the local image.
 */
#include "../http.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text;
  int status;
  if (size > 255)
    size = 255;
  text = fuzz_text(data, size);
  status = http_status_line(text, size);
  CHECK(status == -1 || status >= 100);
  free(text);
  return 0;
}
