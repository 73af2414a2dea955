/**
 * The `PauseImage` component: the pod's infra image, `FROM scratch` with the pause program from
 * `native/` at `/pause`, built locally by a `docker.Image` (never pushed). Many pods can share one.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { nativeDir } from "./native";

/** Arguments of {@link PauseImage}. */
export interface PauseImageArgs {
  /**
   * Repository and tag to build. Default: `docker-pod/pause:<first 12 hex digits of the sha256 of
   * the build input>`, so the image, and every pause container running it, changes only when the
   * pause program does.
   */
  imageName?: pulumi.Input<string>;
}

/** How the image is built: from the prebuilt static binary when present, else from source inside Docker. */
export interface PauseBuild {
  /** Absolute build context (`native/`). */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
  /** sha256 of the build input: the binary, or the sources. */
  digest: string;
}

/**
 * Chooses the build. With `native/build/pause` (built by `npm run build:native`, shipped in the
 * npm package) no compiler is needed; without it `Dockerfile.source` compiles the program in a
 * builder image (needs an image registry).
 */
export function pauseBuild(dir = nativeDir()): PauseBuild {
  // The image carries the pause program, the podlet (self-healing), the probe helper and volinit (fsGroup).
  const binaries = ["pause", "podlet", "probe", "volinit"].map((b) => path.join(dir, "build", b));
  const hash = crypto.createHash("sha256");
  if (binaries.every((b) => fs.existsSync(b))) {
    // The Dockerfile too: where it puts the binaries is part of the image.
    for (const f of [...binaries, path.join(dir, "Dockerfile")]) hash.update(fs.readFileSync(f));
    return { context: dir, dockerfile: path.join(dir, "Dockerfile"), digest: hash.digest("hex") };
  }
  // Every source the build reads: the programs, the parser units they link, their headers.
  const sources = fs.readdirSync(dir).filter((f) => /\.[ch]$/.test(f)).sort();
  for (const file of [...sources, "Makefile", "Dockerfile.source"]) hash.update(fs.readFileSync(path.join(dir, file)));
  return { context: dir, dockerfile: path.join(dir, "Dockerfile.source"), digest: hash.digest("hex") };
}

/** The Docker platform of this machine's architecture (the pause program is built for it). */
export function dockerPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", s390x: "s390x", ppc64: "ppc64le" };
  return `linux/${arch[process.arch] ?? process.arch}`;
}

/** The pause image, built locally from `native/` (no push). */
export class PauseImage extends pulumi.ComponentResource {
  /** A reference a `docker.Container` can run, e.g. `docker-pod/pause:3f2a9c0d1b7e`. */
  public readonly imageName: pulumi.Output<string>;

  constructor(name: string, args: PauseImageArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("docker-pod:index:PauseImage", name, {}, opts);
    const build = pauseBuild();
    const image = new docker.Image(
      `${name}-image`,
      {
        imageName: args.imageName ?? `docker-pod/pause:${build.digest.slice(0, 12)}`,
        build: { context: build.context, dockerfile: build.dockerfile, platform: dockerPlatform() },
        skipPush: true,
      },
      { parent: this },
    );
    this.imageName = image.imageName;
    this.registerOutputs({ imageName: this.imageName });
  }
}
