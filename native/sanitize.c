/* Linked into the sanitized builds only (`make SAN=1`, build-asan/: the native-asan test tier):
 * any AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer report ends the program at
 * once (SIGABRT), whatever the environment, so no test can pass over one. ASAN_OPTIONS and
 * UBSAN_OPTIONS add to these (the tier sends every report to a file it checks too). */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void) { return "halt_on_error=1:abort_on_error=1:detect_leaks=1"; }

const char *__ubsan_default_options(void) { return "halt_on_error=1:abort_on_error=1:print_stacktrace=1"; }
