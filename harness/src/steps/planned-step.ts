/** A planned step as the runner handles every kind (each module knows its spec's shape). */
export interface PlannedStep {
  readonly kind: string;
  readonly spec: unknown;
  readonly title?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** Line of the step in its file, for messages. */
  readonly line: number;
  /** Position for people: "3", or "3.2" for the second step inside step 3's repeat (1-based). */
  readonly label: string;
}
