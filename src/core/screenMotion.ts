/**
 * How the screen moves, from the tracked rows' phases: the rows visible now, and when rows left the screen within
 * `MOTION_WINDOW_MS` (oldest first). The one owner of that count; the rule itself is `motionOf`.
 */
import { MOTION_WINDOW_MS, type Motion, motionOf, onScreen, type Phase } from './visibilityRules'

export class ScreenMotion {
  /** Rows visible now: past their dwell, so rows coming on screen in one turn do not change the rule midway. */
  #visible = 0
  readonly #left: number[] = []

  get visible(): number {
    return this.#visible
  }

  /** A row went from phase `was` to `phase` at `now`. */
  moved(was: Phase, phase: Phase, now: number): void {
    if ((was === 'visible') !== (phase === 'visible')) this.#visible += was === 'visible' ? -1 : 1
    if (onScreen(was) && !onScreen(phase)) this.#left.push(now)
  }

  /** How the screen moves at `now`. */
  at(now: number): Motion {
    const left = this.#left
    let old = 0
    while (old < left.length && (left[old] as number) <= now - MOTION_WINDOW_MS) old++
    if (old > 0) left.splice(0, old)
    return motionOf(this.#visible, left.length, left.length > 0 ? now - (left[0] as number) : 0)
  }
}
