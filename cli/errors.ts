/**
 * The command line's errors and their exit codes, apart from everything else so that every command
 * (the ops commands load no Pulumi) can share them.
 */

/** A failure the user caused by what they typed or gave (exit code 2). */
export class UsageError extends Error {}

/** An operation that failed (exit code 1). */
export class OperationError extends Error {}

/** The gist of an Automation API error: Pulumi's output was streamed already, so its error lines only. */
export function errorGist(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => /error/i.test(l) && !/^(code|stderr|stdout|err\?):/i.test(l));
  return (lines.slice(-3).join("; ") || message.split("\n")[0]).slice(0, 2000);
}
