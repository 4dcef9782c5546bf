import type { Meta, StoryObj } from '@storybook/react-vite'
import { Component, type ReactNode } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { createStatusClient, PresenceBadge, StatusProvider, UserStatusType, useUserStatus } from '../src'
import { createPlaygroundTim, loginAs, type PlaygroundTim } from './support/createPlaygroundTim'
import { sdkOf } from './support/playground'
import { onRealSdk } from './support/realSdk'

/** A logged-in SDK instance whose backend says alice is `statusType`. */
async function sdkWhereAliceIs(sdk: ReturnType<typeof sdkOf>, statusType: number, me: string) {
  const tim = await createPlaygroundTim({ sdk })
  tim.backend.setStatus('alice', { statusType })
  await loginAs(tim, me)
  return tim
}

function Alice({ label }: { label: string }) {
  return (
    <section className="pg-card pg-row" aria-label={label}>
      <strong>{label}</strong>
      <span>alice:</span>
      <PresenceBadge userID="alice" />
    </section>
  )
}

const meta: Meta<typeof StatusProvider> = {
  title: 'Components/StatusProvider',
  component: StatusProvider,
  parameters: {
    docs: {
      description: {
        component:
          '`<StatusProvider tim={tim}>` makes the presence engine for one SDK instance (`tim-js-sdk` >= 2.21 or `@tencentcloud/chat` 3.x) and listens to the SDK while mounted; requests wait until the SDK is ready. Pass `client` instead of `tim` to use an engine made with `createStatusClient(tim, options)`. Options: `limits` (IDs per call), `rateLimit` (calls per window per API family), `unsubscribeDelayMs`, `staleTimeMs`, retry delays. Unmounting releases every subscription it made; two providers never share state.',
      },
    },
  },
}

export default meta
type Story = StoryObj<typeof StatusProvider>

/** The usual setup: one SDK instance, one provider at the top of the app. */
export const WithTim: Story = {
  name: 'With tim',
  loaders: [async (context) => ({ tim: await sdkWhereAliceIs(sdkOf(context), UserStatusType.Online, 'me') })],
  render: (_args, { loaded }) => (
    <StatusProvider tim={loaded.tim as PlaygroundTim}>
      <Alice label="App" />
    </StatusProvider>
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('img', { name: 'Online' })).toHaveAttribute(
      'data-status',
      'online',
    )
  },
}

/** An engine made outside React with `createStatusClient`, e.g. to read it from non-React code too. */
export const WithClient: Story = {
  name: 'With client',
  loaders: [
    async (context) => {
      const tim = await sdkWhereAliceIs(sdkOf(context), UserStatusType.Offline, 'me')
      // `tim` too, so the preview's cleanup finds the instance and destroys it after the story.
      return { tim, client: createStatusClient(tim, { unsubscribeDelayMs: 1000 }) }
    },
  ],
  render: (_args, { loaded }) => (
    <StatusProvider client={loaded.client as ReturnType<typeof createStatusClient>}>
      <Alice label="App" />
    </StatusProvider>
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('img', { name: 'Offline' })).toBeVisible()
  },
}

/** Two SDK instances (two backends, two users) under two providers: their statuses never mix. */
export const TwoProviders: Story = {
  name: 'Two providers never mix',
  loaders: [
    async (context) => ({
      left: await sdkWhereAliceIs(sdkOf(context), UserStatusType.Online, 'me'),
      right: await sdkWhereAliceIs(sdkOf(context), UserStatusType.Unlogined, 'bob'),
    }),
  ],
  render: (_args, { loaded }) => (
    <div className="pg-columns">
      <StatusProvider tim={loaded.left as PlaygroundTim}>
        <Alice label="Provider 1" />
      </StatusProvider>
      <StatusProvider tim={loaded.right as PlaygroundTim}>
        <Alice label="Provider 2" />
      </StatusProvider>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const one = within(canvas.getByRole('region', { name: 'Provider 1' }))
    const two = within(canvas.getByRole('region', { name: 'Provider 2' }))
    await expect(await one.findByRole('img', { name: 'Online' })).toBeVisible()
    await expect(await two.findByRole('img', { name: 'Not logged in' })).toBeVisible()
  },
}

class ShowError extends Component<{ children: ReactNode }, { message: string | null }> {
  override state = { message: null as string | null }
  static getDerivedStateFromError(error: Error) {
    return { message: error.message }
  }
  override render() {
    return this.state.message ? (
      <p role="alert" className="pg-alert">
        {this.state.message}
      </p>
    ) : (
      this.props.children
    )
  }
}

function Orphan() {
  useUserStatus(['alice'])
  return null
}

/** A hook outside any provider throws an error that says what to do. */
export const MissingProvider: Story = {
  name: 'Missing provider',
  render: () => (
    <ShowError>
      <Orphan />
    </ShowError>
  ),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(within(canvasElement).getByRole('alert')).toHaveTextContent(
        'useUserStatus must be used inside <StatusProvider>',
      ),
    )
  },
}

/** `Two providers never mix` on two instances of the unmodified `tim-js-sdk` 2.x, two local IM backends. */
export const TwoProvidersOnTimJsSdk: Story = onRealSdk(TwoProviders, 'real-tim-js-sdk')
