/** Where this package's native artefacts live: `native/` (sources, Dockerfiles, `build/`). */
import * as fs from "fs";
import * as path from "path";

/** The `native/` folder of this package, found from this module (as source or as `dist/`). */
export function nativeDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "native", "pause.c");
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    if (path.dirname(dir) === dir) throw new Error(`docker-pod: native/pause.c not found above ${__dirname}`);
  }
}

/** The contents of a built artefact, e.g. `probe`; a clear error when it has not been built. */
export function builtArtefact(name: string): Buffer {
  const file = path.join(nativeDir(), "build", name);
  if (!fs.existsSync(file)) {
    throw new Error(`docker-pod: ${file} is missing; run \`npm run build:native\` (needs a C compiler)`);
  }
  return fs.readFileSync(file);
}
