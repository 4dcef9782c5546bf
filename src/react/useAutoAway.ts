import { useEffect, useState } from 'react'
import type { StatusClient } from '../core/statusClient'
import { validateCustomStatus, validateDuration } from '../core/validate'
import { useStatusContext } from './StatusProvider'

/** Options of `useAutoAway`. */
export interface UseAutoAwayOptions {
  /** How long without input in the document before the user is away (default 600,000 ms: 10 minutes). */
  idleMs?: number
  /** The custom status set while away (default `'Away'`). */
  text?: string
  /** When false, nothing is watched or set. Default true. */
  enabled?: boolean
}

/** What `useAutoAway` returns. */
export interface UseAutoAwayResult {
  /** The own custom status is `text` because the user has been idle (set by this hook). */
  isAway: boolean
}

/** The input that says the user is there. A hidden tab is not input: it does not make anyone away by itself. */
const INPUT = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/**
 * Watches the document's input; after `idleMs` without any, sets the own custom status to `text` in one call, if it
 * was `''` (a status the user chose is never overwritten); the next input, or the stop, clears it in one call, if it
 * is still `text`. Returns the stop.
 */
function watchIdle(client: StatusClient, idleMs: number, text: string, onAway: (away: boolean) => void) {
  const { clock } = client.options
  let lastInput = clock.now()
  let away = false
  let timer: unknown
  // Away (`true`) or back: one call, only over the status the other side left ('' or `text`).
  const turn = (next: boolean) => {
    away = next
    onAway(next)
    if (client.getState().self?.customStatus === (next ? '' : text))
      client.setSelfStatus(next ? text : '').catch(() => {})
  }
  const check = () => {
    const idle = clock.now() - lastInput
    const due = idle >= idleMs
    if (due && client.getState().ready && client.getState().self?.customStatus === '') turn(true)
    else timer = clock.setTimeout(check, due ? idleMs : idleMs - idle)
  }
  const onInput = () => {
    lastInput = clock.now()
    if (!away) return
    turn(false)
    timer = clock.setTimeout(check, idleMs)
  }
  for (const name of INPUT) document.addEventListener(name, onInput, { capture: true, passive: true })
  timer = clock.setTimeout(check, idleMs)
  return () => {
    for (const name of INPUT) document.removeEventListener(name, onInput, { capture: true })
    clock.clearTimeout(timer)
    if (away) turn(false)
  }
}

/**
 * Away when idle, as Slack and Discord do: after `idleMs` with no pointer, keyboard, wheel or touch input in the
 * document, the own custom status becomes `text` (only if it was `''`), and the next input clears it. One
 * `setSelfStatus` per transition; a hidden tab alone does not make the user away.
 */
export function useAutoAway(options?: UseAutoAwayOptions): UseAutoAwayResult {
  const { client } = useStatusContext('useAutoAway')
  const idleMs = validateDuration(options?.idleMs ?? 600_000, 'useAutoAway', 'idleMs')
  const text = validateCustomStatus(options?.text ?? 'Away', 'useAutoAway')
  const enabled = options?.enabled !== false
  const [isAway, setAway] = useState(false)
  useEffect(() => {
    if (!enabled || typeof document === 'undefined') return
    const stop = watchIdle(client, idleMs, text, setAway)
    return () => {
      stop()
      setAway(false)
    }
  }, [client, idleMs, text, enabled])
  return { isAway }
}
