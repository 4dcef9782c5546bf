import type { Meta, StoryObj } from '@storybook/react-vite'
import { type ReactNode, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { PresenceBadge, UserStatusType } from '../src'
import { StatusDevtools } from '../src/devtools/production'
import { BackendButton, SetStatusButton } from './support/BackendButton'
import { fakeOnly, type PlaygroundBackend } from './support/createPlaygroundTim'
import { playground, usePlayground } from './support/playground'
import { onRealSdk } from './support/realSdk'
import { SdkControls, WatchList } from './support/SdkControls'

const CONTACTS = ['alice', 'bob', 'carol'] as const

function seed(backend: PlaygroundBackend) {
  backend.setStatus('alice', { statusType: UserStatusType.Online, customStatus: 'In a meeting' })
  backend.setStatus('bob', { statusType: UserStatusType.Offline })
}

/** The SDK's buttons, the contacts, the backend's buttons, and the devtools open (the static playground too). */
function FailureStage({ children }: { children?: ReactNode }) {
  return (
    <div className="pg-stack">
      <SdkControls />
      <div className="pg-columns">
        <WatchList userIDs={CONTACTS} />
        <section className="pg-card pg-stack" aria-label="Backend">
          <h3>Backend</h3>
          <div className="pg-row">{children}</div>
        </section>
      </div>
      <StatusDevtools initialIsOpen enabledInProduction />
    </div>
  )
}

function AliceButtons() {
  return (
    <>
      <SetStatusButton label="alice goes offline" userID="alice" statusType={UserStatusType.Offline} />
      <SetStatusButton label="alice comes back" userID="alice" statusType={UserStatusType.Online} />
    </>
  )
}

/** Makes the next three queries fail as a broken network would; press Retry (or wait) to see the retries. */
function FailNextQueries() {
  const { tim } = usePlayground()
  return (
    <BackendButton
      label="Next 3 queries fail (2800)"
      onClick={() => fakeOnly(tim).failNext('getUserStatus', { code: 2800, message: 'network error' }, 3)}
    />
  )
}

const meta = {
  title: 'Playground/Failures',
  component: FailureStage,
  parameters: {
    docs: {
      description: {
        component:
          'What the library does when things go wrong, each on the test double with the buttons to cause it and `<StatusDevtools>` open: the SDK not logged in yet, network failures and retries, the feature switched off (72001) or not in the plan (3122), a logout and a login again.',
      },
    },
  },
} satisfies Meta<typeof FailureStage>

export default meta
type Story = StoryObj<typeof meta>

const contacts = (canvasElement: HTMLElement) =>
  within(within(canvasElement).getByRole('region', { name: 'Contacts' }))
const sdk = (canvasElement: HTMLElement) => within(within(canvasElement).getByRole('region', { name: 'SDK' }))
/** The open devtools panel: readiness, budgets, the call log. */
const devtools = (canvasElement: HTMLElement) =>
  within(within(canvasElement).getByRole('region', { name: 'Presence devtools' }))
/** Rows of the devtools' call log, by their text (`query 3 failed 2800`). */
const calls = (canvasElement: HTMLElement, text: RegExp) =>
  devtools(canvasElement).queryAllByRole('row', { name: text })

/**
 * The provider is mounted before the app logged in: the badges wait (`unknown`), nothing is sent, and the
 * requests go out once the SDK is ready.
 */
export const NotLoggedInYet: Story = {
  name: 'Not logged in yet',
  loaders: [playground({ seed, login: null })],
  render: () => <FailureStage />,
  play: async ({ canvasElement }) => {
    await devtools(canvasElement).findByText('Not ready: not-logged-in')
    await expect(contacts(canvasElement).getAllByRole('img', { name: 'Status unknown' })).toHaveLength(3)
    await expect(devtools(canvasElement).getByText('No calls since the devtools were mounted.')).toBeVisible()

    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Log in as me' }))
    await devtools(canvasElement).findByText('Ready')
    await expect(devtools(canvasElement).getByText(/logged in as me/)).toBeVisible()
    const list = contacts(canvasElement)
    await expect(await list.findByRole('img', { name: 'Online: In a meeting' })).toHaveAttribute(
      'data-status',
      'online',
    )
    await expect(await list.findByRole('img', { name: 'Offline' })).toBeVisible()
    await expect(await list.findByRole('img', { name: 'Not logged in' })).toBeVisible()
  },
}

/**
 * The next three queries fail with a network error (2800). The engine retries with a growing delay (here
 * 250 ms, doubled each time); after the third failure the error is shown while it keeps trying, and the first
 * success clears it. Then the network goes down: a change pushed meanwhile is lost, and the engine asks again
 * when the network is back.
 */
export const NetworkFailures: Story = {
  name: 'Network failures and retries',
  loaders: [
    playground({
      seed,
      // Every change shows at once (no flap guard: the "Flap guard" story shows it).
      options: { retryDelayMs: 250, retriesBeforeError: 3, offlineDelayMs: 0 },
      prepare: (tim) => fakeOnly(tim).failNext('getUserStatus', { code: 2800, message: 'network error' }, 3),
      sdks: ['fake'],
    }),
  ],
  render: () => (
    <FailureStage>
      <FailNextQueries />
      <AliceButtons />
    </FailureStage>
  ),
  play: async ({ canvasElement }) => {
    const list = contacts(canvasElement)
    await expect(await list.findByRole('alert', {}, { timeout: 3000 })).toHaveTextContent('Error 2800')
    await expect(list.getAllByRole('img', { name: 'Status unknown' })).toHaveLength(3)
    // (The devtools read the log every 500 ms.)
    await waitFor(() => expect(calls(canvasElement, /query 3 failed 2800/)).toHaveLength(3))
    // The fourth try succeeds.
    await list.findByRole('img', { name: 'Online: In a meeting' }, { timeout: 3000 })
    await expect(list.queryByRole('alert')).toBeNull()
    await waitFor(() => expect(calls(canvasElement, /query 3 ok/)).toHaveLength(1))

    // A push sent while the network is down is lost; the engine asks again on reconnect.
    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Network down' }))
    await devtools(canvasElement).findByText('Not ready: offline')
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'alice goes offline' }))
    await expect(list.getByRole('img', { name: 'Online: In a meeting' })).toBeVisible()
    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Network back' }))
    await list.findByRole('img', { name: 'Offline: In a meeting' })
  },
}

/**
 * The user-status switch is off in the IM console (72001): every query and subscribe fails, the badges say
 * `unknown` (never `offline`) and the error says where to switch it on. Retry after switching it on.
 */
export const FeatureOff: Story = {
  name: 'Feature off in the console (72001)',
  loaders: [
    playground({
      seed: (backend) => {
        seed(backend)
        backend.setConsoleEnabled(false)
      },
    }),
  ],
  render: () => (
    <FailureStage>
      <ConsoleSwitch />
    </FailureStage>
  ),
  play: async ({ canvasElement }) => {
    const list = contacts(canvasElement)
    const alert = await list.findByRole('alert')
    await expect(alert).toHaveTextContent('Error 72001')
    await expect(alert).toHaveTextContent('is off in the IM console')
    await expect(list.getAllByRole('img', { name: 'Status unknown' })).toHaveLength(3)

    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Switch user status on' }))
    await userEvent.click(list.getByRole('button', { name: 'Retry' }))
    await list.findByRole('img', { name: 'Online: In a meeting' })
    await expect(list.queryByRole('alert')).toBeNull()
  },
}

function ConsoleSwitch() {
  const { tim } = usePlayground()
  return <BackendButton label="Switch user status on" onClick={() => tim.backend.setConsoleEnabled(true)} />
}

function PlanSwitch() {
  const { tim } = usePlayground()
  const [upgraded, setUpgraded] = useState(false)
  const upgrade = async () => {
    tim.backend.setPlanEnabled(true)
    // The real SDK checks the plan itself: it has the new one once the backend's push reached it.
    await tim.backend.delivered()
    setUpgraded(true)
  }
  return (
    <span className="pg-row">
      <BackendButton label="Upgrade the plan" onClick={() => void upgrade()} />
      {upgraded ? <span className="pg-muted">Plan upgraded</span> : null}
    </span>
  )
}

/**
 * The plan of the SDKAppID has no user status (3122, refused by the SDK itself): others' statuses fail with
 * guidance, while the own status still works. The engine asks twice more by itself (right after login the SDK
 * may not have loaded the plan yet); Retry asks at once.
 */
export const NotInPlan: Story = {
  name: 'Not in the plan (3122)',
  loaders: [
    playground({
      seed: (backend) => {
        seed(backend)
        backend.setPlanEnabled(false)
      },
    }),
  ],
  render: () => (
    <FailureStage>
      <PlanSwitch />
      <span className="pg-row">
        <span>Own status:</span>
        <PresenceBadge userID="me" />
      </span>
    </FailureStage>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = contacts(canvasElement)
    const alert = await list.findByRole('alert')
    await expect(alert).toHaveTextContent('Error 3122')
    await expect(alert).toHaveTextContent('Ultimate edition')
    await expect(list.getAllByRole('img', { name: 'Status unknown' })).toHaveLength(3)
    const backend = within(canvas.getByRole('region', { name: 'Backend' }))
    await expect(await backend.findByRole('img', { name: 'Online' })).toHaveAttribute('data-status', 'online')

    await userEvent.click(canvas.getByRole('button', { name: 'Upgrade the plan' }))
    await canvas.findByText('Plan upgraded')
    await userEvent.click(list.getByRole('button', { name: 'Retry' }))
    await list.findByRole('img', { name: 'Online: In a meeting' }, { timeout: 3000 })
    await expect(list.queryByRole('alert')).toBeNull()
  },
}

/**
 * Log out, let something change meanwhile, and log in again: every ID still in use is fetched and subscribed
 * again. The same after a kick-out by a login elsewhere.
 */
export const LogoutAndLoginAgain: Story = {
  name: 'Logout and login again',
  // The kick-out button is the double's.
  // Every change shows at once (no flap guard: the "Flap guard" story shows it).
  loaders: [playground({ seed, options: { offlineDelayMs: 0 }, sdks: ['fake'] })],
  render: () => (
    <FailureStage>
      <AliceButtons />
    </FailureStage>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = contacts(canvasElement)
    await list.findByRole('img', { name: 'Online: In a meeting' })

    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Log out' }))
    await devtools(canvasElement).findByText('Not ready: logged-out')
    await userEvent.click(canvas.getByRole('button', { name: 'alice goes offline' }))
    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Log in as me' }))
    await devtools(canvasElement).findByText('Ready')
    await list.findByRole('img', { name: 'Offline: In a meeting' })

    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Kick out (a login elsewhere)' }))
    await devtools(canvasElement).findByText('Not ready: kicked-out')
    await userEvent.click(canvas.getByRole('button', { name: 'alice comes back' }))
    await userEvent.click(sdk(canvasElement).getByRole('button', { name: 'Log in as me' }))
    await list.findByRole('img', { name: 'Online: In a meeting' })
    // Subscribed again after the new login: a change arrives live.
    await list.findByText('live updates: 3 of 3 subscribed')
    await userEvent.click(canvas.getByRole('button', { name: 'alice goes offline' }))
    await list.findByRole('img', { name: 'Offline: In a meeting' })
  },
}

/** `Not in the plan` on the unmodified `@tencentcloud/chat`: the 3122 comes from the SDK's own plan check. */
export const NotInPlanOnRealSdk: Story = onRealSdk(NotInPlan)
