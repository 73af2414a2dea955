/* /proc/net/route's default gateways (route.h). The kernel prints each route
 * as tab-separated fields: Iface Destination Gateway Flags RefCnt Use Metric
 * Mask MTU Window IRTT, the addresses as 8 hex digits. */
#include "route.h"

#define RTF_UP 0x1
#define RTF_GATEWAY 0x2

/* Hex field at *p (up to 8 digits, then a tab, space or the line's end): 0 with
 * *v set and *p past it, -1 otherwise. */
static int hex(const char **p, const char *end, uint32_t *v) {
  int digits = 0;
  *v = 0;
  for (; *p < end && digits < 9; (*p)++, digits++) {
    char c = **p;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0)
      break;
    *v = *v << 4 | (uint32_t)d;
  }
  return digits >= 1 && digits <= 8 && (*p == end || **p == '\t' || **p == ' ' || **p == '\n') ? 0 : -1;
}

/* Moves *p past the blanks before the next field: 0 when one follows on this line. */
static int next(const char **p, const char *end) {
  if (*p == end || (**p != '\t' && **p != ' '))
    return -1;
  while (*p < end && (**p == '\t' || **p == ' '))
    (*p)++;
  return *p < end && **p != '\n' ? 0 : -1;
}

/* Skips one field (the interface name, or a decimal column). */
static void skip(const char **p, const char *end) {
  while (*p < end && **p != '\t' && **p != ' ' && **p != '\n')
    (*p)++;
}

static int line(const char *p, const char *end, uint32_t *gw) {
  uint32_t dst, via, flags, mask;
  skip(&p, end); /* Iface */
  if (next(&p, end) || hex(&p, end, &dst) || next(&p, end) || hex(&p, end, &via) || next(&p, end) ||
      hex(&p, end, &flags))
    return 0;
  for (int i = 0; i < 3; i++) { /* RefCnt Use Metric */
    if (next(&p, end))
      return 0;
    skip(&p, end);
  }
  if (next(&p, end) || hex(&p, end, &mask))
    return 0;
  if (dst || mask || (flags & (RTF_UP | RTF_GATEWAY)) != (RTF_UP | RTF_GATEWAY) || !via)
    return 0;
  *gw = via;
  return 1;
}

int route_gateways(const char *text, size_t n, uint32_t *gw, int max) {
  const char *p = text, *end = text + n;
  int found = 0, first = 1;
  while (p < end && found < max) {
    const char *eol = p;
    while (eol < end && *eol != '\n')
      eol++;
    if (!first)
      found += line(p, eol, &gw[found]);
    first = 0;
    p = eol < end ? eol + 1 : end;
  }
  return found;
}
