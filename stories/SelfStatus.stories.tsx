import type { Meta, StoryObj } from '@storybook/react-vite'
import type { ReactNode } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { PresenceBadge, StatusProvider } from '../src'
import { CallLog } from './support/CallLog'
import {
  createPlaygroundBackend,
  createPlaygroundTim,
  fakeOnly,
  loginAs,
  type PlaygroundTim,
} from './support/createPlaygroundTim'
import { type Playground, playground, sdkOf, usePlayground } from './support/playground'
import { onRealSdk } from './support/realSdk'
import { SelfStatusEditor } from './support/SelfStatusEditor'

function EditorWithControls() {
  const { tim } = usePlayground()
  return (
    <div className="pg-columns">
      <section className="pg-card" aria-label="Editor">
        <SelfStatusEditor />
      </section>
      <section className="pg-card pg-stack" aria-label="Backend">
        <div className="pg-row">
          <button
            type="button"
            onClick={() => fakeOnly(tim).failNext('setSelfStatus', { code: 2800, message: 'network error' })}
          >
            Make the next set fail (2800)
          </button>
        </div>
        <CallLog tim={tim} count={6} />
      </section>
    </div>
  )
}

const meta = {
  title: 'Playground/Self status',
  component: SelfStatusEditor,
  parameters: {
    docs: {
      description: {
        component:
          '`useSelfStatus()` gives the own status (kept live by events from every device) and `setCustomStatus` / `clearCustomStatus`. A custom status holds at most 100 UTF-8 bytes; a longer one is refused with a clear error before anything is sent. Own status needs no paid plan and is not rate limited.',
      },
    },
  },
} satisfies Meta<typeof SelfStatusEditor>

export default meta
type Story = StoryObj<typeof meta>

/**
 * Set and clear the own custom status. The byte counter counts UTF-8 bytes: 34 Chinese characters are 102
 * bytes, over the limit, so the library refuses them without calling the SDK. A network failure shows as an error
 * and the next try succeeds.
 */
export const Editor: Story = {
  // The failure button is the double's.
  loaders: [playground({ sdks: ['fake'] })],
  render: () => <EditorWithControls />,
  play: async ({ canvasElement, loaded }) => {
    const { tim } = loaded.playground as Playground
    /** The custom statuses the SDK was asked to set, in order (the double's own call list). */
    const setCalls = () =>
      tim.calls.filter((call) => call.api === 'setSelfStatus').map((call) => call.customStatus)
    const canvas = within(canvasElement)
    const editor = within(canvas.getByRole('region', { name: 'Editor' }))
    const log = () => within(canvas.getByRole('list', { name: 'Last SDK calls' }))
    const input = editor.getByLabelText('Custom status')
    await editor.findByText('Custom status now: none')
    await expect(editor.getByRole('img', { name: 'Online' })).toHaveAttribute('data-status', 'online')

    await userEvent.type(input, 'In a meeting')
    await expect(editor.getByText('12 / 100 bytes')).toBeVisible()
    await userEvent.click(editor.getByRole('button', { name: 'Set' }))
    await editor.findByText('Custom status now: “In a meeting”')
    await waitFor(() => expect(log().getAllByText(/setSelfStatus/)).toHaveLength(1))

    // 34 × 开 = 102 bytes: refused before the SDK is called.
    await userEvent.clear(input)
    await userEvent.click(input)
    await userEvent.paste('开'.repeat(34))
    await expect(editor.getByText('102 / 100 bytes')).toBeVisible()
    await userEvent.click(editor.getByRole('button', { name: 'Set' }))
    await expect(await editor.findByRole('alert')).toHaveTextContent('102 bytes')
    await expect(editor.getByText('Custom status now: “In a meeting”')).toBeVisible()
    // Nothing was sent for it: the SDK's own call list, which records a call as it is made (the log on screen only
    // catches up every 200 ms).
    await expect(setCalls()).toEqual(['In a meeting'])

    // A network failure is shown; the next try goes through and clears the error.
    await userEvent.click(canvas.getByRole('button', { name: 'Make the next set fail (2800)' }))
    await userEvent.clear(input)
    await userEvent.type(input, 'Back at 3')
    await userEvent.click(editor.getByRole('button', { name: 'Set' }))
    await waitFor(() => expect(editor.getByRole('alert')).toHaveTextContent('Error 2800'))
    await userEvent.click(editor.getByRole('button', { name: 'Set' }))
    await editor.findByText('Custom status now: “Back at 3”')
    await expect(editor.queryByRole('alert')).toBeNull()

    await userEvent.click(editor.getByRole('button', { name: 'Clear' }))
    await editor.findByText('Custom status now: none')
    // The refused text never went out later either: every call the SDK got, in order.
    await expect(setCalls()).toEqual(['In a meeting', 'Back at 3', 'Back at 3', ''])
  },
}

interface Sessions {
  laptop: PlaygroundTim
  phone: PlaygroundTim
  alice: PlaygroundTim
}

function Session({ tim, label, children }: { tim: PlaygroundTim; label: string; children: ReactNode }) {
  return (
    <section className="pg-card pg-stack" aria-label={label}>
      <h2>{label}</h2>
      <StatusProvider tim={tim}>{children}</StatusProvider>
    </section>
  )
}

/**
 * One user (`me`) logged in on two devices, each with its own SDK instance and `<StatusProvider>`, over one
 * backend; a third session, alice's, watches `me`. A change made on one device reaches the other and alice.
 */
export const TwoSessions: Story = {
  name: 'Two sessions of one user',
  loaders: [
    async (context) => {
      const sdk = sdkOf(context)
      const backend = createPlaygroundBackend(sdk)
      const sessions: Sessions = {
        laptop: await createPlaygroundTim({ sdk, backend }),
        phone: await createPlaygroundTim({ sdk, backend }),
        alice: await createPlaygroundTim({ sdk, backend }),
      }
      await Promise.all([
        loginAs(sessions.laptop, 'me'),
        loginAs(sessions.phone, 'me'),
        loginAs(sessions.alice, 'alice'),
      ])
      return { sessions }
    },
  ],
  render: (_args, { loaded }) => {
    const { laptop, phone, alice } = loaded.sessions as Sessions
    return (
      <div className="pg-columns">
        <Session tim={laptop} label="me on the laptop">
          <SelfStatusEditor />
        </Session>
        <Session tim={phone} label="me on the phone">
          <SelfStatusEditor />
        </Session>
        <Session tim={alice} label="alice, watching me">
          <div className="pg-row">
            <span>me:</span>
            <PresenceBadge userID="me" showCustomStatus />
          </div>
        </Session>
      </div>
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const laptop = within(canvas.getByRole('region', { name: 'me on the laptop' }))
    const phone = within(canvas.getByRole('region', { name: 'me on the phone' }))
    const alice = within(canvas.getByRole('region', { name: 'alice, watching me' }))
    await laptop.findByText('Custom status now: none')
    await phone.findByText('Custom status now: none')
    await alice.findByRole('img', { name: 'Online' })

    await userEvent.type(laptop.getByLabelText('Custom status'), 'On the train')
    await userEvent.click(laptop.getByRole('button', { name: 'Set' }))
    await laptop.findByText('Custom status now: “On the train”')
    await phone.findByText('Custom status now: “On the train”')
    await alice.findByRole('img', { name: 'Online: On the train' })

    await userEvent.click(phone.getByRole('button', { name: 'Clear' }))
    await phone.findByText('Custom status now: none')
    await laptop.findByText('Custom status now: none')
    await alice.findByRole('img', { name: 'Online' })
  },
}

/**
 * The same three sessions as three instances of the unmodified `@tencentcloud/chat` (each with its own
 * SDKAppID: the SDK keeps one instance per SDKAppID) over one local IM: the SDK's own push of the own status.
 */
export const TwoSessionsOnRealSdk: Story = onRealSdk(TwoSessions)
