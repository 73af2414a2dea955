/** Validation of the pod's and each container's security context. */
import { AppArmorProfile, Container, PodSecurityContext, SecurityContext, SeccompProfile } from "../args";
import { effectiveSecurityContext } from "../mapping/security";
import { Problems } from "./problems";

const capabilityName = /^(CAP_)?[A-Z_]+$/;
/** Kubernetes' sysctl name pattern (dots or slashes as separators). */
const sysctlName = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
/** The sysctls a pod's namespaces isolate (Kubernetes' namespaced set): others would change the host. */
const namespacedSysctl = /^(net\.|kernel\.shm|kernel\.msg|kernel\.sem$|fs\.mqueue\.)/;
const profileTypes = ["RuntimeDefault", "Unconfined", "Localhost"];
const maxId = 2 ** 31 - 1;

/** The pod's `securityContext`. */
export function validatePodSecurity(p: Problems, s: PodSecurityContext | undefined): void {
  if (s === undefined) return;
  if (!object(p, "securityContext", s)) return;
  p.unknownFields("securityContext", s, "podSecurityContext");
  common(p, "securityContext", s);
  if (s.fsGroup !== undefined) p.integer("securityContext.fsGroup", s.fsGroup, 0, maxId, "group id");
  if (s.fsGroupChangePolicy !== undefined && !["Always", "OnRootMismatch"].includes(s.fsGroupChangePolicy)) {
    p.add("securityContext.fsGroupChangePolicy", `${JSON.stringify(s.fsGroupChangePolicy)} is not a policy; use Always or OnRootMismatch`);
  }
  if (p.optionalList("securityContext.supplementalGroups", s.supplementalGroups, "group ids")) {
    s.supplementalGroups.forEach((g, i) => p.integer(`securityContext.supplementalGroups[${i}]`, g, 0, maxId, "group id"));
  }
  if (p.optionalList("securityContext.sysctls", s.sysctls, "{ name, value }")) {
    const seen = new Set<string>();
    s.sysctls.forEach((sc, i) => {
      const at = `securityContext.sysctls[${i}]`;
      p.unknownFields(at, sc, "sysctl");
      if (typeof sc?.name !== "string" || !sysctlName.test(sc.name)) {
        p.add(`${at}.name`, `${JSON.stringify(sc?.name)} is not a sysctl name, e.g. net.ipv4.ip_unprivileged_port_start`);
      } else if (!namespacedSysctl.test(sc.name.replace(/\//g, "."))) {
        p.add(`${at}.name`, `${sc.name} is not namespaced: it would change the Docker host, not the pod; only net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.* can be set`);
      } else if (seen.has(sc.name)) {
        p.add(`${at}.name`, `${sc.name} is set twice; set each sysctl once`);
      } else {
        seen.add(sc.name);
      }
      if (typeof sc?.value !== "string") p.add(`${at}.value`, "must be a string (quote numbers in YAML)");
    });
  }
}

/** One container's `securityContext`, and the checks on its effective one (with the pod's). */
export function validateContainerSecurity(p: Problems, at: string, c: Container, pod: PodSecurityContext | undefined): void {
  const s = c.securityContext;
  const st = `${at}.securityContext`;
  if (s !== undefined && object(p, st, s)) {
    p.unknownFields(st, s, "securityContext");
    common(p, st, s);
    for (const flag of ["readOnlyRootFilesystem", "allowPrivilegeEscalation", "privileged"] as const) {
      if (s[flag] !== undefined && typeof s[flag] !== "boolean") p.add(`${st}.${flag}`, "must be true or false");
    }
    if (s.procMount !== undefined && !["Default", "Unmasked"].includes(s.procMount)) {
      p.add(`${st}.procMount`, `${JSON.stringify(s.procMount)} is not a proc mount type; use Default or Unmasked`);
    }
    if (s.capabilities !== undefined) {
      p.unknownFields(`${st}.capabilities`, s.capabilities, "capabilities");
      for (const kind of ["add", "drop"] as const) {
        const caps = s.capabilities[kind];
        if (!p.stringList(`${st}.capabilities.${kind}`, caps)) continue;
        caps.forEach((cap, k) => {
          if (!capabilityName.test(cap)) {
            p.add(`${st}.capabilities.${kind}[${k}]`, `${JSON.stringify(cap)} is not a capability name; use e.g. NET_ADMIN or ALL`);
          }
        });
      }
    }
    if (s.privileged === true && s.allowPrivilegeEscalation === false) {
      p.add(`${st}.allowPrivilegeEscalation`, "cannot be false when privileged is true (Kubernetes refuses it too)");
    }
  }
  // The kubelet's check where it needs no image: the user that runs is root.
  const effective = effectiveSecurityContext(pod, s && typeof s === "object" ? s : undefined);
  if (effective.runAsNonRoot === true && effective.runAsUser === 0) {
    const where = s?.runAsUser === 0 ? `${st}.runAsUser` : s?.runAsNonRoot === true ? `${st}.runAsNonRoot` : "securityContext.runAsUser";
    p.add(where, `container's runAsUser breaks non-root policy (container: ${c.name}); use a non-zero runAsUser or drop runAsNonRoot`);
  }
}

/** The fields pod and container contexts share. */
function common(p: Problems, at: string, s: PodSecurityContext | SecurityContext): void {
  if (s.runAsUser !== undefined) p.integer(`${at}.runAsUser`, s.runAsUser, 0, maxId, "user id");
  if (s.runAsGroup !== undefined) p.integer(`${at}.runAsGroup`, s.runAsGroup, 0, maxId, "group id");
  if (s.runAsNonRoot !== undefined && typeof s.runAsNonRoot !== "boolean") p.add(`${at}.runAsNonRoot`, "must be true or false");
  profile(p, `${at}.seccompProfile`, s.seccompProfile, "seccompProfile");
  profile(p, `${at}.appArmorProfile`, s.appArmorProfile, "appArmorProfile");
  if (s.seLinuxOptions !== undefined && object(p, `${at}.seLinuxOptions`, s.seLinuxOptions)) {
    p.unknownFields(`${at}.seLinuxOptions`, s.seLinuxOptions, "seLinuxOptions");
    for (const [k, v] of Object.entries(s.seLinuxOptions)) {
      if (typeof v !== "string") p.add(`${at}.seLinuxOptions.${k}`, "must be a string");
    }
  }
}

function profile(p: Problems, at: string, value: SeccompProfile | AppArmorProfile | undefined, kind: "seccompProfile" | "appArmorProfile"): void {
  if (value === undefined || !object(p, at, value)) return;
  p.unknownFields(at, value, kind);
  if (!profileTypes.includes(value.type)) {
    p.add(`${at}.type`, `${JSON.stringify(value.type)} is not a profile type; use ${profileTypes.join(", ")}`);
  }
  const local = value.localhostProfile;
  if (value.type === "Localhost" && (typeof local !== "string" || local === "")) {
    p.add(`${at}.localhostProfile`, kind === "seccompProfile" ? "give the path of the JSON profile file" : "give the name of a profile loaded on the Docker host");
  } else if (value.type !== "Localhost" && local !== undefined) {
    p.add(`${at}.localhostProfile`, "is only for type Localhost");
  }
}

function object(p: Problems, at: string, value: unknown): boolean {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return true;
  p.add(at, "must be an object");
  return false;
}
