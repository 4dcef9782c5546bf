import '../src/styles.css'
import '../stories/support/playground.css'
import type { Decorator, Preview } from '@storybook/react-vite'
import { configure } from 'storybook/test'
import {
  DEFAULT_PLAYGROUND_SDK,
  disposeLoadedTims,
  PLAYGROUND_SDKS,
} from '../stories/support/createPlaygroundTim'
import { withStatusProvider } from '../stories/support/playground'

// The fake SDK answers over real time (60 ms a round trip, retries, rate-limit windows): give findBy/waitFor
// 3 s instead of 1 s, so a busy machine (the whole suite runs in parallel) is not taken for a failure.
configure({ asyncUtilTimeout: 3000 })

/** Light or dark, through the --rts-* variables only (see stories/support/playground.css). */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light'
  return (
    <div className="rts-playground" data-theme={theme}>
      <Story />
    </div>
  )
}

const sdkKinds = Object.entries(PLAYGROUND_SDKS).map(([value, { title }]) => ({ value, title }))

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'Badge theme (the --rts-* CSS variables)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
    // The SDK the playground runs on (stories/support/createPlaygroundTim.ts); a switch once there are two.
    ...(sdkKinds.length > 1
      ? {
          sdk: {
            description: 'SDK and backend behind the playground',
            toolbar: { title: 'SDK', icon: 'transfer', items: sdkKinds, dynamicTitle: true },
          },
        }
      : {}),
  },
  initialGlobals: { theme: 'light', sdk: DEFAULT_PLAYGROUND_SDK },
  // The provider is inside the theme wrapper: decorators listed later wrap the earlier ones.
  decorators: [withStatusProvider, withTheme],
  // Runs after the loaders: the returned cleanup destroys the SDK instances the story loaded (and, for the real
  // SDKs, takes their local IM off the page) when the story is left or rendered again.
  beforeEach: (context) => () => disposeLoadedTims(context.loaded),
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    options: {
      storySort: {
        order: [
          'Introduction',
          'Components',
          'API',
          ['Hooks', 'All exports'],
          'Playground',
          ['Contact list', 'Self status', 'Failures'],
        ],
      },
    },
  },
}

export default preview
