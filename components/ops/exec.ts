/**
 * `exec`: runs a command in a member through Docker exec (as `kubectl exec` does through the
 * kubelet), streams its output, and returns its exit status. `stdin` passes standard input;
 * `tty` allocates a terminal (raw mode on ours, resized with it).
 */
import type Docker from "dockerode";
import type { ContainerFacts } from "./facts";
import { memberName } from "./status";

/** What to run and how. */
export interface ExecOptions {
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** The terminal and streams of the caller. */
export interface ExecIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Runs the command; resolves with its exit status. */
export async function execIn(docker: Docker, c: ContainerFacts, podName: string, opts: ExecOptions, io: ExecIO): Promise<number> {
  if (!c.State.Running) throw new Error(`cannot exec in container ${memberName(c)} of pod ${podName}: it is not running (${c.State.Status})`);
  const exec = await docker.getContainer(c.Id).exec({
    Cmd: opts.command,
    AttachStdin: opts.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: opts.tty,
  });
  const stream = await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty });
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  if (opts.tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  let restore = () => {};
  if (opts.stdin) {
    if (opts.tty && io.stdin.isTTY) {
      io.stdin.setRawMode(true);
      const resize = () => exec.resize({ h: io.stdout.rows ?? 24, w: io.stdout.columns ?? 80 }).catch(() => undefined);
      io.stdout.on("resize", resize);
      void resize();
      restore = () => {
        io.stdin.setRawMode(false);
        io.stdout.off("resize", resize);
      };
    }
    io.stdin.pipe(stream);
    // End of our input closes the command's (a half-close of the hijacked connection).
    io.stdin.on("end", () => (stream as unknown as { end(): void }).end());
  }
  try {
    await done;
  } finally {
    restore();
    if (opts.stdin) {
      io.stdin.unpipe(stream);
      io.stdin.pause();
    }
  }
  // The exec's state is final shortly after its stream ends.
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the command's exit status did not come back from Docker");
}
