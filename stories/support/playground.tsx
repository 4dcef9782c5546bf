import type { Args, Decorator, Loader, StoryContext } from '@storybook/react-vite'
import { createContext, type ReactNode, useContext } from 'react'
import { type StatusClientOptions, StatusProvider } from '../../src'
import {
  createPlaygroundTim,
  loginAs,
  type PlaygroundBackend,
  type PlaygroundSdkKind,
  type PlaygroundTim,
  playgroundSdkKind,
} from './createPlaygroundTim'

/** How a story wants its SDK, backend and provider set up before it renders. */
export interface PlaygroundSetup {
  /** Log in as this user before the story renders; `null` stays logged out. Default `'me'`. */
  login?: string | null
  /** Network round trip of the SDK, in ms. Default 60 (the double); the local IM's frame delay (real kinds). */
  latencyMs?: number
  /** `<StatusProvider options>`. */
  options?: StatusClientOptions
  /** Runs on the backend before the login: other users' statuses, console and plan switches. */
  seed?(backend: PlaygroundBackend): void
  /** Runs after the login, before the first render (e.g. `failNext`). */
  prepare?(tim: PlaygroundTim): void
  /** The SDK kinds this story can run on (it uses controls only they have). Default: every kind. */
  sdks?: readonly PlaygroundSdkKind[]
}

/** What the loader hands to the decorator and the story (`context.loaded.playground`). */
export interface Playground {
  tim: PlaygroundTim
  /** Who is logged in (or will be, once the story's login button is pressed). */
  userID: string
  options: StatusClientOptions | undefined
  sdk: PlaygroundSdkKind
}

/** The SDK kind the toolbar asks for, or the first one this story supports. */
export function sdkOf(context: Pick<StoryContext, 'globals'>, sdks?: readonly PlaygroundSdkKind[]) {
  const wanted = playgroundSdkKind(context.globals.sdk)
  return !sdks || sdks.includes(wanted) ? wanted : (sdks[0] ?? wanted)
}

/**
 * A loader that makes a fresh SDK instance (and backend) for one render of a story, seeds it and logs in.
 * Every render gets its own, so stories never share state.
 */
export function playground<TArgs = Args>(setup: PlaygroundSetup = {}): Loader<TArgs> {
  return async (context) => {
    const sdk = sdkOf(context, setup.sdks)
    const tim = await createPlaygroundTim({ sdk, latencyMs: setup.latencyMs })
    setup.seed?.(tim.backend)
    const userID = setup.login === null ? 'me' : (setup.login ?? 'me')
    if (setup.login !== null) await loginAs(tim, userID)
    setup.prepare?.(tim)
    const value: Playground = { tim, userID, options: setup.options, sdk }
    return { playground: value }
  }
}

const PlaygroundContext = createContext<Playground | null>(null)

/** The playground of the story being rendered (inside `withStatusProvider`). */
export function usePlayground(): Playground {
  const value = useContext(PlaygroundContext)
  if (!value) throw new Error('usePlayground: the story has no `loaders: [playground()]`')
  return value
}

/** Renders under `<StatusProvider>` for the story's playground SDK. */
export function PlaygroundRoot({ playground, children }: { playground: Playground; children: ReactNode }) {
  return (
    <PlaygroundContext.Provider value={playground}>
      <StatusProvider tim={playground.tim} options={playground.options}>
        {children}
      </StatusProvider>
    </PlaygroundContext.Provider>
  )
}

/** Wraps every story that has a `playground()` loader in its provider; other stories render as they are. */
export const withStatusProvider: Decorator = (Story, context) => {
  const value = context.loaded.playground as Playground | undefined
  if (!value) return <Story />
  return (
    <PlaygroundRoot playground={value}>
      <Story />
    </PlaygroundRoot>
  )
}
