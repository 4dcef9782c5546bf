import type { Meta, StoryObj } from '@storybook/react-vite'
import type { ReactNode } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import {
  PresenceBadge,
  StatusProvider,
  type TimLike,
  UserStatusType,
  useAutoAway,
  useOnlineCount,
  useSelfStatus,
  useSortedByStatus,
} from '../src'
import { SetStatusButton } from './support/BackendButton'
import {
  createPlaygroundBackend,
  createPlaygroundTim,
  loginAs,
  type PlaygroundBackend,
  type PlaygroundTim,
} from './support/createPlaygroundTim'
import { playground, sdkOf } from './support/playground'

const meta: Meta = {
  title: 'Features/Presence people trust',
  parameters: {
    docs: {
      description: {
        component:
          'What chat users ask of presence: no flicker when someone reloads (`offlineDelayMs`), away when idle (`useAutoAway`), "12 of 300 online" (`useOnlineCount`) and members sorted online first (`useSortedByStatus`). `UserStatus.since` says when this client saw the current status begin; `setCustomStatus(text, { clearAfterMs })` clears itself.',
      },
    },
  },
}
export default meta
type Story = StoryObj

/** Every `data-status` a badge showed, in order (a MutationObserver: what the user saw, not what was rendered). */
function recordStatuses(badge: Element): string[] {
  const seen = [badge.getAttribute('data-status') ?? '']
  new MutationObserver(() => {
    const now = badge.getAttribute('data-status') ?? ''
    if (now !== seen.at(-1)) seen.push(now)
  }).observe(badge, { attributes: true, attributeFilter: ['data-status'] })
  return seen
}

function Viewer({ tim, label, offlineDelayMs }: { tim: TimLike; label: string; offlineDelayMs: number }) {
  return (
    <section aria-label={label} className="pg-stack">
      <h2>{label}</h2>
      <StatusProvider tim={tim} options={{ offlineDelayMs }}>
        <div className="pg-row">
          <span>bob:</span>
          <PresenceBadge userID="bob" subscribe />
        </div>
      </StatusProvider>
    </section>
  )
}

interface Viewers {
  backend: PlaygroundBackend
  guarded: PlaygroundTim
  unguarded: PlaygroundTim
}

/**
 * bob reloads his page: the web SDK reports him unlogined for a second or two, then online again. Two people watch
 * him, one with the flap guard (the default `offlineDelayMs`, 5 s) and one with it off (`0`).
 */
export const FlapGuard: Story = {
  name: 'A page reload, with the flap guard on and off',
  loaders: [
    async (context) => {
      const sdk = sdkOf(context)
      const backend = createPlaygroundBackend(sdk)
      backend.setStatus('bob', { statusType: UserStatusType.Online })
      const viewers: Viewers = {
        backend,
        guarded: await createPlaygroundTim({ sdk, backend }),
        unguarded: await createPlaygroundTim({ sdk, backend }),
      }
      await Promise.all([loginAs(viewers.guarded, 'alice'), loginAs(viewers.unguarded, 'carol')])
      return { viewers }
    },
  ],
  render: (_args, { loaded }) => {
    const { backend, guarded, unguarded } = loaded.viewers as Viewers
    const reload = () => {
      backend.setStatus('bob', { statusType: UserStatusType.Unlogined })
      setTimeout(() => backend.setStatus('bob', { statusType: UserStatusType.Online }), 1500)
    }
    return (
      <div className="pg-stack">
        <button type="button" onClick={reload}>
          bob reloads his page
        </button>
        <div className="pg-columns">
          <Viewer tim={guarded} label="alice: flap guard on (5 s)" offlineDelayMs={5000} />
          <Viewer tim={unguarded} label="carol: flap guard off" offlineDelayMs={0} />
        </div>
      </div>
    )
  },
  play: async ({ canvasElement, loaded }) => {
    const { backend } = loaded.viewers as Viewers
    const canvas = within(canvasElement)
    const on = within(canvas.getByRole('region', { name: 'alice: flap guard on (5 s)' }))
    const off = within(canvas.getByRole('region', { name: 'carol: flap guard off' }))
    const guardedBadge = await on.findByRole('img', { name: 'Online' })
    const plainBadge = await off.findByRole('img', { name: 'Online' })
    // Pushes reach only subscribers: both must hold bob's subscription before he reloads.
    await waitFor(() => {
      expect(backend.subscriptionsOf('alice')).toContain('bob')
      expect(backend.subscriptionsOf('carol')).toContain('bob')
    })
    const guardedSaw = recordStatuses(guardedBadge)
    const plainSaw = recordStatuses(plainBadge)
    await userEvent.click(canvas.getByRole('button', { name: 'bob reloads his page' }))
    const droppedAt = Date.now()
    await waitFor(() => expect(plainSaw).toEqual(['online', 'unlogined', 'online']), { timeout: 10_000 })
    await waitFor(() => expect(off.getByRole('img', { name: 'Online' })).toBeVisible())
    // The guarded badge never showed bob away, not even when its 5 s have passed (a guard that forgot to cancel
    // would show him unlogined then). Real time: two playground SDKs run in the browser, no fake clock reaches them.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, droppedAt + 5_500 - Date.now())))
    await expect(guardedSaw).toEqual(['online'])
  },
}

function CountHeader({ ids }: { ids: string[] }) {
  const { online, total } = useOnlineCount(ids, { subscribe: true })
  return <h2>{`${online} of ${total} online`}</h2>
}

const MEMBERS = Array.from({ length: 300 }, (_, i) => `member${String(i).padStart(3, '0')}`)

/** A group of 300 members, 12 of them online; its header counts as statuses change (O(1) per change). */
export const OnlineCount: Story = {
  name: 'A group header: "12 of 300 online"',
  loaders: [
    playground({
      seed: (backend) => {
        for (const id of MEMBERS.slice(0, 12)) backend.setStatus(id, { statusType: UserStatusType.Online })
      },
      options: { offlineDelayMs: 0, maxSubscriptions: Number.POSITIVE_INFINITY },
      sdks: ['fake'],
    }),
  ],
  render: () => <OnlineCountDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('heading', { name: '12 of 300 online' }, { timeout: 10_000 })
    await userEvent.click(canvas.getByRole('button', { name: 'member100 comes online' }))
    await canvas.findByRole('heading', { name: '13 of 300 online' }, { timeout: 10_000 })
    await userEvent.click(canvas.getByRole('button', { name: 'member000 goes offline' }))
    await canvas.findByRole('heading', { name: '12 of 300 online' }, { timeout: 10_000 })
  },
}

function OnlineCountDemo() {
  return (
    <div className="pg-stack">
      <CountHeader ids={MEMBERS} />
      <div className="pg-row">
        <SetStatusButton
          label="member100 comes online"
          userID="member100"
          statusType={UserStatusType.Online}
        />
        <SetStatusButton
          label="member000 goes offline"
          userID="member000"
          statusType={UserStatusType.Offline}
        />
      </div>
    </div>
  )
}

const TEAM = ['ana', 'ben', 'cai', 'dev', 'eli', 'fay']

function SortedMembers() {
  const sorted = useSortedByStatus(TEAM, { subscribe: true })
  return (
    <ol aria-label="Members">
      {sorted.map((id) => (
        <li key={id}>
          <PresenceBadge userID={id} subscribe={false} /> {id}
        </li>
      ))}
    </ol>
  )
}

/** A member list sorted by status: online first, then offline, unlogined and unknown, each in the team's order. */
export const SortedByStatus: Story = {
  name: 'A member list sorted by status',
  loaders: [
    playground({
      seed: (backend) => {
        backend.setStatus('cai', { statusType: UserStatusType.Online })
        backend.setStatus('fay', { statusType: UserStatusType.Online })
        backend.setStatus('ben', { statusType: UserStatusType.Offline })
      },
      options: { offlineDelayMs: 0 },
      sdks: ['fake'],
    }),
  ],
  render: () => <SortedDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const order = () =>
      within(canvas.getByRole('list', { name: 'Members' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent?.trim())
    await waitFor(() => expect(order()).toEqual(['cai', 'fay', 'ben', 'ana', 'dev', 'eli']), {
      timeout: 10_000,
    })
    await userEvent.click(canvas.getByRole('button', { name: 'dev comes online' }))
    await waitFor(() => expect(order()).toEqual(['cai', 'dev', 'fay', 'ben', 'ana', 'eli']), {
      timeout: 10_000,
    })
  },
}

function SortedDemo() {
  return (
    <div className="pg-stack">
      <SortedMembers />
      <SetStatusButton label="dev comes online" userID="dev" statusType={UserStatusType.Online} />
    </div>
  )
}

function AwayDemo({ idleMs }: { idleMs: number }) {
  const { isAway } = useAutoAway({ idleMs })
  const { status } = useSelfStatus()
  return (
    <div className="pg-stack">
      <p>{isAway ? 'You are away' : 'You are here'}</p>
      <p>{`Custom status now: ${status?.customStatus ? `“${status.customStatus}”` : 'none'}`}</p>
      <Instructions>Move the pointer or press a key: the next input clears it.</Instructions>
    </div>
  )
}

function Instructions({ children }: { children: ReactNode }) {
  return <p className="pg-note">{children}</p>
}

/** Away when idle, with a short idle time: after 2 s without input, the own custom status says "Away". */
export const AutoAway: Story = {
  name: 'Away when idle (idleMs: 2 s)',
  loaders: [playground()],
  render: () => <AwayDemo idleMs={2000} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Custom status now: none')
    await canvas.findByText('You are away', undefined, { timeout: 10_000 })
    await canvas.findByText('Custom status now: “Away”')
    await userEvent.keyboard('a')
    await canvas.findByText('You are here')
    await canvas.findByText('Custom status now: none')
  },
}
