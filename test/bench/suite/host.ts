// Where the suite runs: node (jsdom) or Chromium (vitest browser mode). The measurements are the same; what differs
// is how the main thread's busy time and CPU time are read and what the report says of the setting.

/** Reads the main thread's busy time over a stretch. */
export interface BusyMeter {
  /** Starts a stretch. */
  start(): Promise<void>
  /** Ends it: the ms the main thread was busy since `start` (its idle time, waiting for a timer, left out). */
  stop(): Promise<number>
}

/**
 * Reads CPU time over a stretch: unlike wall time, it leaves out the time the suite's thread waited for a core (the
 * medians of wall time move by ±30 % when other work shares the machine).
 */
export interface CpuMeter extends BusyMeter {
  /**
   * The CPU ms since `start`, read at once, in the middle of a task (right after a commit, before the microtasks it
   * queued). Only where the host can (node); undefined where CPU time can be read only between tasks (Chromium).
   */
  readonly lap?: () => number
}

export interface Host {
  /** What the report says of where it ran (after "in "). */
  readonly where: string
  /** What the report says of visibility there (a badge asks only once it has been on screen). */
  readonly visibility: string
  /** How the busy time is read, for the report. */
  readonly busyHow: string
  /** Versions of the baselines' libraries, for the report. */
  readonly versions: { tanstack: string; zustand: string }
  readonly flags: {
    /** Print every round's figures as they come. */
    raw: boolean
    /** Run TanStack Query at 20,000 rows too (over 40 s a run in jsdom). */
    tanstackAt20k: boolean
    /**
     * Run one section only, to iterate on it (VITE_SUITE_ONLY, in node and in Chromium): `'firstPaint'` (section 7).
     * Unset: every section.
     */
    only: 'firstPaint' | undefined
  }
  busy(): BusyMeter
  /** How CPU time is read, for the report. */
  readonly cpuHow: string
  cpu(): CpuMeter
}

/** The section VITE_SUITE_ONLY names (`Host.flags.only`); throws for a name the suite does not know. */
export function onlyOf(value: string | undefined): Host['flags']['only'] {
  if (!value) return undefined
  if (value === 'firstPaint') return value
  throw new Error(`VITE_SUITE_ONLY: no section ${value} (firstPaint runs section 7 alone)`)
}
