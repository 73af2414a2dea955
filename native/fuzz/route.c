/*
 * pause -a's reading of /proc/net/route (../route.h): any bytes, with no NUL
 * after them (ASan catches a read past the input); the gateways found are at
 * most max, never 0, and a smaller max gives a prefix of the same list.
 * Seeds: this machine's route tables, of the host and of a pod on the default
 * bridge and on a user-defined network.
 */
#include "../route.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint32_t all[8], one[1];
  int n = route_gateways((const char *)data, size, all, 8);
  CHECK(n >= 0 && n <= 8);
  for (int i = 0; i < n; i++)
    CHECK(all[i] != 0);
  int m = route_gateways((const char *)data, size, one, 1);
  CHECK(m == (n > 0));
  if (m)
    CHECK(one[0] == all[0]);
  CHECK(route_gateways((const char *)data, size, all, 0) == 0);
  return 0;
}
