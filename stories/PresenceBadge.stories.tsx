import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { PresenceBadge, type PresenceLabels, UserStatusType, useSubscription } from '../src'
import { fakeOnly, type PlaygroundBackend } from './support/createPlaygroundTim'
import { type Playground, playground, usePlayground } from './support/playground'
import { onRealSdk } from './support/realSdk'
import { StatusCaption } from './support/StatusCaption'

/** Who is who in the backend of these stories. */
function seed(backend: PlaygroundBackend) {
  backend.setStatus('alice', { statusType: UserStatusType.Online, customStatus: 'In a meeting' })
  backend.setStatus('bob', { statusType: UserStatusType.Offline })
  // carol never logged in: the backend says UNLOGINED (3) by itself.
  backend.setStatus('dave', { statusType: UserStatusType.Unknown })
  backend.setStatus('lilei', { statusType: UserStatusType.Online, customStatus: '开会中' })
}

const CHINESE: PresenceLabels = { online: '在线', offline: '离线', unlogined: '未登录', unknown: '状态未知' }

const meta = {
  title: 'Components/PresenceBadge',
  component: PresenceBadge,
  args: { userID: 'alice', subscribe: true, showCustomStatus: false },
  argTypes: {
    userID: { control: 'select', options: ['alice', 'bob', 'carol', 'dave', 'lilei'] },
  },
  loaders: [playground({ seed })],
  render: (args) => (
    <div className="pg-row">
      <PresenceBadge {...args} />
      <StatusCaption userID={args.userID} />
    </div>
  ),
  parameters: {
    docs: {
      description: {
        component:
          'One `<span role="img">` per user: `data-status` is `online`, `offline`, `unlogined` or `unknown`, the accessible name says the state in words (and the custom status when `showCustomStatus`), and the shape differs per state, so colour is never the only signal. Unstyled apart from the optional `react-tim-status/styles.css`, themed through `--rts-*` variables. The caption beside each badge is what `useUserStatus` says about the same user.',
      },
    },
  },
} satisfies Meta<typeof PresenceBadge>

export default meta
type Story = StoryObj<typeof meta>

/** A user who is logged in somewhere. */
export const Online: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await canvas.findByRole('img', { name: 'Online' })
    await expect(badge).toHaveAttribute('data-status', 'online')
    await expect(canvas.getByText('alice: statusType 1, custom status "In a meeting"')).toBeVisible()
  },
}

/** A user whose status is offline (logged in, app in the background). */
export const Offline: Story = {
  args: { userID: 'bob' },
  play: async ({ canvasElement }) => {
    const badge = await within(canvasElement).findByRole('img', { name: 'Offline' })
    await expect(badge).toHaveAttribute('data-status', 'offline')
  },
}

/** A user who is not logged in anywhere (never was, or logged out). */
export const Unlogined: Story = {
  args: { userID: 'carol' },
  play: async ({ canvasElement }) => {
    const badge = await within(canvasElement).findByRole('img', { name: 'Not logged in' })
    await expect(badge).toHaveAttribute('data-status', 'unlogined')
  },
}

/** The backend answered `statusType: 0` (unknown). */
export const Unknown: Story = {
  args: { userID: 'dave' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('dave: statusType 0')
    await expect(canvas.getByRole('img', { name: 'Status unknown' })).toHaveAttribute(
      'data-status',
      'unknown',
    )
  },
}

/** While the first answer is on its way (here the network never answers), the badge says `unknown`. */
export const Loading: Story = {
  loaders: [playground({ seed, prepare: (tim) => fakeOnly(tim).setLatency(10 * 60_000), sdks: ['fake'] })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('alice: loading…')
    await expect(canvas.getByRole('img', { name: 'Status unknown' })).toHaveAttribute(
      'data-status',
      'unknown',
    )
  },
}

/**
 * The user-status switch is off in the IM console: every query fails with 72001. The badge says `unknown`,
 * never `offline`, and `useUserStatus` reports the error with what to do.
 */
export const FeatureOff: Story = {
  name: 'Feature off (72001)',
  loaders: [
    playground({
      seed: (backend) => {
        seed(backend)
        backend.setConsoleEnabled(false)
      },
    }),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveTextContent('error 72001')
    await expect(alert).toHaveTextContent('is off in the IM console')
    await expect(canvas.getByRole('img', { name: 'Status unknown' })).toHaveAttribute(
      'data-status',
      'unknown',
    )
  },
}

/** `showCustomStatus` shows the custom status as text and says it in the accessible name. */
export const CustomStatus: Story = {
  args: { showCustomStatus: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const badge = await canvas.findByRole('img', { name: 'Online: In a meeting' })
    await expect(badge).toHaveTextContent('In a meeting')
    await expect(badge).toHaveAttribute('title', 'Online: In a meeting')
  },
}

/** `labels` translates the words of the accessible name (here into Chinese). */
export const CustomLabels: Story = {
  args: { userID: 'lilei', showCustomStatus: true, labels: CHINESE },
  render: (args) => (
    <div className="pg-stack">
      <PresenceBadge {...args} />
      {['bob', 'carol', 'dave'].map((userID) => (
        <PresenceBadge key={userID} {...args} userID={userID} />
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole('img', { name: '在线: 开会中' })).toHaveAttribute(
      'data-status',
      'online',
    )
    await expect(await canvas.findByRole('img', { name: '离线' })).toHaveAttribute('data-status', 'offline')
    await expect(await canvas.findByRole('img', { name: '未登录' })).toHaveAttribute(
      'data-status',
      'unlogined',
    )
    await expect(await canvas.findByRole('img', { name: '状态未知' })).toHaveAttribute(
      'data-status',
      'unknown',
    )
  },
}

const STATES = [
  ['alice', 'Online', 'online'],
  ['bob', 'Offline', 'offline'],
  ['carol', 'Not logged in', 'unlogined'],
  ['dave', 'Status unknown', 'unknown'],
] as const

function ThemeRow({ theme }: { theme: 'light' | 'dark' }) {
  return (
    <section aria-label={`${theme} theme`} className="rts-playground" data-theme={theme}>
      <div className="pg-theme-grid">
        <strong>{theme}</strong>
        {STATES.map(([userID]) => (
          <PresenceBadge key={userID} userID={userID} showCustomStatus />
        ))}
      </div>
    </section>
  )
}

/** Every state, in the light theme and in a dark one made only of `--rts-*` variables. */
export const Themes: Story = {
  render: () => (
    <div className="pg-stack">
      <ThemeRow theme="light" />
      <ThemeRow theme="dark" />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    for (const theme of ['light', 'dark'] as const) {
      const row = within(canvas.getByRole('region', { name: `${theme} theme` }))
      for (const [, name, state] of STATES) {
        const badge = await row.findByRole('img', { name: name === 'Online' ? 'Online: In a meeting' : name })
        await expect(badge).toHaveAttribute('data-status', state)
      }
    }
    // The dot is the badge's ::before; its colour comes from --rts-online, which the dark theme overrides.
    const dot = (theme: string) => {
      const row = within(canvas.getByRole('region', { name: `${theme} theme` }))
      return getComputedStyle(row.getByRole('img', { name: /^Online/ }), '::before').backgroundColor
    }
    // (waitFor: the stylesheet fades the dot in over 150 ms.)
    await waitFor(() => expect(dot('light')).toBe('rgb(22, 163, 74)'))
    await waitFor(() => expect(dot('dark')).toBe('rgb(74, 222, 128)'))
  },
}

/** The whole story in the dark theme (the toolbar's Theme switch does the same for any story). */
export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  args: { showCustomStatus: true },
  play: async ({ canvasElement }) => {
    const badge = await within(canvasElement).findByRole('img', { name: 'Online: In a meeting' })
    await expect(badge.closest('[data-theme]')).toHaveAttribute('data-theme', 'dark')
    await expect(getComputedStyle(badge).getPropertyValue('--rts-online').trim()).toBe('#4ade80')
  },
}

function GoOffline({ userID }: { userID: string }) {
  const { tim } = usePlayground()
  const { subscribed } = useSubscription([userID])
  return (
    <div className="pg-row">
      <span>{subscribed.includes(userID) ? 'Live updates on' : 'Subscribing…'}</span>
      <button
        type="button"
        onClick={() => tim.backend.setStatus(userID, { statusType: UserStatusType.Offline })}
      >
        {`${userID} goes offline`}
      </button>
      <button
        type="button"
        onClick={() => tim.backend.setStatus(userID, { statusType: UserStatusType.Online })}
      >
        {`${userID} comes back`}
      </button>
    </div>
  )
}

/** With `subscribe` (the default) the badge follows the user's changes as the backend pushes them. */
export const Live: Story = {
  render: (args) => (
    <div className="pg-stack">
      <div className="pg-row">
        <PresenceBadge {...args} />
        <StatusCaption userID={args.userID} />
      </div>
      <GoOffline userID={args.userID} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByRole('img', { name: 'Online' })
    // Changes are pushed only once the subscription is confirmed.
    await canvas.findByText('Live updates on')
    await userEvent.click(canvas.getByRole('button', { name: 'alice goes offline' }))
    // After the flap guard's 5 s (offlineDelayMs): a drop from online that lasts.
    await waitFor(() => expect(canvas.getByRole('img', { name: 'Offline' })).toBeVisible(), {
      timeout: 10_000,
    })
    await userEvent.click(canvas.getByRole('button', { name: 'alice comes back' }))
    await waitFor(() => expect(canvas.getByRole('img', { name: 'Online' })).toBeVisible())
  },
}

/** `Live` on the unmodified `@tencentcloud/chat`, logged in to the local IM backend in the page. */
export const LiveOnRealSdk: Story = onRealSdk(Live)

/** A chat opened in a page already up: its header mounts with one badge. */
function OpenChat({ userID }: { userID: string }) {
  const [open, setOpen] = useState(false)
  return (
    <div className="pg-stack">
      <button type="button" onClick={() => setOpen(true)} disabled={open}>
        {`Open the chat with ${userID}`}
      </button>
      {open && (
        <header className="pg-row">
          <PresenceBadge userID={userID} />
          <strong>{userID}</strong>
        </header>
      )}
    </div>
  )
}

/** Animation frames from now until `done()` holds (checked once a frame). */
function framesUntil(done: () => boolean, most = 600): Promise<number> {
  return new Promise((resolve, reject) => {
    let frames = 0
    const tick = () => {
      if (done()) resolve(frames)
      else if (++frames > most) reject(new Error(`not within ${most} frames`))
      else requestAnimationFrame(tick)
    }
    tick()
  })
}

/**
 * A chat header mounted into a provider already up and ready (issue 22): nothing scrolls, so the badge asks at its
 * first visibility report, not after the 150 ms dwell that keeps flung rows free, and shows its status one round
 * trip later. The play function counts animation frames from the click to the query (a 150 ms dwell is 9 of them),
 * and calls.
 */
export const ChatHeaderAtMount: Story = {
  name: 'Chat header at mount: one round trip',
  render: (args) => <OpenChat userID={args.userID} />,
  play: async ({ canvasElement, loaded }) => {
    const { tim } = loaded.playground as Playground
    const canvas = within(canvasElement)
    const queries = () =>
      tim.calls.filter((call) => call.api === 'getUserStatus' && call.userIDList?.includes('alice'))
    await userEvent.click(canvas.getByRole('button', { name: 'Open the chat with alice' }))
    const frames = await framesUntil(() => queries().length > 0)
    await expect(frames, 'frames from the mount to the query').toBeLessThanOrEqual(3)
    await canvas.findByRole('img', { name: 'Online' }, { timeout: 5000 })
    await expect(queries(), 'queries for the header').toHaveLength(1)
  },
}
