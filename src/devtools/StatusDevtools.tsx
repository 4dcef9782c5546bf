import { useContext, useEffect, useId, useRef, useState } from 'react'
import { attachCallLog, callLogOf } from '../core/callLog'
import { inspectEngine } from '../core/inspect'
import type { TimLike } from '../core/sdk'
import type { StatusClient } from '../core/statusClient'
import { StatusContext } from '../react/StatusProvider'
import { CallLogSection } from './CallLogSection'
import { BudgetSection, QueueSection, ReadinessSection, SubscriptionsSection } from './EngineSections'
import { LookupSection } from './LookupSection'
import { buttonStyle, type DevtoolsPosition, mutedStyle, panelStyle, rootStyle, toggleStyle } from './styles'

/** Props of `<StatusDevtools>`. */
export interface StatusDevtoolsProps {
  /** Open when mounted. Default `false`: only the toggle shows. */
  initialIsOpen?: boolean
  /** The corner the toggle and the panel float in. Default `'bottom-right'`. */
  position?: DevtoolsPosition
  /**
   * With `react-tim-status/devtools/production`: render in production builds too (`process.env.NODE_ENV ===
   * 'production'`). Default `false`. `react-tim-status/devtools` renders nothing there whatever this says, and
   * costs nothing.
   */
  enabledInProduction?: boolean
  /** The client to inspect. Default: the nearest `<StatusProvider>`'s. */
  client?: StatusClient
  /** Or an SDK instance, whose engine (made by a provider or `createStatusClient`) is inspected. */
  tim?: TimLike
  /** How often the open panel reads the engine again, in ms. Default 500. */
  refreshMs?: number
}

/** Re-renders every `ms` while `on`: budgets and windows change with time, and the engine notifies nobody. */
function useRefresh(on: boolean, ms: number): void {
  const [, setTick] = useState(0)
  useEffect(() => {
    if (!on) return
    const timer = setInterval(() => setTick((tick) => tick + 1), ms)
    return () => clearInterval(timer)
  }, [on, ms])
}

function PanelContent({ target }: { target: StatusClient | TimLike | null }) {
  const engine = target ? inspectEngine(target) : undefined
  if (!target || !engine) {
    return (
      <p style={mutedStyle}>
        {target
          ? 'No status engine on this SDK instance yet: mount a <StatusProvider tim={tim}> or call createStatusClient(tim).'
          : 'Nothing to inspect: put <StatusDevtools /> inside <StatusProvider>, or give it a client or tim prop.'}
      </p>
    )
  }
  return (
    <>
      <ReadinessSection engine={engine} />
      <BudgetSection engine={engine} />
      <SubscriptionsSection engine={engine} />
      <QueueSection engine={engine} />
      <CallLogSection log={callLogOf(target)} />
      <LookupSection target={target} />
    </>
  )
}

/**
 * The devtools in every build (see `index.ts` for the production switch): a floating toggle and a panel of what
 * the engine is doing. Mounted, it keeps a log of the last 100 calls; unmounted, nothing of it remains.
 */
function Devtools({
  initialIsOpen = false,
  position = 'bottom-right',
  client,
  tim,
  refreshMs = 500,
}: Omit<StatusDevtoolsProps, 'enabledInProduction'>) {
  const context = useContext(StatusContext)
  const target = client ?? tim ?? context?.client ?? null
  const [open, setOpen] = useState(initialIsOpen)
  const panelID = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLElement>(null)
  const movedFocus = useRef(false)
  useRefresh(open, refreshMs)

  // Attached when mounted, not when rendered: an engine made after this render (a provider after the devtools, or
  // mounted later) gets the log as it is made, so a closed panel, which never renders again, still logs its calls.
  useEffect(() => (target ? attachCallLog(target) : undefined), [target])
  // Opened by the user: focus goes into the panel (not when mounted open: that would take it from the page).
  useEffect(() => {
    if (open && movedFocus.current) panelRef.current?.focus()
  }, [open])

  const close = () => {
    setOpen(false)
    toggleRef.current?.focus()
  }
  // Escape inside the devtools (the toggle or the panel) closes the panel and gives focus back to the toggle.
  useEffect(() => {
    const root = rootRef.current
    if (!open || !root) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.stopPropagation()
      setOpen(false)
      toggleRef.current?.focus()
    }
    root.addEventListener('keydown', onKeyDown)
    return () => root.removeEventListener('keydown', onKeyDown)
  }, [open])

  return (
    <div data-rts-devtools="" data-state={open ? 'open' : 'closed'} style={rootStyle(position)} ref={rootRef}>
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelID}
        style={toggleStyle}
        onClick={() => {
          movedFocus.current = true
          setOpen(!open)
        }}
      >
        Presence devtools
      </button>
      {open ? (
        <section ref={panelRef} id={panelID} aria-label="Presence devtools" tabIndex={-1} style={panelStyle}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <strong>react-tim-status</strong>
            <button type="button" style={buttonStyle} onClick={close}>
              Close
            </button>
          </div>
          <PanelContent target={target} />
        </section>
      ) : (
        <div id={panelID} hidden />
      )}
    </div>
  )
}

/**
 * A floating toggle and a panel showing what the presence engine does: readiness and why not ready, the budget of
 * each API family, the subscriptions against `maxSubscriptions`, the queue, the last 100 calls with what to do
 * about their codes, and one ID looked up. Reads the engine through its inspection API, never the store's shape.
 * In production builds it renders only with `enabledInProduction` (`react-tim-status/devtools/production`; the
 * `react-tim-status/devtools` entry is nothing there).
 */
export function StatusDevtools({ enabledInProduction = false, ...props }: StatusDevtoolsProps) {
  if (process.env.NODE_ENV === 'production' && !enabledInProduction) return null
  return <Devtools {...props} />
}
