import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import * as main from '../src'
import * as testing from '../src/testing'
import { type ApiEntry, apiReference, ENTRIES, type ExportKind } from './support/apiReference'

const KIND_ORDER: readonly ExportKind[] = ['component', 'hook', 'function', 'class', 'constant', 'type']

/** Shows `code` spans of a doc comment as code. */
function Markdownish({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string.
        i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
      )}
    </>
  )
}

/** Every export of `react-tim-status` and `react-tim-status/testing`, with the summary of its doc comment. */
function ApiReference({ entries = apiReference() }: { entries?: readonly ApiEntry[] }) {
  return (
    <div className="pg-stack">
      {(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[]).map((entry) => {
        const rows = entries
          .filter((item) => item.entry === entry)
          .sort(
            (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
          )
        return (
          <table key={entry} className="pg-table">
            <caption>
              <code>{`import { … } from '${entry}'`}</code>
              {` — ${rows.length} exports`}
            </caption>
            <thead>
              <tr>
                <th scope="col">export</th>
                <th scope="col">kind</th>
                <th scope="col">what it promises</th>
                <th scope="col">source</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.name}>
                  <th scope="row">
                    <code>{item.name}</code>
                  </th>
                  <td>{item.kind}</td>
                  <td className="pg-wrap">
                    {item.summary ? (
                      <Markdownish text={item.summary} />
                    ) : (
                      <span className="pg-muted">(no doc comment)</span>
                    )}
                  </td>
                  <td className="pg-muted">{item.file}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      })}
    </div>
  )
}

const meta = {
  title: 'API/All exports',
  component: ApiReference,
  parameters: {
    docs: {
      description: {
        component:
          'Generated from the source: the exports of each entry point, followed to their declarations, with the first paragraph of each doc comment. The components and hooks have their own pages with live examples.',
      },
    },
  },
} satisfies Meta<typeof ApiReference>

export default meta
type Story = StoryObj<typeof meta>

/** The reference table; its play function checks that every runtime export of both entry points is listed. */
export const AllExports: Story = {
  name: 'All exports',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const runtime: [string, Record<string, unknown>][] = [
      ['react-tim-status', main],
      ['react-tim-status/testing', testing],
    ]
    for (const [entry, module] of runtime) {
      const table = within(canvas.getByRole('table', { name: new RegExp(`from '${entry}'`) }))
      for (const name of Object.keys(module)) {
        const row = table.getByRole('rowheader', { name }).closest('tr') as HTMLElement
        await expect(row).not.toBeNull()
      }
    }
    await expect(canvas.getByRole('rowheader', { name: 'UserStatus' })).toBeVisible()
    const hook = canvas.getByRole('rowheader', { name: 'useUserStatus' }).closest('tr') as HTMLElement
    await expect(within(hook).getByText('hook')).toBeVisible()
  },
}
