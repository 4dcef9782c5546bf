/**
 * Story variants on the real SDK: `onRealSdk(Story)` is the same story with the toolbar's SDK set to `real`
 * (the unmodified `@tencentcloud/chat` against the local IM in the page), whose play function then also proves
 * that nothing left the page.
 */
import type { StoryContext } from '@storybook/react-vite'
import { expect } from 'storybook/test'
import { isPlaygroundTim, type PlaygroundTim, type RealSdkKind } from './createPlaygroundTim'
import { isRouterInstalled, passedThroughUrls } from './localImRouter'

function sameOrigin(url: string): boolean {
  return new URL(url, window.location.href).host === window.location.host
}

/** The playground instances among a story's loaded values (one level deep). */
function loadedTims(loaded: Record<string, unknown>): PlaygroundTim[] {
  const found = new Set<PlaygroundTim>()
  for (const value of Object.values(loaded)) {
    if (isPlaygroundTim(value)) found.add(value)
    else if (typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) if (isPlaygroundTim(inner)) found.add(inner)
    }
  }
  return [...found]
}

/**
 * Checks that the story's SDK instances are real ones whose sockets the local IM took: each instance's socket
 * (its URL carries the instance's SDKAppID) is in its backend's `caught` list, the page's `WebSocket` is the
 * local router, no socket or fetch with an SDK URL reached the page's own classes, and the page loaded nothing
 * from another origin.
 */
export async function expectNothingLeftThePage(loaded: Record<string, unknown>, kind: RealSdkKind = 'real') {
  const tims = loadedTims(loaded)
  await expect(tims.length, 'SDK instances the story loaded').toBeGreaterThan(0)
  await expect(isRouterInstalled(), 'the local IM router is the page’s WebSocket').toBe(true)
  for (const tim of tims) {
    await expect(tim.sdk).toBe(kind)
    if (tim.sdk === 'fake') continue
    const { im, SDKAppID } = tim.local
    const sockets = im.caught.filter((request) => request.kind === 'websocket')
    await expect(
      sockets.some((request) => request.url.includes(`sdkappid=${SDKAppID}&`)),
      `the local IM caught the socket of SDKAppID ${SDKAppID}`,
    ).toBe(true)
    await expect(im.caught.every((request) => !sameOrigin(request.url))).toBe(true)
  }
  await expect(passedThroughUrls().filter((url) => /sdkappid=/i.test(url) || !sameOrigin(url))).toEqual([])
  const foreign = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => /^(https?|wss?):/.test(url) && !sameOrigin(url))
  await expect(foreign, 'resources from another origin').toEqual([])
}

interface PlayableStory {
  name?: string
  globals?: Record<string, unknown>
  // biome-ignore lint/suspicious/noExplicitAny: any story's play function.
  play?: (context: any) => Promise<void> | void
}

/** The story on the real SDK (`kind`), checking after its play function that nothing left the page. */
export function onRealSdk<TStory extends PlayableStory>(story: TStory, kind: RealSdkKind = 'real'): TStory {
  return {
    ...story,
    ...(story.name ? { name: `${story.name} (real SDK)` } : {}),
    globals: { ...story.globals, sdk: kind },
    play: async (context: StoryContext) => {
      await story.play?.(context)
      await expectNothingLeftThePage(context.loaded, kind)
    },
  }
}
