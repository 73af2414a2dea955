/** Reviews of `pulumi preview` for stacks that use `Pod`: what restarts, why, and for how long. */
export { NotAPreviewError, readPreview } from "./steps";
export type { Preview, Step, StepOp } from "./steps";
export { reviewPreview } from "./review";
export type { ContainerAction, ContainerReview, PodReview, Review } from "./review";
export { renderReview, reviewFormats } from "./render";
export type { ReviewFormat } from "./render";
export { measured } from "./timings";

import { ReviewFormat, renderReview } from "./render";
import { reviewPreview } from "./review";
import { readPreview } from "./steps";

/**
 * Reads a preview (`pulumi preview --json`, or engine events; as text, or parsed: the events an
 * Automation API preview streams to `onEvent`) and renders its review.
 */
export function reviewText(input: string | object, format: ReviewFormat = "markdown"): string {
  return renderReview(reviewPreview(readPreview(input)), format);
}
