/*
 * podlet: the per-pod mini-kubelet of docker-pod. It runs in its own container
 * beside one pod and keeps it alive the way the kubelet keeps a sandbox alive:
 * the pod lives as long as its pause container, so when pause dies it is
 * started again at once, then every member its restart policy allows.
 *
 * Usage: podlet PAUSE_CONTAINER_ID     podlet -v (print "podlet VERSION", exit 0)
 * One-shot modes, run by the Pod in containers of their own (same hardening):
 *   podlet check SOCKET        0 when the socket (SOCKET: its path on the
 *       engine's host, for messages) leads to the engine running this
 *       container, else 3 with why.
 *   podlet image-user IMAGE    prints "user=<Config.User>" of IMAGE on this
 *       engine (pulled first when it lacks it), else 1 with why.
 *   podlet node-info           prints the engine's "name=", "ncpu=" and
 *       "memory=" (bytes), else 1 with why.
 *   podlet exec CONTAINER TIMEOUT_S ARGV_JSON    runs ARGV (a JSON array) in
 *       CONTAINER (Docker exec), relaying its output; exits with its exit code,
 *       124 after TIMEOUT_S, 125 when the API refuses (postStart hooks).
 *   podlet pre-stop CONTAINER GRACE_S ARGV_JSON  waits for SIGTERM/SIGINT, then
 *       runs ARGV in CONTAINER for at most GRACE_S; exits 0 (preStop hooks).
 * It speaks HTTP/1.1 to the Docker Engine API (v1.41) on the unix socket
 * /var/run/docker.sock (DOCKER_HOST=unix:///path overrides it). Calls made:
 *   GET  /containers/{id}/json      GET /containers/json (this pod, by label)
 *   GET  /events (this pod's container events, streamed)
 *   POST /containers/{id}/start     POST /containers/{id}/kill
 *   POST /containers/{id}/exec      POST /exec/{id}/start     GET /exec/{id}/json
 *   GET  /images/{name}/json        POST /images/create       GET /info (one-shot reads)
 *
 * What it does (the pod is named by the pause container's org.docker-pod.pod
 * label; members are its containers with role `member`, or `sidecar` (native
 * sidecars: init containers with restartPolicy Always), in pause's network):
 *  - pause dies  -> start it (retried for 2 s, then every second), then start
 *    every stopped member whose policy allows, all at once (every request sent
 *    before any answer is read); members still running in the old namespaces
 *    are killed and started again. A death is logged "died" whether its die
 *    event or a reconcile found it.
 *  - a member dies while pause runs -> its restart policy (label
 *    org.docker-pod.restart-policy: Always, OnFailure = exit code != 0, Never);
 *    at once if it ran >= 10 s, else after a back-off doubling from 0.5 s to
 *    30 s over consecutive short runs.
 *  - a death that follows a kill or stop through the API (docker stop/kill,
 *    Pulumi deleting or replacing the container) is intentional: left alone
 *    until the container is started again. kill -9 from the host is healed.
 *  - startup and liveness probes (labels org.docker-pod.startup/liveness, JSON
 *    {"exec":[...],"initialDelaySeconds":n,...}) run through Docker exec as the
 *    kubelet runs them; failureThreshold consecutive failures restart the
 *    member (its stop signal, SIGKILL after its stop timeout). postStart
 *    (label org.docker-pod.post-start, a JSON argv) runs after each start the
 *    podlet makes; a failing hook restarts the member too.
 *  - a reconcile at start, on every reconnect of the event stream and every
 *    5 s catches whatever the events missed.
 * One stderr line per action; setup fails loudly, the main loop logs and goes on.
 *
 * Exit statuses (of the podlet itself):
 *    0  SIGTERM or SIGINT (docker stop; Pulumi deleting the podlet), or -v
 *    1  the Docker API did not answer for 60 s at start
 *    2  the pause container does not exist (any more): nothing to look after
 *   64  bad usage (EX_USAGE), or the pause container has no pod label
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "http.h"
#include "json.h"
#include "lines.h"
#include "version.h"

#define API "/v1.41"
#define LABEL "org.docker-pod."
#define MAX_MEMBERS 64
#define RECONCILE_MS 5000
#define LONG_RUN_MS 10000
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define HOOK_TIMEOUT_MS 60000
#define SEC 1000000000LL

typedef long long ms_t;

/* ---- logging and time ------------------------------------------------ */

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...) {
  char line[600];
  int n = 8;
  va_list ap;
  memcpy(line, "podlet: ", 8);
  va_start(ap, fmt);
  n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof line - 2)
    n = (int)sizeof line - 2;
  line[n++] = '\n';
  (void)!write(2, line, (size_t)n);
}

static ms_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (ms_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (long long)t.tv_sec * SEC + t.tv_nsec;
}

static void sleep_ms(ms_t ms) {
  struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
  while (nanosleep(&t, &t) < 0 && errno == EINTR)
    ;
}

/* ---- HTTP/1.1 over the Docker socket ----------------------------------- */

static char sock_path[108] = "/var/run/docker.sock";

static int dial(int timeout_s) {
  struct sockaddr_un a;
  struct timeval tv = {timeout_s, 0};
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  memcpy(a.sun_path, sock_path, sizeof a.sun_path);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static int send_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int send_request(int fd, const char *method, const char *path, const char *body) {
  char head[4096];
  size_t blen = body ? strlen(body) : 0;
  int n = snprintf(head, sizeof head,
                   "%s " API "%s HTTP/1.1\r\nHost: docker\r\nUser-Agent: podlet/" STR(VERSION) "\r\n"
                   "%sContent-Length: %zu\r\nConnection: close\r\n\r\n",
                   method, path, body ? "Content-Type: application/json\r\n" : "", blen);
  if (n < 0 || n >= (int)sizeof head || send_all(fd, head, (size_t)n) < 0)
    return -1;
  return blen ? send_all(fd, body, blen) : 0;
}

static struct buf resp; /* the body of the last api() answer */

/* Sends one request on a connection of its own: the connection, or -1. */
static int api_send(const char *method, const char *path, const char *body) {
  int fd = dial(30);
  if (fd >= 0 && send_request(fd, method, path, body) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Reads the answer on a connection of api_send (-1: none) and closes it;
 * returns the HTTP status (the body is in resp), or -1 when the daemon could
 * not be reached or answered garbage. */
static int api_recv(int fd) {
  static struct http_reader rd;
  int done = 0;
  buf_clear(&resp);
  http_reset(&rd);
  if (fd < 0)
    return -1;
  while (!done) {
    char tmp[8192];
    ssize_t r = recv(fd, tmp, sizeof tmp, 0);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      goto fail;
    if (r == 0)
      break;
    if ((done = http_feed(&rd, tmp, (size_t)r, &resp)) < 0)
      goto fail;
  }
  close(fd);
  return http_end(&rd);
fail:
  close(fd);
  return -1;
}

/* One request on its own connection (see api_recv). */
static int api(const char *method, const char *path, const char *body) {
  return api_recv(api_send(method, path, body));
}

/* The daemon's error message of the last answer, or the status. */
static const char *api_error(int status) {
  static char msg[200];
  if (status < 0)
    return "Docker API unreachable";
  if (jstr(jget(resp.p, "message"), msg, sizeof msg) <= 0)
    snprintf(msg, sizeof msg, "HTTP %d", status);
  return msg;
}

/* ---- the pod --------------------------------------------------------- */

enum { ALWAYS, ON_FAILURE, NEVER };
static const char *policy_names[] = {"Always", "OnFailure", "Never"};
enum { EX_NONE, EX_HOOK, EX_STARTUP, EX_LIVENESS };
enum { OWN_RESTART = 1, OWN_STALE }; /* why the podlet kills a member */
static const char *exec_names[] = {"", "postStart hook", "startup probe", "liveness probe"};

struct probe {
  char *argv; /* JSON array, as given; NULL: no probe */
  int delay, period, timeout, failures, successes;
};

struct ctr {
  char id[65], name[64];
  int policy, seen, running, listed_running;
  int intentional; /* stopped through the API: left alone until started again */
  int own_stop;    /* the podlet's own kill (OWN_*): restart on death */
  int stale_kill;  /* killed by heal_pause while pause restarted: that kill's events are the podlet's */
  int own_start, quiet, fails;
  ms_t kill_at, restart_at, backoff, started_at;
  struct probe startup, liveness;
  char *post_start;
  int hook_pending, startup_ok, probe_fails, probe_oks;
  ms_t probe_at;
  char exec_id[65];
  int exec_kind;
  ms_t exec_deadline, exec_poll_at, exec_wait;
};

static struct ctr pause_c;
static long long pause_start_ns; /* when pause's last start was asked for (or seen): a die stamped before is an earlier run's */
static const char *pause_why = "was not running"; /* why pause is being healed (its start retried) */
static struct ctr members[MAX_MEMBERS];
static int nmembers;
static char pod[256], list_path[1300], event_filter[1200];

struct state {
  int running, exit_code;
  long long started, finished;
  int stop_timeout;
  char stop_signal[16];
};

/* 1 with s filled, 0 when the container does not exist, -1 on API trouble. */
static int inspect(const char *id, struct state *s) {
  char path[128];
  const char *st, *cfg;
  int status;
  snprintf(path, sizeof path, "/containers/%.64s/json", id);
  status = api("GET", path, NULL);
  memset(s, 0, sizeof *s);
  if (status == 404)
    return 0;
  if (status != 200)
    return -1;
  st = jget(resp.p, "State");
  cfg = jget(resp.p, "Config");
  s->running = jbool(jget(st, "Running"));
  s->exit_code = (int)jint(jget(st, "ExitCode"), 0);
  s->started = jtime(jget(st, "StartedAt"));
  s->finished = jtime(jget(st, "FinishedAt"));
  s->stop_timeout = (int)jint(jget(cfg, "StopTimeout"), 10);
  if (jstr(jget(cfg, "StopSignal"), s->stop_signal, sizeof s->stop_signal) <= 0)
    strcpy(s->stop_signal, "SIGTERM");
  return 1;
}

static _Noreturn void gone(void) {
  say("pause container %.12s no longer exists; nothing to look after, exiting", pause_c.id);
  exit(2);
}

/* Sends POST /containers/{id}/start; its answer is read by start_done. */
static int start_send(const char *id) {
  char path[128];
  snprintf(path, sizeof path, "/containers/%.64s/start", id);
  return api_send("POST", path, NULL);
}

/* 0 when the start on fd succeeded (or it ran already), else the status or -1. */
static int start_done(int fd) {
  int st = api_recv(fd);
  return st == 204 || st == 304 ? 0 : st ? st : -1;
}

static int start_ctr(const char *id) { return start_done(start_send(id)); }

static struct ctr *find(const char *id) {
  if (!strcmp(id, pause_c.id))
    return &pause_c;
  for (int i = 0; i < nmembers; i++)
    if (!strcmp(id, members[i].id))
      return &members[i];
  return NULL;
}

static void drop_member(int i) {
  struct ctr *m = &members[i];
  free(m->startup.argv);
  free(m->liveness.argv);
  free(m->post_start);
  *m = members[--nmembers];
}

/* Probe state resets on every start; started: the start in ns (0 = now). */
static void reset_probes(struct ctr *m, long long started) {
  ms_t age = started ? (now_ns() - started) / 1000000 : 0, delay;
  m->started_at = now_ms() - (age > 0 ? age : 0);
  m->startup_ok = !m->startup.argv;
  m->probe_fails = m->probe_oks = 0;
  m->exec_id[0] = 0;
  delay = (m->startup_ok ? m->liveness.delay : m->startup.delay) * 1000LL;
  m->probe_at = m->started_at + delay;
}

static int allows(const struct ctr *m, int exit_code) {
  return m->policy == ALWAYS || (m->policy == ON_FAILURE && exit_code != 0);
}

static void parse_probe(const char *labels, const char *key, struct probe *pr) {
  char *json = jstrdup(jget(labels, key));
  const char *exec, *end;
  if (!json)
    return;
  exec = jget(json, "exec");
  if (!jfirst(exec) || !(end = jskip(exec))) {
    say("ignoring %s: no exec argv in %s", key, json);
  } else if ((pr->argv = malloc((size_t)(end - exec) + 1))) {
    memcpy(pr->argv, exec, (size_t)(end - exec));
    pr->argv[end - exec] = 0;
    pr->delay = (int)jint(jget(json, "initialDelaySeconds"), 0);
    pr->period = (int)jint(jget(json, "periodSeconds"), 10);
    pr->timeout = (int)jint(jget(json, "timeoutSeconds"), 1);
    pr->failures = (int)jint(jget(json, "failureThreshold"), 3);
    pr->successes = (int)jint(jget(json, "successThreshold"), 1);
    if (pr->delay < 0)
      pr->delay = 0;
    if (pr->period < 1)
      pr->period = 1;
    if (pr->timeout < 1)
      pr->timeout = 1;
    if (pr->failures < 1)
      pr->failures = 1;
    if (pr->successes < 1)
      pr->successes = 1;
  }
  free(json);
}

/* Lists the pod's containers; adds new members, forgets removed ones. */
static int refresh_members(void) {
  char want[80];
  const char *e;
  int st = api("GET", list_path, NULL);
  if (st != 200) {
    say("listing the pod's containers failed: %s", api_error(st));
    return -1;
  }
  snprintf(want, sizeof want, "container:%s", pause_c.id);
  for (int i = 0; i < nmembers; i++)
    members[i].seen = 0;
  for (e = jfirst(resp.p); e; e = jnext(e)) {
    const char *labels = jget(e, "Labels");
    char role[16], mode[80], id[65], state[16], policy[16];
    struct ctr *m;
    /* Native sidecars (role sidecar) are looked after as members are. */
    if (jstr(jget(labels, LABEL "role"), role, sizeof role) < 0 || (strcmp(role, "member") && strcmp(role, "sidecar")) ||
        jstr(jget(jget(e, "HostConfig"), "NetworkMode"), mode, sizeof mode) < 0 || strcmp(mode, want) ||
        jstr(jget(e, "Id"), id, sizeof id) != 64)
      continue;
    jstr(jget(e, "State"), state, sizeof state);
    if (!(m = find(id))) {
      if (nmembers == MAX_MEMBERS) {
        say("more than %d members; ignoring %.12s", MAX_MEMBERS, id);
        continue;
      }
      m = &members[nmembers++];
      memset(m, 0, sizeof *m);
      memcpy(m->id, id, sizeof m->id);
      if (jstr(jget(labels, LABEL "container"), m->name, sizeof m->name) <= 0)
        snprintf(m->name, sizeof m->name, "%.12s", id);
      m->policy = ALWAYS;
      if (jstr(jget(labels, LABEL "restart-policy"), policy, sizeof policy) > 0)
        for (int p = 0; p < 3; p++)
          if (!strcmp(policy, policy_names[p]))
            m->policy = p;
      parse_probe(labels, LABEL "startup", &m->startup);
      parse_probe(labels, LABEL "liveness", &m->liveness);
      {
        char *hook = jstrdup(jget(labels, LABEL "post-start"));
        if (hook && jfirst(hook))
          m->post_start = hook;
        else
          free(hook);
      }
      m->running = !strcmp(state, "running");
      reset_probes(m, 0);
      say("looking after member %s (%.12s): restartPolicy %s%s%s%s", m->name, m->id, policy_names[m->policy],
          m->startup.argv ? ", startup probe" : "", m->liveness.argv ? ", liveness probe" : "",
          m->post_start ? ", postStart hook" : "");
    }
    m->listed_running = !strcmp(state, "running");
    m->seen = 1;
  }
  for (int i = nmembers - 1; i >= 0; i--)
    if (!members[i].seen)
      drop_member(i);
  return 0;
}

static void member_down(struct ctr *m, const struct state *s);

/* A kill the podlet makes itself: the death that follows is restarted. */
static void own_kill(struct ctr *m, int how, const char *sig, int grace_s) {
  char path[160];
  int st;
  m->own_stop = how;
  m->exec_id[0] = 0;
  m->kill_at = grace_s > 0 ? now_ms() + grace_s * 1000LL : 0;
  snprintf(path, sizeof path, "/containers/%.64s/kill?signal=%s", m->id, sig);
  st = api("POST", path, NULL);
  if (st == 204)
    return;
  if (st == 409) { /* not running: it is dead already */
    struct state s;
    if (inspect(m->id, &s) > 0 && !s.running)
      member_down(m, &s);
    return;
  }
  say("member %s: kill %s failed: %s", m->name, sig, api_error(st));
}

/* The outcome of a member's start (st as start_done), asked for at t0. */
static void member_started(struct ctr *m, const char *why, int st, ms_t t0) {
  if (!st) {
    m->running = 1;
    m->quiet = 0;
    m->fails = 0;
    m->intentional = 0;
    reset_probes(m, 0);
    m->hook_pending = m->post_start != NULL;
    say("member %s (%.12s) %s; started in %lld ms", m->name, m->id, why, now_ms() - t0);
    return;
  }
  m->own_start = 0;
  if (st == 404)
    return; /* removed: its destroy event follows */
  if (!m->fails++ || !(m->fails % 30))
    say("member %s (%.12s) %s; start failed (%s), retrying every second", m->name, m->id, why, api_error(st));
  m->restart_at = now_ms() + 1000;
}

static void start_member(struct ctr *m, const char *why) {
  ms_t t0 = now_ms();
  m->restart_at = 0;
  m->own_start = 1;
  member_started(m, why, start_ctr(m->id), t0);
}

/* After pause (re)started: every member joins the new namespaces. The
 * members to start are started together: every request is sent before any
 * answer is read, so the daemon starts them side by side. */
static void members_after_pause(void) {
  static char why[MAX_MEMBERS][64];
  struct state ps, s;
  int fd[MAX_MEMBERS], todo[MAX_MEMBERS], n = 0;
  ms_t t0;
  if (inspect(pause_c.id, &ps) <= 0 || !ps.running)
    return;
  for (int i = 0; i < nmembers; i++) {
    struct ctr *m = &members[i];
    if (m->own_stop || inspect(m->id, &s) <= 0)
      continue;
    if (s.running) {
      if (s.started && s.started < ps.started) {
        say("member %s (%.12s) runs in the old pause's namespaces; restarting it", m->name, m->id);
        own_kill(m, OWN_STALE, "SIGKILL", 0);
      }
      continue;
    }
    if (!s.started || m->intentional)
      continue; /* never started (Pulumi's to start), or stopped through the API */
    if (!allows(m, s.exit_code)) {
      if (!m->quiet++)
        say("member %s exited %d; restartPolicy %s: left stopped", m->name, s.exit_code, policy_names[m->policy]);
      continue;
    }
    snprintf(why[n], sizeof why[n], "exited %d, pause restarted", s.exit_code);
    todo[n++] = i;
  }
  t0 = now_ms();
  for (int k = 0; k < n; k++) {
    members[todo[k]].restart_at = 0;
    members[todo[k]].own_start = 1;
    fd[k] = start_send(members[todo[k]].id);
  }
  for (int k = 0; k < n; k++)
    member_started(&members[todo[k]], why[k], start_done(fd[k]), t0);
}

/* Starts pause again; why: "died" when it died while the podlet watched it
 * (found by its die event or by a reconcile), else "was not running". */
static void heal_pause(const char *why) {
  ms_t t0 = now_ms();
  long long asked = now_ns();
  int st, tries = 0, kfd[MAX_MEMBERS], kix[MAX_MEMBERS], kn = 0;
  char failed[256];
  pause_why = why;
  pause_c.restart_at = 0;
  pause_c.own_start = 1;
  /* Members still running live in the dead pause's namespaces and must start
   * again in the new ones: their kills go out with pause's start, so the daemon
   * does both at once (members_after_pause starts them). */
  for (int i = 0; i < nmembers; i++) {
    char path[160];
    if (!members[i].running || members[i].own_stop || members[i].intentional)
      continue;
    snprintf(path, sizeof path, "/containers/%.64s/kill?signal=SIGKILL", members[i].id);
    kfd[kn] = api_send("POST", path, NULL);
    kix[kn++] = i;
  }
  while ((st = start_ctr(pause_c.id))) {
    if (st == 404)
      gone();
    if (now_ms() - t0 >= 2000)
      break;
    sleep_ms(tries++ < 10 ? 20 : 100);
    asked = now_ns();
  }
  if (st)
    snprintf(failed, sizeof failed, "%s", api_error(st)); /* before the kills' answers replace it */
  /* A kill answered 204 made a kill and a die event, read later: not an API stop. */
  for (int k = 0; k < kn; k++)
    members[kix[k]].stale_kill = api_recv(kfd[k]) == 204;
  if (st) {
    if (!pause_c.fails++ || !(pause_c.fails % 30))
      say("pause %.12s %s; start failed (%s), retrying every second", pause_c.id, why, failed);
    pause_c.own_start = 0;
    pause_c.restart_at = now_ms() + 1000;
    return;
  }
  pause_start_ns = asked;
  pause_c.running = 1;
  pause_c.fails = 0;
  pause_c.intentional = 0;
  say("pause %.12s %s; started in %lld ms", pause_c.id, why, now_ms() - t0);
  members_after_pause();
}

/* Starts a member that died: at once if it ran >= 10 s, else after the
 * crash-loop back-off, doubling from 0.5 s to 30 s over consecutive short runs. */
static void backoff_start(struct ctr *m, const struct state *s, const char *what) {
  char why[96];
  ms_t ran = (s->finished - s->started) / 1000000;
  if (ran >= LONG_RUN_MS)
    m->backoff = 0;
  else
    m->backoff = !m->backoff ? BACKOFF_MIN_MS : m->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : m->backoff * 2;
  snprintf(why, sizeof why, "%s (exit %d) after %lld.%01lld s", what, s->exit_code, ran / 1000, ran % 1000 / 100);
  if (!m->backoff) {
    start_member(m, why);
    return;
  }
  m->restart_at = now_ms() + m->backoff;
  say("member %s (%.12s) %s; restarting in %lld.%01lld s (crash-loop back-off)", m->name, m->id, why,
      m->backoff / 1000, m->backoff % 1000 / 100);
}

/* A member is not running (its die event, a reconcile, or a back-off timer). */
static void member_down(struct ctr *m, const struct state *s) {
  struct state ps;
  char why[96];
  m->running = s->running;
  if (s->running)
    return; /* started again already (a die event read late) */
  m->exec_id[0] = 0;
  if (!s->started || m->restart_at)
    return; /* never started (Pulumi's to start), or a restart is scheduled */
  if (m->own_stop) {
    int stale = m->own_stop == OWN_STALE;
    m->own_stop = 0;
    m->kill_at = 0;
    if (m->policy == NEVER) {
      say("member %s (%.12s) stopped by the podlet; restartPolicy Never: left stopped", m->name, m->id);
      return;
    }
    if (stale) {
      start_member(m, "killed in the old pause's namespaces");
      return;
    }
    backoff_start(m, s, "stopped by the podlet");
    return;
  }
  if (m->intentional) {
    if (!m->quiet++)
      say("member %s (%.12s) exited %d after a stop or kill through the API: left stopped", m->name, m->id, s->exit_code);
    return;
  }
  if (inspect(pause_c.id, &ps) <= 0 || !ps.running)
    return; /* pause is down: the member is started after it */
  if (!allows(m, s->exit_code)) {
    if (!m->quiet++)
      say("member %s exited %d; restartPolicy %s: left stopped", m->name, s->exit_code, policy_names[m->policy]);
    return;
  }
  if (s->started < ps.started) { /* it died with the previous pause */
    snprintf(why, sizeof why, "exited %d with the previous pause", s->exit_code);
    start_member(m, why);
    return;
  }
  backoff_start(m, s, "exited");
}

/* A scheduled restart (back-off, or a start that failed) is due. */
static void restart_due(struct ctr *m) {
  struct state s, ps;
  m->restart_at = 0;
  if (inspect(m->id, &s) <= 0 || s.running || m->intentional)
    return;
  if (inspect(pause_c.id, &ps) <= 0 || !ps.running)
    return; /* started after pause */
  start_member(m, m->fails ? "start retried" : "back-off over");
}

/* Every RECONCILE_MS, at start and after the event stream reconnects. */
static void reconcile(void) {
  struct state ps, s;
  int r = inspect(pause_c.id, &ps), watched = pause_c.running;
  if (!r)
    gone();
  if (r < 0 || refresh_members() < 0)
    return;
  pause_c.running = ps.running;
  if (!ps.running) {
    /* Seen running before: it died, and its die event is still on its way. */
    if (!pause_c.intentional && !pause_c.restart_at)
      heal_pause(watched ? "died" : "was not running");
    return;
  }
  for (int i = 0; i < nmembers; i++) {
    struct ctr *m = &members[i];
    if (m->listed_running || m->restart_at || inspect(m->id, &s) <= 0)
      continue;
    member_down(m, &s);
  }
}

/* Liveness/startup failure or a failed hook: stop as Docker would, then start. */
static void restart_member(struct ctr *m, const char *why) {
  struct state s;
  if (inspect(m->id, &s) <= 0 || !s.running)
    return;
  say("member %s (%.12s) %s; %s it (%s, SIGKILL after %d s)", m->name, m->id, why,
      m->policy == NEVER ? "stopping" : "restarting", s.stop_signal, s.stop_timeout);
  own_kill(m, OWN_RESTART, s.stop_signal, s.stop_timeout > 0 ? s.stop_timeout : 1);
}

/* ---- probes and hooks: Docker exec, detached, polled -------------------- */

static void exec_done(struct ctr *m, int ok, const char *why);

static void exec_begin(struct ctr *m, int kind) {
  const char *argv = kind == EX_HOOK ? m->post_start : kind == EX_STARTUP ? m->startup.argv : m->liveness.argv;
  char path[160], *body;
  size_t n = strlen(argv) + 100;
  int st;
  ms_t now = now_ms();
  if (!(body = malloc(n)))
    return;
  snprintf(body, n, "{\"Cmd\":%s,\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false}", argv);
  snprintf(path, sizeof path, "/containers/%.64s/exec", m->id);
  st = api("POST", path, body);
  free(body);
  m->exec_kind = kind;
  m->exec_deadline = now + (kind == EX_HOOK ? HOOK_TIMEOUT_MS : (kind == EX_STARTUP ? m->startup.timeout : m->liveness.timeout) * 1000LL);
  m->exec_wait = 20;
  m->exec_poll_at = now + m->exec_wait;
  if (st == 409) { /* not running (any more) */
    m->probe_at = now + 1000;
    return;
  }
  if (st == 201 && jstr(jget(resp.p, "Id"), m->exec_id, sizeof m->exec_id) == 64) {
    snprintf(path, sizeof path, "/exec/%.64s/start", m->exec_id);
    if ((st = api("POST", path, "{\"Detach\":true,\"Tty\":false}")) == 200)
      return;
  }
  m->exec_id[0] = 0;
  exec_done(m, 0, api_error(st));
}

/* The result of an exec: ok, or why it failed. */
static void exec_done(struct ctr *m, int ok, const char *why) {
  int kind = m->exec_kind;
  struct probe *pr = kind == EX_STARTUP ? &m->startup : &m->liveness;
  ms_t now = now_ms();
  char what[160];
  m->exec_id[0] = 0;
  m->exec_kind = EX_NONE;
  if (kind == EX_HOOK) {
    m->hook_pending = 0;
    if (!ok) {
      snprintf(what, sizeof what, "postStart hook failed (%s)", why);
      restart_member(m, what);
    }
    return;
  }
  if (ok) {
    m->probe_fails = 0;
    if (++m->probe_oks >= pr->successes && kind == EX_STARTUP) {
      m->startup_ok = 1;
      m->probe_oks = 0;
      say("member %s: startup probe succeeded", m->name);
      m->probe_at = m->started_at + m->liveness.delay * 1000LL;
      if (m->probe_at < now)
        m->probe_at = now;
      return;
    }
    m->probe_at = now + pr->period * 1000LL;
    return;
  }
  m->probe_oks = 0;
  m->probe_fails++;
  say("member %s: %s failed (%d/%d): %s", m->name, exec_names[kind], m->probe_fails, pr->failures, why);
  m->probe_at = now + pr->period * 1000LL;
  if (m->probe_fails >= pr->failures) {
    snprintf(what, sizeof what, "%s failed %d times in a row", exec_names[kind], m->probe_fails);
    restart_member(m, what);
  }
}

static void exec_check(struct ctr *m) {
  char path[160], why[48];
  int st, running;
  snprintf(path, sizeof path, "/exec/%.64s/json", m->exec_id);
  st = api("GET", path, NULL);
  if (st == 404) { /* the container restarted under it */
    m->exec_id[0] = 0;
    return;
  }
  running = st != 200 || jbool(jget(resp.p, "Running"));
  if (running && now_ms() < m->exec_deadline) {
    m->exec_wait = m->exec_wait * 2 > 250 ? 250 : m->exec_wait * 2;
    m->exec_poll_at = now_ms() + m->exec_wait;
    return;
  }
  if (running) {
    exec_done(m, 0, "timed out");
    return;
  }
  st = (int)jint(jget(resp.p, "ExitCode"), -1);
  snprintf(why, sizeof why, "exit %d", st);
  exec_done(m, st == 0, why);
}

/* ---- events ------------------------------------------------------------ */

static int ev_fd = -1;
static struct lines ev;
static long long last_event; /* the latest timeNano of the events handled */

/*
 * Whether an event was handled already: after a reconnect the stream is asked
 * for the events since last_event, so the ones at that very time come again.
 * Events are not dropped for their time alone: dockerd stamps an event before
 * it publishes it, and two containers' events published at once (pause and its
 * members dying together) can arrive in the opposite order of their stamps.
 * The recent events are kept by time, action and container.
 */
static int event_seen(long long tn, const char *action, const char *id) {
  static struct {
    long long tn;
    char key[24];
  } seen[32];
  static unsigned next;
  char key[24];
  if (!tn)
    return 0;
  snprintf(key, sizeof key, "%.8s %.12s", action, id);
  for (unsigned i = 0; i < sizeof seen / sizeof seen[0]; i++)
    if (seen[i].tn == tn && !strcmp(seen[i].key, key))
      return 1;
  seen[next].tn = tn;
  memcpy(seen[next].key, key, sizeof key);
  next = (next + 1) % (sizeof seen / sizeof seen[0]);
  if (tn > last_event)
    last_event = tn;
  return 0;
}

static void on_event(const char *line) {
  const char *actor = jget(line, "Actor");
  char action[16], id[65], sig[8];
  long long tn = jint(jget(line, "timeNano"), 0);
  struct ctr *c;
  struct state s;
  if (jstr(jget(line, "Action"), action, sizeof action) < 0 || jstr(jget(actor, "ID"), id, sizeof id) != 64)
    return;
  if (event_seen(tn, action, id))
    return;
  if (!(c = find(id)) && (!strcmp(action, "create") || !strcmp(action, "start"))) {
    refresh_members();
    c = find(id);
  }
  if (!c)
    return;
  if (!strcmp(action, "kill")) {
    int n = jstr(jget(jget(actor, "Attributes"), "signal"), sig, sizeof sig) > 0 ? atoi(sig) : 0;
    if (!c->own_stop && !c->stale_kill && (n == SIGKILL || n == SIGTERM || n == SIGINT || n == SIGQUIT))
      c->intentional = 1;
  } else if (!strcmp(action, "stop")) {
    if (!c->own_stop)
      c->intentional = 1;
  } else if (!strcmp(action, "die")) {
    if (c == &pause_c && tn && tn < pause_start_ns)
      return; /* a death healed already: a reconcile found it before its event came */
    c->running = 0;
    if (c == &pause_c) {
      if (c->intentional)
        say("pause %.12s stopped through the API: the pod is left stopped", c->id);
      else
        heal_pause("died");
    } else {
      c->stale_kill = 0; /* the death of heal_pause's kill (the member started again since, or not) */
      if (inspect(c->id, &s) > 0)
        member_down(c, &s);
    }
  } else if (!strcmp(action, "start")) {
    c->running = 1;
    c->intentional = 0;
    c->quiet = 0;
    if (c->own_start) {
      c->own_start = 0;
    } else if (c == &pause_c) {
      if (tn > pause_start_ns)
        pause_start_ns = tn;
      say("pause %.12s started through the API", c->id);
      members_after_pause();
    } else {
      c->restart_at = 0;
      reset_probes(c, 0);
    }
  } else if (!strcmp(action, "destroy")) {
    if (c == &pause_c)
      gone();
    say("member %s (%.12s) removed", c->name, c->id);
    drop_member((int)(c - members));
  }
}

/* What handles one event: the pod's (on_event), or a Service's (svc_event). */
static void (*event_handler)(const char *line) = on_event;

static void events_close(const char *why) {
  if (ev_fd >= 0) {
    say("event stream %s; reconnecting", why);
    close(ev_fd);
  }
  ev_fd = -1;
}

static int events_open(void) {
  char path[1400];
  static struct buf head;
  struct http_head h;
  long hl = 0;
  long long since = last_event ? last_event : now_ns();
  int fd = dial(10);
  snprintf(path, sizeof path, "/events?since=%lld.%09lld&filters=%s", since / SEC, since % SEC, event_filter);
  buf_clear(&head);
  if (fd < 0)
    return -1;
  if (send_request(fd, "GET", path, NULL) < 0)
    goto fail;
  while (!hl) {
    char tmp[1024];
    ssize_t r = recv(fd, tmp, sizeof tmp, 0);
    if ((r < 0 && errno != EINTR) || !r || (r > 0 && buf_add(&head, tmp, (size_t)r) < 0) || (hl = http_head(head.p, head.len, &h)) < 0)
      goto fail;
  }
  if (h.status != 200) {
    say("GET /events answered HTTP %d", h.status);
    goto fail;
  }
  lines_reset(&ev, h.chunked);
  ev_fd = fd;
  if ((size_t)hl < head.len && lines_feed(&ev, head.p + hl, head.len - (size_t)hl, event_handler) < 0)
    events_close("ended");
  return 0;
fail:
  close(fd);
  return -1;
}

static void events_read(void) {
  char tmp[8192];
  ssize_t r = recv(ev_fd, tmp, sizeof tmp, 0);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (r <= 0 || lines_feed(&ev, tmp, (size_t)r, event_handler) < 0)
    events_close("ended");
}

/* ---- main loop --------------------------------------------------------- */

/* Runs what is due; returns the milliseconds until something is due next. */
static ms_t tick(void) {
  static ms_t next_reconcile;
  ms_t now = now_ms(), next;
  if (now >= next_reconcile) {
    reconcile();
    next_reconcile = now_ms() + RECONCILE_MS;
  }
  if (pause_c.restart_at && now_ms() >= pause_c.restart_at)
    heal_pause(pause_why);
  next = next_reconcile;
  if (pause_c.restart_at && pause_c.restart_at < next)
    next = pause_c.restart_at;
  for (int i = 0; i < nmembers; i++) {
    struct ctr *m = &members[i];
    now = now_ms();
    if (m->restart_at && now >= m->restart_at)
      restart_due(m);
    if (m->own_stop && m->kill_at && now >= m->kill_at) {
      char path[160];
      m->kill_at = 0;
      snprintf(path, sizeof path, "/containers/%.64s/kill?signal=SIGKILL", m->id);
      api("POST", path, NULL);
    }
    if (m->running && !m->own_stop && pause_c.running) {
      if (m->exec_id[0]) {
        if (now >= m->exec_poll_at)
          exec_check(m);
      } else if (m->hook_pending) {
        exec_begin(m, EX_HOOK);
      } else if (((m->startup.argv && !m->startup_ok) || (m->startup_ok && m->liveness.argv)) && now >= m->probe_at) {
        exec_begin(m, m->startup_ok ? EX_LIVENESS : EX_STARTUP);
      }
    }
    if (m->restart_at && m->restart_at < next)
      next = m->restart_at;
    if (m->own_stop && m->kill_at && m->kill_at < next)
      next = m->kill_at;
    if (m->running && !m->own_stop) {
      if (m->exec_id[0] && m->exec_poll_at < next)
        next = m->exec_poll_at;
      else if (!m->exec_id[0] && m->hook_pending)
        next = now;
      else if (!m->exec_id[0] && ((m->startup.argv && !m->startup_ok) || (m->startup_ok && m->liveness.argv)) &&
               m->probe_at < next)
        next = m->probe_at;
    }
  }
  now = now_ms();
  return next > now ? next - now : 0;
}

static void down(int sig) {
  if (sig == SIGTERM)
    (void)!write(2, "podlet: got SIGTERM, exiting\n", 29);
  else
    (void)!write(2, "podlet: got SIGINT, exiting\n", 28);
  _exit(0);
}

/* s as a JSON string body (quotes, backslashes and controls escaped). */
static void json_escape(const char *s, char *out, size_t n) {
  size_t j = 0;
  for (; *s && j + 7 < n; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      out[j++] = '\\', out[j++] = (char)c;
    else if (c < 0x20)
      j += (size_t)snprintf(out + j, n - j, "\\u%04x", c);
    else
      out[j++] = (char)c;
  }
  out[j] = 0;
}

static void url_encode(const char *s, char *out, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  size_t j = 0;
  for (; *s && j + 4 < n; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')
      out[j++] = (char)c;
    else
      out[j++] = '%', out[j++] = hex[c >> 4], out[j++] = hex[c & 15];
  }
  out[j] = 0;
}

/* ---- service mode: a Service's name on its network ---------------------- */

/*
 * podlet service NAME NETWORK KEY=VALUE...
 * Makes every pause container whose labels hold each KEY=VALUE (a Service's
 * selector) answer to NAME on NETWORK (its name or id): Docker's embedded DNS
 * returns every container with an alias, so NAME resolves to all matching
 * pods (round-robin). An alias is only set when a container connects to a
 * network: a running pod not on NETWORK is connected with the alias; a pod
 * already on it (its own `networks`) is disconnected and connected again with
 * its aliases plus NAME, once it has run for 5 s (Pulumi reads a container it
 * creates right after starting it: a renewal then would hide its ports from
 * it). It acts when a matching pause starts, at start and every 5 s. On SIGTERM/SIGINT (the Service deleted) it takes NAME off every
 * matching pod again: an endpoint left with aliases is connected again with
 * them (a pod's own endpoint always has its name), otherwise disconnected.
 * Extra calls: GET /networks/{id}, POST /networks/{id}/connect, POST
 * /networks/{id}/disconnect.
 * Exit statuses: 0 on SIGTERM/SIGINT after the clean-up, 1 the Docker API did
 * not answer for 60 s, 2 NETWORK did not exist for 60 s, 64 bad usage.
 */

#define MAX_SELECTOR 32
#define MAX_ALIASES 32
#define MAX_PODS 512
#define RENEW_AFTER_MS 5000

struct aliases {
  char v[MAX_ALIASES][254];
  int n;
};

static const char *svc_name, **svc_selector;
static int svc_nselector;
static char net_id[65], net_name[256], running_path[1300];
static volatile sig_atomic_t svc_stopping;

static void svc_stop(int sig) {
  (void)sig;
  svc_stopping = 1;
}

/* Whether labels (a JSON object) are a pause container's that hold every selector pair. */
static int svc_matches(const char *labels) {
  char v[256], key[256];
  if (jstr(jget(labels, LABEL "role"), v, sizeof v) < 0 || strcmp(v, "pause"))
    return 0;
  for (int i = 0; i < svc_nselector; i++) {
    const char *eq = strchr(svc_selector[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - svc_selector[i]), svc_selector[i]);
    if (jstr(jget(labels, key), v, sizeof v) < 0 || strcmp(v, eq + 1))
      return 0;
  }
  return 1;
}

/* The aliases in the JSON array at p, less the container's short id (Docker adds it itself). */
static void read_aliases(const char *p, const char *id, struct aliases *a) {
  a->n = 0;
  for (p = jfirst(p); p && a->n < MAX_ALIASES; p = jnext(p))
    if (jstr(p, a->v[a->n], sizeof a->v[0]) > 0 && !(strlen(a->v[a->n]) == 12 && !strncmp(a->v[a->n], id, 12)))
      a->n++;
}

static int has_alias(const struct aliases *a, const char *name) {
  for (int i = 0; i < a->n; i++)
    if (!strcmp(a->v[i], name))
      return 1;
  return 0;
}

/* POST /networks/{id}/connect with the aliases; 0 or the failing status. */
static int net_connect(const char *id, const struct aliases *a) {
  char body[MAX_ALIASES * 520 + 200], esc[520], path[128];
  size_t n = (size_t)snprintf(body, sizeof body, "{\"Container\":\"%.64s\",\"EndpointConfig\":{\"Aliases\":[", id);
  int st;
  for (int i = 0; i < a->n; i++) {
    json_escape(a->v[i], esc, sizeof esc);
    n += (size_t)snprintf(body + n, sizeof body - n, "%s\"%s\"", i ? "," : "", esc);
  }
  snprintf(body + n, sizeof body - n, "]}}");
  snprintf(path, sizeof path, "/networks/%s/connect", net_id);
  st = api("POST", path, body);
  return st == 200 ? 0 : st ? st : -1;
}

static int net_disconnect(const char *id) {
  char body[128], path[128];
  int st;
  snprintf(body, sizeof body, "{\"Container\":\"%.64s\",\"Force\":false}", id);
  snprintf(path, sizeof path, "/networks/%s/disconnect", net_id);
  st = api("POST", path, body);
  return st == 200 ? 0 : st ? st : -1;
}

/* Inspects container id: 1 when it is a matching pause container (pod, its
 * aliases on the network, whether it has an endpoint there and for how many ms
 * it has been running, -1 when it is not, filled in), 0 when it is not one,
 * -1 on API trouble. */
static int svc_inspect(const char *id, char *pod_name, size_t n, struct aliases *a, int *on_net, ms_t *running_ms) {
  char path[128];
  const char *ep;
  int st;
  snprintf(path, sizeof path, "/containers/%.64s/json", id);
  if ((st = api("GET", path, NULL)) != 200)
    return st == 404 ? 0 : -1;
  if (!svc_matches(jget(jget(resp.p, "Config"), "Labels")))
    return 0;
  if (jstr(jget(jget(jget(resp.p, "Config"), "Labels"), LABEL "pod"), pod_name, n) <= 0)
    snprintf(pod_name, n, "%.12s", id);
  ep = jget(jget(jget(resp.p, "NetworkSettings"), "Networks"), net_name);
  *on_net = ep != NULL;
  read_aliases(jget(ep, "Aliases"), id, a);
  *running_ms = -1;
  if (jbool(jget(jget(resp.p, "State"), "Running"))) {
    long long started = jtime(jget(jget(resp.p, "State"), "StartedAt"));
    *running_ms = started ? (now_ns() - started) / 1000000 : 0;
  }
  return 1;
}

/* Makes container id answer to the service name on the network when it matches. */
static void svc_ensure(const char *id) {
  static struct aliases a;
  char pod_name[256];
  int on_net, st;
  ms_t running_ms;
  if (svc_inspect(id, pod_name, sizeof pod_name, &a, &on_net, &running_ms) <= 0 || (on_net && has_alias(&a, svc_name)) ||
      running_ms < 0 || (on_net && running_ms < RENEW_AFTER_MS))
    return; /* not running, or its own endpoint is renewed later (the 5 s reconcile) */
  if (on_net && (st = net_disconnect(id))) {
    say("pod %s (%.12s): disconnecting from network %s to add alias %s failed: %s", pod_name, id, net_name, svc_name,
        api_error(st));
    return;
  }
  if (a.n < MAX_ALIASES)
    strcpy(a.v[a.n++], svc_name);
  if ((st = net_connect(id, &a)))
    say("pod %s (%.12s): connecting to network %s as %s failed: %s", pod_name, id, net_name, svc_name, api_error(st));
  else
    say("pod %s (%.12s) answers to %s on network %s%s", pod_name, id, svc_name, net_name, on_net ? " (endpoint renewed)" : "");
}

/* Takes the service name off container id again (clean-up). */
static void svc_release(const char *id) {
  static struct aliases a, rest;
  char pod_name[256];
  int on_net, st;
  ms_t running_ms;
  if (svc_inspect(id, pod_name, sizeof pod_name, &a, &on_net, &running_ms) <= 0 || !on_net || !has_alias(&a, svc_name))
    return;
  rest.n = 0;
  for (int i = 0; i < a.n; i++)
    if (strcmp(a.v[i], svc_name))
      strcpy(rest.v[rest.n++], a.v[i]);
  if ((st = net_disconnect(id))) {
    say("pod %s (%.12s): removing alias %s failed: %s", pod_name, id, svc_name, api_error(st));
    return;
  }
  if (rest.n && (st = net_connect(id, &rest)))
    say("pod %s (%.12s): reconnecting to network %s failed: %s", pod_name, id, net_name, api_error(st));
  else
    say("pod %s (%.12s) no longer answers to %s on network %s", pod_name, id, svc_name, net_name);
}

/* Applies fn to every matching pause container (running ones, or all). */
static void svc_each(int all, void (*fn)(const char *id)) {
  static char ids[MAX_PODS][65];
  int n = 0, st = api("GET", all ? list_path : running_path, NULL);
  if (st != 200) {
    say("listing pause containers failed: %s", api_error(st));
    return;
  }
  for (const char *e = jfirst(resp.p); e && n < MAX_PODS; e = jnext(e))
    if (svc_matches(jget(e, "Labels")) && jstr(jget(e, "Id"), ids[n], sizeof ids[0]) == 64)
      n++;
  for (int i = 0; i < n; i++)
    fn(ids[i]);
}

/* A matching pause container starts. */
static void svc_event(const char *line) {
  const char *actor = jget(line, "Actor");
  char id[65];
  long long tn = jint(jget(line, "timeNano"), 0);
  if (jstr(jget(actor, "ID"), id, sizeof id) == 64 && !event_seen(tn, "start", id) && svc_matches(jget(actor, "Attributes")))
    svc_ensure(id);
}

static int service_main(int argc, char **argv) {
  struct sigaction sa;
  char esc[520], json[4096], path[600];
  size_t n;
  int r = -1;
  ms_t t0 = now_ms(), next = 0;

  if (argc < 3 || strlen(argv[0]) > 253 || strlen(argv[1]) > 255 || argc - 2 > MAX_SELECTOR) {
    (void)!write(2, "usage: podlet service NAME NETWORK KEY=VALUE...\n", 48);
    return 64;
  }
  for (int i = 2; i < argc; i++)
    if (!strchr(argv[i], '=') || argv[i][0] == '=' || strlen(argv[i]) > 500) {
      say("selector %s is not KEY=VALUE", argv[i]);
      return 64;
    }
  svc_name = argv[0];
  svc_selector = (const char **)argv + 2;
  svc_nselector = argc - 2;
  event_handler = svc_event;

  memset(&sa, 0, sizeof sa);
  sigfillset(&sa.sa_mask);
  sa.sa_handler = svc_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, NULL);

  while (!svc_stopping && now_ms() - t0 < 60000 && (r = api("GET", "/containers/json?limit=1", NULL)) != 200)
    sleep_ms(500);
  if (r != 200) {
    say("the Docker API at %s did not answer for 60 s: %s", sock_path, api_error(r));
    return 1;
  }
  url_encode(argv[1], esc, sizeof esc);
  snprintf(path, sizeof path, "/networks/%s", esc);
  /* The network may be created just after the Service (no dependency between them). */
  while (!svc_stopping && (r = api("GET", path, NULL)) == 404 && now_ms() - t0 < 60000)
    sleep_ms(1000);
  if (r == 404) {
    say("network %s does not exist (waited 60 s)", argv[1]);
    return 2;
  }
  if (r != 200 || jstr(jget(resp.p, "Id"), net_id, sizeof net_id) != 64 || jstr(jget(resp.p, "Name"), net_name, sizeof net_name) <= 0) {
    say("inspecting network %s failed: %s", argv[1], api_error(r));
    return 1;
  }

  /* list_path: every matching pause container; running_path: the running ones. */
  n = (size_t)snprintf(json, sizeof json, "{\"label\":[\"" LABEL "role=pause\"");
  for (int i = 0; i < svc_nselector; i++) {
    json_escape(svc_selector[i], esc, sizeof esc);
    n += (size_t)snprintf(json + n, sizeof json - n, ",\"%s\"", esc);
  }
  snprintf(json + n, sizeof json - n, "]}");
  url_encode(json, event_filter, sizeof event_filter);
  snprintf(list_path, sizeof list_path, "/containers/json?all=1&filters=%s", event_filter);
  snprintf(running_path, sizeof running_path, "/containers/json?filters=%s", event_filter);
  url_encode("{\"type\":[\"container\"],\"event\":[\"start\"]}", event_filter, sizeof event_filter);
  say("podlet " STR(VERSION) " giving service %s to pods with %d selector label%s on network %s (%.12s)", svc_name,
      svc_nselector, svc_nselector == 1 ? "" : "s", net_name, net_id);

  while (!svc_stopping) {
    struct pollfd pf;
    if (ev_fd < 0)
      events_open();
    if (now_ms() >= next) { /* at start, after each reconnect and every 5 s */
      svc_each(0, svc_ensure);
      next = now_ms() + RECONCILE_MS;
    }
    pf.fd = ev_fd;
    pf.events = POLLIN;
    pf.revents = 0;
    if (poll(&pf, 1, ev_fd < 0 ? 500 : (int)(next - now_ms() > 0 ? next - now_ms() : 0)) > 0 && ev_fd >= 0) {
      events_read();
      if (ev_fd < 0)
        next = 0;
    }
  }
  say("stopping: taking %s off the pods on network %s", svc_name, net_name);
  svc_each(1, svc_release);
  return 0;
}

/* ---- one-shot modes: check, image-user, node-info, exec, pre-stop ------- */

/* check WHERE: 0 when the socket leads to the Docker engine running this very
 * container (its host name is its id), else 3 with why on stderr. WHERE is
 * how the user knows the socket (its path on the engine's host). */
static int check_engine(const char *where) {
  char self[72] = "", path[120];
  int st, fd = dial(5);
  if (fd < 0) {
    say("cannot reach the Docker engine through the socket %s: %s", where, strerror(errno));
    return 3;
  }
  close(fd);
  if ((st = api("GET", "/_ping", NULL)) != 200) {
    say("the socket %s does not answer as a Docker engine: %s", where, api_error(st));
    return 3;
  }
  if (gethostname(self, sizeof self - 1) == 0 && self[0]) {
    snprintf(path, sizeof path, "/containers/%.64s/json", self);
    if ((st = api("GET", path, NULL)) == 404) {
      say("the socket %s leads to another Docker engine than the one running this pod "
          "(container %s is not on it); give the pod's engine socket", where, self);
      return 3;
    }
  }
  say("the Docker engine at %s answers", where);
  return 0;
}

/* Whether ref is made only of the characters of an image reference (it goes
 * into a URL path and query as it is). */
static int image_ref_ok(const char *ref) {
  size_t n = strlen(ref);
  if (n == 0 || n > 255 || ref[0] == '-')
    return 0;
  return strspn(ref, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@") == n;
}

/* image-user IMAGE: prints "user=<Config.User>" of IMAGE on this engine
 * (pulled first when the engine does not have it, as creating a container
 * would); 0, else 1 with why on stderr. What the kubelet reads before it
 * creates a container with runAsNonRoot, read on the pod's own engine. */
static int image_user(const char *ref) {
  char path[320], user[256];
  const char *slash, *sep;
  int st;
  if (!image_ref_ok(ref)) {
    say("%s is not an image reference", ref);
    return 1;
  }
  snprintf(path, sizeof path, "/images/%s/json", ref);
  if ((st = api("GET", path, NULL)) == 404) {
    /* fromImage and tag apart: a reference without a tag would pull every tag. */
    slash = strrchr(ref, '/');
    sep = strchr(slash ? slash : ref, '@');
    if (!sep)
      sep = strchr(slash ? slash : ref, ':');
    if (sep) /* name:tag, or name@digest (Docker takes a digest as the tag) */
      snprintf(path, sizeof path, "/images/create?fromImage=%.*s&tag=%s", (int)(sep - ref), ref, sep + 1);
    else
      snprintf(path, sizeof path, "/images/create?fromImage=%s&tag=latest", ref);
    if ((st = api("POST", path, NULL)) != 200) {
      say("image %s is not on the engine and pulling it failed: %s", ref, api_error(st));
      return 1;
    }
    snprintf(path, sizeof path, "/images/%s/json", ref);
    st = api("GET", path, NULL);
  }
  if (st != 200) {
    say("cannot inspect image %s on the engine: %s", ref, api_error(st));
    return 1;
  }
  if (jstr(jget(jget(resp.p, "Config"), "User"), user, sizeof user) < 0)
    user[0] = '\0'; /* null or absent: root */
  printf("user=%s\n", user);
  return fflush(stdout) == 0 ? 0 : 1;
}

/* node-info: prints the engine's host name, CPUs and memory in bytes
 * ("name=", "ncpu=", "memory=" lines), for the downward API's spec.nodeName
 * and an unset limit's node capacity; 0, else 1 with why on stderr. */
static int node_info(void) {
  char name[256];
  int st = api("GET", "/info", NULL);
  if (st != 200 || jstr(jget(resp.p, "Name"), name, sizeof name) < 0) {
    say("cannot read the engine's information: %s", api_error(st));
    return 1;
  }
  printf("name=%s\nncpu=%lld\nmemory=%lld\n", name, jint(jget(resp.p, "NCPU"), 0), jint(jget(resp.p, "MemTotal"), 0));
  return fflush(stdout) == 0 ? 0 : 1;
}

/* Runs ARGV (a JSON array of strings) in container id through Docker exec,
 * relaying its output to stdout and stderr. Returns its exit code; 124 when it
 * ran longer than timeout_s (it is left running: Docker cannot kill an exec),
 * 125 when the API refused (why on stderr). */
static int exec_attached(const char *id, const char *argv_json, int timeout_s) {
  char path[160], exec_id[65];
  struct buf raw = {0, 0, 0};
  struct http_head h = {0, 0, -1};
  size_t n = strlen(argv_json) + 100;
  char *body = malloc(n);
  long hl = 0;
  int st, fd, code = 125;
  ms_t deadline = now_ms() + timeout_s * 1000LL;
  if (!body)
    return 125;
  snprintf(body, n, "{\"Cmd\":%s,\"AttachStdin\":false,\"AttachStdout\":true,\"AttachStderr\":true}", argv_json);
  snprintf(path, sizeof path, "/containers/%.64s/exec", id);
  st = api("POST", path, body);
  free(body);
  if (st != 201 || jstr(jget(resp.p, "Id"), exec_id, sizeof exec_id) != 64) {
    say("exec in container %.12s failed: %s", id, api_error(st));
    return 125;
  }
  snprintf(path, sizeof path, "/exec/%s/start", exec_id);
  if ((fd = dial(5)) < 0 || send_request(fd, "POST", path, "{\"Detach\":false,\"Tty\":false}") < 0) {
    say("exec in container %.12s failed: %s", id, strerror(errno));
    if (fd >= 0)
      close(fd);
    return 125;
  }
  for (;;) { /* the answer's head, then the multiplexed stream until EOF */
    struct pollfd pf = {fd, POLLIN, 0};
    char tmp[8192];
    ssize_t r;
    ms_t left = deadline - now_ms();
    if (left <= 0) {
      say("exec in container %.12s still running after %d s: given up", id, timeout_s);
      close(fd);
      free(raw.p);
      return 124;
    }
    if (poll(&pf, 1, (int)left) <= 0)
      continue;
    if ((r = recv(fd, tmp, sizeof tmp, 0)) < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    if (buf_add(&raw, tmp, (size_t)r) < 0)
      break;
    if (!hl) {
      if ((hl = http_head(raw.p, raw.len, &h)) < 0 || (hl && h.status != 200 && h.status != 101)) {
        say("exec in container %.12s failed: HTTP %d", id, h.status);
        hl = -1;
        break;
      }
      if (!hl)
        continue;
      buf_drop(&raw, (size_t)hl);
    }
    while (raw.len >= 8) { /* frames: stream (1 stdout, 2 stderr), 3 zero bytes, big-endian size */
      size_t size = (size_t)(unsigned char)raw.p[4] << 24 | (size_t)(unsigned char)raw.p[5] << 16 |
                    (size_t)(unsigned char)raw.p[6] << 8 | (size_t)(unsigned char)raw.p[7];
      if (raw.len < 8 + size)
        break;
      (void)!write(raw.p[0] == 2 ? 2 : 1, raw.p + 8, size);
      buf_drop(&raw, 8 + size);
    }
  }
  close(fd);
  free(raw.p);
  if (hl <= 0)
    return 125;
  snprintf(path, sizeof path, "/exec/%s/json", exec_id);
  for (int i = 0; i < 50; i++, sleep_ms(20)) { /* the exit code lands just after the stream ends */
    if ((st = api("GET", path, NULL)) != 200) {
      say("inspecting exec in container %.12s failed: %s", id, api_error(st));
      return 125;
    }
    if (!jbool(jget(resp.p, "Running"))) {
      code = (int)jint(jget(resp.p, "ExitCode"), 125);
      break;
    }
  }
  return code;
}

static volatile sig_atomic_t stop_asked;

static void ask_stop(int sig) {
  (void)sig;
  stop_asked = 1;
}

/* pre-stop ID GRACE ARGV: waits until this container is stopped (SIGTERM or
 * SIGINT), then runs the hook in ID for at most GRACE seconds; exits 0. */
static int pre_stop(const char *id, int grace, const char *argv_json) {
  struct sigaction sa;
  sigset_t block, wait;
  int code;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &wait);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = ask_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  say("preStop hook of container %.12s armed: it runs when this container is stopped", id);
  while (!stop_asked)
    sigsuspend(&wait);
  say("stopping: running the preStop hook of container %.12s (at most %d s)", id, grace);
  code = exec_attached(id, argv_json, grace);
  say("preStop hook of container %.12s: exit %d", id, code);
  return 0;
}

int main(int argc, char **argv) {
  struct sigaction sa;
  const char *host = getenv("DOCKER_HOST");
  char esc[520], json[800];
  int r = -1;
  ms_t t0 = now_ms();

  if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "-V"))) {
    (void)!write(1, "podlet " STR(VERSION) "\n", sizeof("podlet " STR(VERSION) "\n") - 1);
    return 0;
  }
  if (host && !strncmp(host, "unix://", 7) && strlen(host + 7) < sizeof sock_path)
    strcpy(sock_path, host + 7);
  memset(&sa, 0, sizeof sa);
  sigfillset(&sa.sa_mask);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, NULL);
  if (argc >= 2 && !strcmp(argv[1], "service"))
    return service_main(argc - 2, argv + 2);
  if (argc == 3 && !strcmp(argv[1], "check"))
    return check_engine(argv[2]);
  if (argc == 3 && !strcmp(argv[1], "image-user"))
    return image_user(argv[2]);
  if (argc == 2 && !strcmp(argv[1], "node-info"))
    return node_info();
  if (argc == 5 && !strcmp(argv[1], "exec") && atoi(argv[3]) > 0)
    return exec_attached(argv[2], argv[4], atoi(argv[3]));
  if (argc == 5 && !strcmp(argv[1], "pre-stop") && atoi(argv[3]) >= 0)
    return pre_stop(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1, argv[4]);
  if (argc != 2 || argv[1][0] == '-' || strlen(argv[1]) > 64) {
    static const char usage[] = "usage: podlet PAUSE_CONTAINER_ID | check SOCKET | exec CONTAINER TIMEOUT_S ARGV_JSON"
                                " | pre-stop CONTAINER GRACE_S ARGV_JSON | service NAME NETWORK KEY=VALUE..."
                                " | image-user IMAGE | node-info\n";
    (void)!write(2, usage, sizeof usage - 1);
    return 64;
  }

  sa.sa_handler = down;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  /* Setup fails loudly. At daemon start the API may take a while to serve. */
  while (now_ms() - t0 < 60000 && (r = api("GET", "/containers/json?limit=1", NULL)) != 200)
    sleep_ms(500);
  if (r != 200) {
    say("the Docker API at %s did not answer for 60 s: %s", sock_path, api_error(r));
    return 1;
  }
  snprintf(json, sizeof json, "/containers/%.64s/json", argv[1]);
  if ((r = api("GET", json, NULL)) == 404) {
    say("pause container %s does not exist", argv[1]);
    return 2;
  }
  if (r != 200 || jstr(jget(resp.p, "Id"), pause_c.id, sizeof pause_c.id) != 64) {
    say("inspecting pause container %s failed: %s", argv[1], api_error(r));
    return 1;
  }
  strcpy(pause_c.name, "POD");
  if (jstr(jget(jget(jget(resp.p, "Config"), "Labels"), LABEL "pod"), pod, sizeof pod) <= 0) {
    say("container %.12s has no " LABEL "pod label: not a docker-pod pause container", pause_c.id);
    return 64;
  }
  json_escape(pod, esc, sizeof esc);
  snprintf(json, sizeof json, "{\"label\":[\"" LABEL "pod=%s\"]}", esc);
  url_encode(json, event_filter, sizeof event_filter);
  snprintf(list_path, sizeof list_path, "/containers/json?all=1&filters=%s", event_filter);
  snprintf(json, sizeof json,
           "{\"type\":[\"container\"],\"label\":[\"" LABEL "pod=%s\"],"
           "\"event\":[\"create\",\"start\",\"die\",\"kill\",\"stop\",\"destroy\"]}",
           esc);
  url_encode(json, event_filter, sizeof event_filter);
  say("podlet " STR(VERSION) " looking after pod %s (pause %.12s)", pod, pause_c.id);

  /* Subscribe first, then reconcile: nothing falls between the two. */
  events_open();
  for (ms_t retry = 0;;) {
    struct pollfd pf;
    ms_t wait;
    if (ev_fd < 0 && now_ms() >= retry) {
      if (!events_open())
        reconcile();
      else
        retry = now_ms() + 500;
    }
    wait = tick();
    if (ev_fd < 0 && wait > 500)
      wait = 500;
    pf.fd = ev_fd;
    pf.events = POLLIN;
    pf.revents = 0;
    if (poll(&pf, 1, (int)wait) > 0 && ev_fd >= 0)
      events_read();
  }
}
