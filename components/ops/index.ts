/**
 * Operating pods day to day (`docker-pod get | describe | logs | exec | delete`): what the command
 * line computes, apart from its flags and printing. Reads pods through the pod labels only.
 */
export * from "./describe";
export * from "./engine";
export * from "./events";
export * from "./exec";
export * from "./facts";
export * from "./format";
export * from "./log-window";
export * from "./logs";
export * from "./pod-object";
export * from "./read";
export * from "./remove";
export * from "./rows";
export * from "./selector";
export * from "./status";
export * from "./watch";
