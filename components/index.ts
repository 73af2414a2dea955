/** docker-pod: Kubernetes-style Pods on a plain Docker engine, as a Pulumi component package. */
export * from "./args";
export { Pod, defaultTerminationGracePeriodSeconds } from "./pod";
export { PauseImage } from "./pause-image";
export type { PauseImageArgs } from "./pause-image";
export { validatePodArgs, formatProblems } from "./validate";
export type { Problem } from "./validate";
export * from "./manifest";
export { PersistentVolumeClaim, claimLabel } from "./persistent-volume-claim";
export type { PersistentVolumeClaimArgs } from "./persistent-volume-claim";
export { NotAPreviewError, readPreview, reviewPreview, renderReview, reviewText, reviewFormats } from "./review";
export type { ContainerAction, ContainerReview, PodReview, Review, ReviewFormat } from "./review";
export * from "./service-args";
export { Service, serviceLabel } from "./service";
export { validateServiceArgs } from "./validation/service";
