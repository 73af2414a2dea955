/*
 * A minimal JSON reader for the Docker API's answers: values are pointers into
 * the text, which must be NUL-terminated; nothing is copied until a string is
 * decoded (jstr). Every function takes NULL (a value not found) and answers
 * "not found" / the default for it, so lookups chain: jget(jget(p, "State"), "Running").
 */
#ifndef DOCKER_POD_JSON_H
#define DOCKER_POD_JSON_H

#include <stddef.h>

/* The position after the value at p, or NULL when it is malformed or truncated. */
const char *jskip(const char *p);
/* The value of key in the object at p, or NULL. Keys are compared undecoded. */
const char *jget(const char *p, const char *key);
/* The first element of the array at p, or NULL (empty, or not an array). */
const char *jfirst(const char *p);
/* The element after the one at p, or NULL at the end of the array. */
const char *jnext(const char *p);
/* The integer at p (strtoll, saturating), or def when p is not a number. */
long long jint(const char *p, long long def);
/* 1 when the value at p is true. */
int jbool(const char *p);
/* Decodes the string at p (escapes, \u sequences and surrogate pairs as
 * UTF-8) into out (n bytes, NUL-terminated, truncated if need be); the
 * length written, or -1 when p is not a whole string. */
int jstr(const char *p, char *out, size_t n);
/* The string at p, decoded into a new allocation; NULL when p is not one. */
char *jstrdup(const char *p);
/* An RFC 3339 time string ("2024-05-01T12:34:56.123456789Z") as nanoseconds
 * since the epoch; 0 when unset, malformed or outside 1970-2261. */
long long jtime(const char *p);

#endif
