import type { Meta, StoryObj } from '@storybook/react-vite'
import { useId } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { UserStatusType, useStatusClient, useSubscription, useUserStatus } from '../src'
import { inspectEngine } from '../src/testing'
import { CallLog } from './support/CallLog'
import type { PlaygroundBackend } from './support/createPlaygroundTim'
import { playground, usePlayground } from './support/playground'
import { SelfStatusEditor } from './support/SelfStatusEditor'
import { useTicker } from './support/useTicker'

const STATUS_NAMES = ['unknown', 'online', 'offline', 'unlogined'] as const

function seed(backend: PlaygroundBackend) {
  backend.setStatus('alice', { statusType: UserStatusType.Online, customStatus: 'In a meeting' })
  backend.setStatus('bob', { statusType: UserStatusType.Offline })
  // A user the backend answers in failureUserList.
  backend.setUserError('ghost', { code: 70107, message: 'user does not exist' })
}

/** Props of the `useUserStatus` demo: the hook's own arguments. */
interface UserStatusTableProps {
  userIDs: string[]
  subscribe: boolean
}

/** A table of what `useUserStatus(userIDs, { subscribe })` returns. */
function UserStatusTable({ userIDs, subscribe }: UserStatusTableProps) {
  const { statuses, isLoading, error, failures, refetch } = useUserStatus(userIDs, { subscribe })
  const { tim } = usePlayground()
  return (
    <div className="pg-columns">
      <div className="pg-stack">
        <table className="pg-table">
          <caption>useUserStatus</caption>
          <thead>
            <tr>
              <th scope="col">userID</th>
              <th scope="col">statusType</th>
              <th scope="col">customStatus</th>
              <th scope="col">failure</th>
            </tr>
          </thead>
          <tbody>
            {userIDs.map((id) => {
              const status = statuses[id]
              return (
                <tr key={id}>
                  <th scope="row">{id}</th>
                  <td>
                    {status ? `${status.statusType} (${STATUS_NAMES[status.statusType]})` : 'undefined'}
                  </td>
                  <td>{status?.customStatus || '–'}</td>
                  <td>{failures[id] ? `${failures[id].code}: ${failures[id].message}` : '–'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <div className="pg-row">
          <span>{`isLoading: ${isLoading}`}</span>
          <span>{`error: ${error ? `${error.code} ${error.message}` : 'null'}`}</span>
          <button type="button" onClick={() => refetch().catch(() => {})}>
            refetch()
          </button>
        </div>
      </div>
      <CallLog tim={tim} count={6} />
    </div>
  )
}

const meta = {
  title: 'API/Hooks',
  component: UserStatusTable,
  args: { userIDs: ['alice', 'bob', 'carol', 'ghost'], subscribe: false },
  loaders: [playground({ seed })],
  parameters: {
    docs: {
      description: {
        component: [
          'The hooks read the store of the nearest `<StatusProvider>` and render known statuses on the first render. Calls from all the components of one commit are merged into the fewest SDK calls.',
          '',
          '- `useUserStatus(userIDs, { subscribe?, enabled? })` → `{ statuses, isLoading, error, failures, refetch }`',
          '- `useSubscription(userIDs, { enabled? })` → `{ subscribed, isPending, error, failures }`: live changes without fetching',
          '- `useSelfStatus()` → `{ status, setCustomStatus, clearCustomStatus, isUpdating, error }`',
          '- `useStatusClient()` → the engine (`createStatusClient`) for what the hooks do not cover, such as `fetch()`; `inspectEngine(client)` of `react-tim-status/testing` shows its budgets and subscriptions',
        ].join('\n'),
      },
    },
  },
} satisfies Meta<typeof UserStatusTable>

export default meta
type Story = StoryObj<typeof meta>

/**
 * `useUserStatus` for four IDs: known statuses, an ID the backend never saw (UNLOGINED), and one answered in
 * `failureUserList` (in `failures`, not `error`). All four went out in one `getUserStatus` call.
 */
export const UseUserStatus: Story = {
  name: 'useUserStatus',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('1 (online)')
    await expect(canvas.getByText('In a meeting')).toBeVisible()
    await expect(canvas.getByText('2 (offline)')).toBeVisible()
    await expect(canvas.getByText('3 (unlogined)')).toBeVisible()
    await expect(canvas.getByText('70107: user ghost: user does not exist (70107)')).toBeVisible()
    await expect(canvas.getByText('isLoading: false')).toBeVisible()
    await expect(canvas.getByText('error: null')).toBeVisible()
    const log = within(canvas.getByRole('list', { name: 'Last SDK calls' }))
    await expect(await log.findByText(/getUserStatus 4 IDs ok/)).toBeVisible()
  },
}

/** With `subscribe: true` the statuses stay live: the backend pushes changes to this session. */
export const UseUserStatusLive: Story = {
  name: 'useUserStatus, subscribed',
  args: { userIDs: ['alice', 'bob'], subscribe: true },
  render: (args) => (
    <div className="pg-stack">
      <UserStatusTable {...args} />
      <BobComesOnline />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('2 (offline)')
    const log = within(canvas.getByRole('list', { name: 'Last SDK calls' }))
    await log.findByText(/subscribeUserStatus 2 IDs ok/)
    await userEvent.click(canvas.getByRole('button', { name: 'bob comes online' }))
    await waitFor(() => expect(canvas.getAllByText('1 (online)')).toHaveLength(2))
  },
}

function BobComesOnline() {
  const { tim } = usePlayground()
  return (
    <button type="button" onClick={() => tim.backend.setStatus('bob', { statusType: UserStatusType.Online })}>
      bob comes online
    </button>
  )
}

function SubscriptionDemo({ userIDs }: { userIDs: string[] }) {
  const { subscribed, isPending, failures } = useSubscription(userIDs)
  return (
    <ul className="pg-stack">
      <li>{`subscribed: ${subscribed.join(', ') || 'none'}`}</li>
      <li>{`isPending: ${isPending}`}</li>
      <li>{`failures: ${Object.keys(failures).join(', ') || 'none'}`}</li>
    </ul>
  )
}

/** `useSubscription` holds subscriptions (reference-counted across the provider) without fetching. */
export const UseSubscription: Story = {
  name: 'useSubscription',
  args: { userIDs: ['alice', 'bob', 'ghost'] },
  render: (args) => <SubscriptionDemo userIDs={args.userIDs} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('subscribed: alice, bob')
    await expect(canvas.getByText('isPending: false')).toBeVisible()
    await expect(canvas.getByText('failures: ghost')).toBeVisible()
  },
}

/** `useSelfStatus`: the editor of the Playground's Self status page. */
export const UseSelfStatus: Story = {
  name: 'useSelfStatus',
  render: () => <SelfStatusEditor />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await canvas.findByText('Custom status now: none')
    await userEvent.type(canvas.getByLabelText('Custom status'), 'Lunch')
    await userEvent.click(canvas.getByRole('button', { name: 'Set' }))
    await canvas.findByText('Custom status now: “Lunch”')
  },
}

function EngineInfo() {
  const client = useStatusClient()
  useTicker(250)
  const id = useId()
  const engine = inspectEngine(client)
  const summary = engine && {
    readiness: engine.readiness,
    userID: engine.userID,
    budgetLeft: Object.fromEntries(
      Object.entries(engine.families).map(([family, state]) => [family, state.limit - state.used]),
    ),
    subscribed: engine.server.present,
    polled: engine.polled,
  }
  return (
    <figure aria-labelledby={id}>
      <figcaption id={id}>inspectEngine(client)</figcaption>
      <pre>{JSON.stringify(summary, null, 2)}</pre>
    </figure>
  )
}

/**
 * `useStatusClient()` with the inspection API of `react-tim-status/testing`: readiness, the budget left per API
 * family, what is subscribed and what is past the cap.
 */
export const UseStatusClient: Story = {
  name: 'useStatusClient',
  render: (args) => (
    <div className="pg-columns">
      <UserStatusTable {...args} subscribe />
      <EngineInfo />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const info = canvas.getByRole('figure', { name: 'inspectEngine(client)' })
    await canvas.findByText('1 (online)')
    await waitFor(() => {
      expect(info).toHaveTextContent('"readiness": "ready"')
      expect(info).toHaveTextContent('"userID": "me"')
      // One query and one subscribe were sent: 19 of 20 left in this 5 s window.
      expect(info).toHaveTextContent('"query": 19')
      expect(info).toHaveTextContent('"subscribe": 19')
    })
  },
}
