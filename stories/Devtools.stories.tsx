import type { Meta, StoryObj } from '@storybook/react-vite'
import axe from 'axe-core'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { PresenceBadge, UserStatusType, useStatusClient } from '../src'
import { StatusDevtools, type StatusDevtoolsProps } from '../src/devtools/production'
import { fakeOnly, loginAs, type PlaygroundBackend } from './support/createPlaygroundTim'
import { playground, usePlayground } from './support/playground'
import { readFigure } from './support/readTable'

const CONTACTS = ['alice', 'bob'] as const
/** 25 users asked one per call (`limits.query: 1`): more than the 20 calls of the 5 s budget. */
const BURST = Array.from({ length: 25 }, (_, index) => `burst${String(index + 1).padStart(2, '0')}`)

function seed(backend: PlaygroundBackend) {
  backend.setStatus('alice', { statusType: UserStatusType.Online, customStatus: 'In a meeting' })
  backend.setStatus('bob', { statusType: UserStatusType.Offline })
}

/** Two live contacts, and the buttons that script the scenario: a burst, a 72001, a logout and a login. */
function DevtoolsStage(props: StatusDevtoolsProps) {
  const { tim, userID } = usePlayground()
  const client = useStatusClient()
  const [carol, setCarol] = useState(false)
  return (
    <div className="pg-stack">
      <ul aria-label="Contacts" className="pg-stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {CONTACTS.map((id) => (
          <li key={id} className="pg-row">
            {id} <PresenceBadge userID={id} subscribe showCustomStatus />
          </li>
        ))}
        {carol ? (
          <li className="pg-row">
            carol <PresenceBadge userID="carol" subscribe />
          </li>
        ) : null}
      </ul>
      <div className="pg-row">
        <button type="button" onClick={() => client.fetch(BURST).catch(() => {})}>
          {`Ask for ${BURST.length} users`}
        </button>
        <button
          type="button"
          onClick={() => {
            fakeOnly(tim).failNext('subscribeUserStatus', { code: 72001, message: 'user status is off' })
            setCarol(true)
          }}
        >
          Show carol (the subscribe fails with 72001)
        </button>
        <button type="button" onClick={() => void tim.logout()}>
          Log out
        </button>
        <button type="button" onClick={() => void loginAs(tim, userID)}>
          {`Log in as ${userID}`}
        </button>
      </div>
      <StatusDevtools {...props} />
    </div>
  )
}

const meta = {
  title: 'Playground/Devtools',
  component: DevtoolsStage,
  tags: ['!autodocs'],
  // The static playground is a production build: the devtools are asked for there, as an app would.
  args: { initialIsOpen: true, position: 'bottom-right', enabledInProduction: true },
  argTypes: {
    position: { control: 'inline-radio', options: ['bottom-right', 'bottom-left', 'top-right', 'top-left'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          '`<StatusDevtools />` of `react-tim-status/devtools`: readiness, the budget of each API family, the subscriptions, the queue, the last 100 calls and one ID looked up.',
      },
    },
  },
  // One ID per query, so that a burst of 25 users fills the budget of 20 calls per 5 s.
  loaders: [playground({ seed, options: { limits: { query: 1 } }, sdks: ['fake'] })],
} satisfies Meta<typeof DevtoolsStage>

export default meta
type Story = StoryObj<typeof meta>

/** Waits on the SDK's latency and the panel's refresh (every 500 ms). */
const LONG = { timeout: 5000 }

async function violations(element: Element) {
  const result = await axe.run(element)
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' ')}`,
  )
}

/** Open from the start, on two live contacts: what people see first. */
export const Devtools: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const panel = within(canvas.getByRole('region', { name: 'Presence devtools' }))
    await waitFor(
      () => expect(readFigure(canvasElement, 'Subscriptions', 'held', 'count')).toBe('2 / 200'),
      LONG,
    )
    await expect(panel.getByText('Ready')).toBeVisible()
  },
}

/**
 * Closed at first. The play function opens it from the keyboard, then scripts a burst that fills the query budget,
 * a subscribe refused with 72001 and a logout, checking each section as it goes, and axe on the open panel.
 */
export const Scenario: Story = {
  name: 'Burst, 72001 and logout',
  args: { initialIsOpen: false },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const toggle = canvas.getByRole('button', { name: 'Presence devtools' })
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await expect(canvas.queryByRole('region', { name: 'Presence devtools' })).toBeNull()
    await canvas.findByRole('img', { name: 'Online: In a meeting' }, LONG)

    // Opened from the keyboard: focus goes into the panel; Escape closes it and gives focus back to the toggle.
    toggle.focus()
    await userEvent.keyboard('{Enter}')
    const region = await canvas.findByRole('region', { name: 'Presence devtools' })
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    await expect(toggle).toHaveAttribute('aria-controls', region.id)
    await waitFor(() => expect(region).toHaveFocus())
    await userEvent.keyboard('{Escape}')
    await expect(canvas.queryByRole('region', { name: 'Presence devtools' })).toBeNull()
    await expect(toggle).toHaveFocus()
    await userEvent.click(toggle)
    const panel = within(await canvas.findByRole('region', { name: 'Presence devtools' }))

    // Readiness and subscriptions: two live contacts, one query each (limits.query is 1).
    await expect(panel.getByText('Ready')).toBeVisible()
    await expect(panel.getByText(/logged in as me/)).toBeVisible()
    await waitFor(
      () => expect(readFigure(canvasElement, 'Subscriptions', 'held', 'IDs')).toBe('alice, bob'),
      LONG,
    )
    await expect(readFigure(canvasElement, 'Subscriptions', 'live (wanted, within the cap)', 'count')).toBe(
      '2',
    )
    await expect(await violations(canvasElement)).toEqual([])

    // A burst of 25 users, one per call: the query budget is spent, 5 IDs wait for the next free slot.
    await userEvent.click(canvas.getByRole('button', { name: 'Ask for 25 users' }))
    await waitFor(() => {
      expect(readFigure(canvasElement, /^Budget/, 'query', 'calls in window')).toBe('20 / 20')
      expect(readFigure(canvasElement, /^Budget/, 'query', 'budget left')).toBe('0')
      expect(readFigure(canvasElement, /^Budget/, 'query', 'next free slot')).toMatch(/^in \d+\.\d s$/)
      expect(Number(readFigure(canvasElement, 'Queue', 'query', 'queued'))).toBeGreaterThan(0)
    }, LONG)
    await expect(readFigure(canvasElement, 'Queue', 'query', 'queued IDs')).toMatch(
      /^burst\d\d(, burst\d\d)*$/,
    )
    await expect(readFigure(canvasElement, /^Budget/, 'subscribe', 'budget left')).not.toBe('0')

    // A subscribe refused with 72001: the call log says what to do, and so does the lookup of the ID.
    await userEvent.click(canvas.getByRole('button', { name: /Show carol/ }))
    const failed = await panel.findByRole('row', { name: /subscribe 1 failed 72001/ }, LONG)
    await expect(failed).toHaveTextContent('switch it on under Feature Configuration')
    await userEvent.type(panel.getByRole('searchbox', { name: 'Look up a user ID' }), 'carol')
    await waitFor(
      () => expect(readFigure(canvasElement, 'User carol', 'last error')).toMatch(/^72001: /),
      LONG,
    )
    await expect(readFigure(canvasElement, 'User carol', 'live')).toBe('no, its subscription was refused')
    await userEvent.clear(panel.getByRole('searchbox', { name: 'Look up a user ID' }))
    await userEvent.type(panel.getByRole('searchbox', { name: 'Look up a user ID' }), 'alice')
    await waitFor(() =>
      expect(readFigure(canvasElement, 'User alice', 'status')).toBe('Online: In a meeting'),
    )
    await expect(readFigure(canvasElement, 'User alice', 'retained by')).toBe(
      '1 fetching, 1 live (1 on screen)',
    )
    await expect(readFigure(canvasElement, 'User alice', 'live')).toBe('yes, subscribed')
    await expect(await violations(canvasElement)).toEqual([])

    // A logout: not ready, and why. After the next login everything still shown is subscribed again, carol too.
    await userEvent.click(canvas.getByRole('button', { name: 'Log out' }))
    await panel.findByText('Not ready: logged-out', undefined, LONG)
    await expect(panel.getByText(/requests wait for the next login/)).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Log in as me' }))
    await panel.findByText('Ready', undefined, LONG)
    await waitFor(
      () => expect(readFigure(canvasElement, 'Subscriptions', 'held', 'IDs')).toBe('alice, bob, carol'),
      LONG,
    )
  },
}
