import type { StorybookConfig } from '@storybook/react-vite'
import type { PluginOption } from 'vite'

// The library build's own plugins: declarations (unplugin-dts) and the stylesheet copy. A Storybook build or
// test run must write neither into storybook-static or dist.
const LIBRARY_BUILD_PLUGINS = /^(unplugin-dts|vite-plugin-dts|rts-styles)/

function withoutLibraryBuildPlugins(plugins: PluginOption[] | undefined): PluginOption[] {
  return (plugins ?? []).flatMap((plugin): PluginOption[] => {
    if (Array.isArray(plugin)) return [withoutLibraryBuildPlugins(plugin)]
    if (plugin && typeof plugin === 'object' && 'name' in plugin && LIBRARY_BUILD_PLUGINS.test(plugin.name)) {
      return []
    }
    return [plugin]
  })
}

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: 'react-docgen-typescript' },
  async viteFinal(viteConfig) {
    viteConfig.plugins = withoutLibraryBuildPlugins(viteConfig.plugins)
    // The real SDKs (the playground's `real` kinds) are imported on demand: pre-bundle them from the start, or
    // Vite finds them at the first real-SDK story and reloads the page (which fails a test run).
    viteConfig.optimizeDeps = {
      ...viteConfig.optimizeDeps,
      include: [...(viteConfig.optimizeDeps?.include ?? []), '@tencentcloud/chat', 'tim-js-sdk'],
    }
    return viteConfig
  },
}

export default config
