/**
 * kubectl's flag syntax (spf13/pflag) on top of Node's `util.parseArgs`, so that what kubectl users
 * type works unchanged: `-o=json`, `--tail -1` (a value flag takes the next word, whatever it
 * starts with), `--all-containers=true` / `--previous=false` (boolean flags take `=true|false`).
 * Everything after `--` is left alone (exec's command).
 */

/** Flag declarations, as `util.parseArgs` takes them. */
export type FlagOptions = Record<string, { type: "boolean" | "string"; short?: string; multiple?: boolean }>;

/** Rewrites pflag spellings into ones `util.parseArgs` reads the same way; unknown flags are kept (parseArgs reports them). */
export function pflagArgs(argv: string[], options: FlagOptions): string[] {
  const byShort = new Map(Object.entries(options).flatMap(([long, o]) => (o.short ? [[o.short, long] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([^-])(=(.*))?$/s.exec(arg);
    const name = long ? long[1] : short ? byShort.get(short[1]) : undefined;
    const inline = long ? long[2] : short?.[2] !== undefined ? short[3] : undefined;
    const option = name !== undefined ? options[name] : undefined;
    if (!option || name === undefined) {
      out.push(arg);
      continue;
    }
    if (option.type === "boolean") {
      if (inline === undefined || inline === "true") out.push(`--${name}`);
      else if (inline !== "false") out.push(arg);
      continue;
    }
    if (inline !== undefined) out.push(`--${name}=${inline}`);
    else if (i + 1 < argv.length && argv[i + 1] !== "--") out.push(`--${name}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}
