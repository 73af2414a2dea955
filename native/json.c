/* The JSON reader (json.h). */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#define SEC 1000000000LL

static const char *ws(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* The position after the value at p, or NULL when it is malformed. */
const char *jskip(const char *p) {
  int depth = 0;
  if (!p)
    return NULL;
  p = ws(p);
  do {
    switch (*p) {
    case 0:
      return NULL;
    case '"':
      for (p++; *p != '"'; p++)
        if (!*p || (*p == '\\' && !*++p))
          return NULL;
      p++;
      break;
    case '{':
    case '[':
      depth++;
      p++;
      break;
    case '}':
    case ']':
      if (--depth < 0)
        return NULL;
      p++;
      break;
    default:
      if (!depth) {
        const char *s = p;
        while (*p && !strchr(",:}] \t\r\n", *p))
          p++;
        return p > s ? p : NULL;
      }
      p++;
    }
  } while (depth > 0);
  return p;
}

/* The value of key in the object at p, or NULL. Keys are compared unescaped. */
const char *jget(const char *p, const char *key) {
  size_t kl = strlen(key);
  if (!p || *(p = ws(p)) != '{')
    return NULL;
  for (p = ws(p + 1); *p == '"'; p = ws(p + 1)) {
    const char *k = p + 1, *e = jskip(p);
    int match;
    if (!e)
      return NULL;
    match = (size_t)(e - 1 - k) == kl && !memcmp(k, key, kl);
    if (*(p = ws(e)) != ':')
      return NULL;
    p = ws(p + 1);
    if (match)
      return p;
    if (!(p = jskip(p)) || *(p = ws(p)) != ',')
      return NULL;
  }
  return NULL;
}

const char *jfirst(const char *p) {
  if (!p || *(p = ws(p)) != '[' || *(p = ws(p + 1)) == ']')
    return NULL;
  return p;
}

const char *jnext(const char *p) {
  if (!(p = jskip(p)) || *(p = ws(p)) != ',')
    return NULL;
  return ws(p + 1);
}

long long jint(const char *p, long long def) {
  if (!p || (*(p = ws(p)) != '-' && (*p < '0' || *p > '9')))
    return def;
  return strtoll(p, NULL, 10);
}

int jbool(const char *p) { return p && !strncmp(ws(p), "true", 4); }

static int hex4(const char *p) {
  int v = 0;
  for (int i = 0; i < 4; i++, p++) {
    int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/* Decodes the string at p into out (n bytes, NUL-terminated, truncated if
 * need be); returns the length written, or -1 when p is not a string. */
int jstr(const char *p, char *out, size_t n) {
  size_t len = 0;
  if (!p || !n || *(p = ws(p)) != '"')
    return -1;
  for (p++; *p != '"'; p++) {
    unsigned char u[4];
    int k = 1;
    long c;
    if (!*p)
      return -1;
    if (*p != '\\') {
      u[0] = (unsigned char)*p;
    } else {
      switch (*++p) {
      case 'n': u[0] = '\n'; break;
      case 't': u[0] = '\t'; break;
      case 'r': u[0] = '\r'; break;
      case 'b': u[0] = '\b'; break;
      case 'f': u[0] = '\f'; break;
      case 'u':
        if ((c = hex4(p + 1)) < 0)
          return -1;
        p += 4;
        if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
          long lo = hex4(p + 3);
          if (lo >= 0xDC00 && lo < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
          }
        }
        if (c < 0x80) {
          u[0] = (unsigned char)c;
        } else if (c < 0x800) {
          u[0] = (unsigned char)(0xC0 | c >> 6), u[1] = (unsigned char)(0x80 | (c & 63)), k = 2;
        } else if (c < 0x10000) {
          u[0] = (unsigned char)(0xE0 | c >> 12), u[1] = (unsigned char)(0x80 | (c >> 6 & 63));
          u[2] = (unsigned char)(0x80 | (c & 63)), k = 3;
        } else {
          u[0] = (unsigned char)(0xF0 | c >> 18), u[1] = (unsigned char)(0x80 | (c >> 12 & 63));
          u[2] = (unsigned char)(0x80 | (c >> 6 & 63)), u[3] = (unsigned char)(0x80 | (c & 63)), k = 4;
        }
        break;
      case 0:
        return -1;
      default:
        u[0] = (unsigned char)*p;
      }
    }
    if (len + (size_t)k < n) {
      memcpy(out + len, u, (size_t)k);
      len += (size_t)k;
    }
  }
  out[len] = 0;
  return (int)len;
}

/* The string at p, decoded into a new allocation; NULL when p is not one. */
char *jstrdup(const char *p) {
  const char *e = jskip(p);
  char *s;
  if (!e || !(s = malloc((size_t)(e - p) + 1)))
    return NULL;
  if (jstr(p, s, (size_t)(e - p) + 1) < 0) {
    free(s);
    return NULL;
  }
  return s;
}

/* "2024-05-01T12:34:56.123456789Z" -> nanoseconds since the epoch (0 when unset). */
long long jtime(const char *p) {
  char t[48];
  int f[6], len = jstr(p, t, sizeof t), d = 0;
  static const int at[6] = {0, 5, 8, 11, 14, 17}, width[6] = {4, 2, 2, 2, 2, 2};
  long long ns = 0, y, era, yoe, doy, days;
  const char *s;
  if (len < 20)
    return 0;
  for (int i = 0; i < 6; i++) {
    f[i] = 0;
    for (int j = 0; j < width[i]; j++) {
      char c = t[at[i] + j];
      if (c < '0' || c > '9')
        return 0;
      f[i] = f[i] * 10 + c - '0';
    }
  }
  /* Nanoseconds since 1970 fit a long long until 2262-04-11. */
  if (f[0] < 1970 || f[0] > 2261 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
    return 0;
  if (*(s = t + 19) == '.')
    for (s++; *s >= '0' && *s <= '9'; s++)
      if (d < 9)
        ns = ns * 10 + *s - '0', d++;
  for (; d < 9; d++)
    ns *= 10;
  /* days from civil (H. Hinnant) */
  y = f[0] - (f[1] <= 2);
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (f[1] + (f[1] > 2 ? -3 : 9)) + 2) / 5 + f[2] - 1;
  days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  return ((days * 86400 + f[3] * 3600 + f[4] * 60 + f[5]) * SEC) + ns;
}
