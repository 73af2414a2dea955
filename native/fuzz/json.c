/*
 * The podlet's JSON reader (../json.h) on a Docker answer's body: the lookups
 * the podlet makes (container inspect and list, events, exec, errors,
 * networks, the probe and hook labels it decodes and reads again), then a
 * walk of every value (objects, arrays, nesting) decoding each string (escapes,
 * \u sequences, surrogates) into buffers too small and just big enough (jstrdup), and reading
 * each as a number, a boolean and a time. Seeds: real answers of this
 * machine's engine.
 */
#include "../json.h"
#include "fuzz.h"

static void value(const char *p, int depth);

/* A string decoded into buffers too small (1 and 16 bytes, on the stack: an
 * overflow is caught) and, when it holds JSON, just big enough (jstrdup):
 * never more than n - 1 bytes, NUL-terminated. */
static void scalar(const char *p) {
  char one[1], small[16], *s;
  int len = jstr(p, one, sizeof one);
  CHECK(len == -1 || (len == 0 && one[0] == 0));
  len = jstr(p, small, sizeof small);
  CHECK(len >= -1 && len < (int)sizeof small && (len < 0 || small[len] == 0));
  (void)jint(p, -1);
  (void)jbool(p);
  (void)jtime(p);
  /* Labels hold JSON the podlet decodes (jstrdup) and reads again (probes, hooks). */
  if (len <= 0 || (small[0] != '{' && small[0] != '['))
    return;
  if ((s = jstrdup(p))) {
    value(s, 1);
    free(s);
  }
}

/* Every member of an object, walked by hand (the reader has no iterator) with
 * jskip; the first 16 found again with jget (more would make a big object quadratic). */
static void members(const char *obj, int depth) {
  const char *p = obj;
  for (int i = 0;; i++) {
    const char *k, *e;
    p++; /* the { or , */
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      p++;
    if (*p != '"' || !(e = jskip(p)))
      return;
    k = p;
    scalar(k);
    for (p = e; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
      ;
    if (*p != ':')
      return;
    value(p + 1, depth + 1);
    if (i < 16) {
      /* The member found again by its key, as jget looks it up (keys up to 63 bytes): the
       * first member of that key, so at or before this one. */
      char key[64];
      size_t kl = (size_t)(e - k) - 2;
      if (kl < sizeof key) {
        memcpy(key, k + 1, kl);
        key[kl] = 0;
        if (!memchr(key, 0, kl)) {
          const char *found = jget(obj, key);
          CHECK(found && found <= p + 1 + strspn(p + 1, " \t\r\n"));
        }
      }
    }
    if (!(p = jskip(p + 1)))
      return;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      p++;
    if (*p != ',')
      return;
  }
}

static void value(const char *p, int depth) {
  const char *e;
  if (!p || depth > 64)
    return;
  e = jskip(p);
  if (e)
    CHECK(e > p);
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p == '[') {
    for (const char *el = jfirst(p); el; el = jnext(el))
      value(el, depth + 1);
  } else if (*p == '{') {
    members(p, depth);
  } else {
    scalar(p);
  }
}

/* What the podlet reads of each answer (podlet.c), path by path. */
static void podlet_reads(const char *b) {
  static const char *const top[] = {"message", "Id", "Name", "Running", "ExitCode", "timeNano", "Action"};
  static const char *const state[] = {"Running", "ExitCode", "StartedAt", "FinishedAt"};
  static const char *const config[] = {"StopTimeout", "StopSignal"};
  static const char *const labels[] = {"org.docker-pod.role", "org.docker-pod.container", "org.docker-pod.restart-policy",
                                       "org.docker-pod.pod", "org.docker-pod.post-start"};
  static const char *const probe[] = {"initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold",
                                      "successThreshold"};
  const char *st = jget(b, "State"), *cfg = jget(b, "Config"), *actor = jget(b, "Actor");
  for (size_t i = 0; i < sizeof top / sizeof *top; i++)
    scalar(jget(b, top[i]));
  for (size_t i = 0; i < sizeof state / sizeof *state; i++)
    scalar(jget(st, state[i]));
  for (size_t i = 0; i < sizeof config / sizeof *config; i++)
    scalar(jget(cfg, config[i]));
  for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
    scalar(jget(jget(cfg, "Labels"), labels[i]));
  scalar(jget(actor, "ID"));
  scalar(jget(jget(actor, "Attributes"), "signal"));
  for (const char *a = jfirst(jget(jget(jget(jget(b, "NetworkSettings"), "Networks"), "bridge"), "Aliases")); a; a = jnext(a))
    scalar(a);
  for (const char *e = jfirst(b); e; e = jnext(e)) { /* GET /containers/json */
    const char *l = jget(e, "Labels");
    char *json;
    scalar(jget(e, "Id"));
    scalar(jget(e, "State"));
    scalar(jget(jget(e, "HostConfig"), "NetworkMode"));
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
      scalar(jget(l, labels[i]));
    if ((json = jstrdup(jget(l, "org.docker-pod.liveness")))) { /* parse_probe */
      const char *exec = jget(json, "exec"), *end;
      if (jfirst(exec) && (end = jskip(exec)))
        CHECK(end > exec);
      for (size_t i = 0; i < sizeof probe / sizeof *probe; i++)
        (void)jint(jget(json, probe[i]), 0);
      free(json);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  podlet_reads(text);
  value(text, 0);
  free(text);
  return 0;
}
