/** The colour family a status is shown in; badges and pills map it to their own classes. */
export type Tone = "success" | "info" | "warning" | "danger" | "neutral";
