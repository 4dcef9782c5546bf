import type { CSSProperties } from 'react'

/**
 * The devtools' look, inline (no stylesheet to import). Every colour and the font are `--rts-devtools-*` CSS
 * variables with a default, so an app themes them from any ancestor, as it does the badge's `--rts-*`.
 */
const BG = 'var(--rts-devtools-bg, #111827)'
const TEXT = 'var(--rts-devtools-text, #f9fafb)'
const MUTED = 'var(--rts-devtools-muted, #d1d5db)'
const BORDER = 'var(--rts-devtools-border, #4b5563)'
const ACCENT = 'var(--rts-devtools-accent, #93c5fd)'

const CORNERS = {
  'bottom-right': { bottom: 12, right: 12 },
  'bottom-left': { bottom: 12, left: 12 },
  'top-right': { top: 12, right: 12 },
  'top-left': { top: 12, left: 12 },
} as const

/** Where the toggle and the panel float. */
export type DevtoolsPosition = keyof typeof CORNERS

export function rootStyle(position: DevtoolsPosition): CSSProperties {
  return {
    position: 'fixed',
    zIndex: 'var(--rts-devtools-z-index, 99999)',
    ...CORNERS[position],
    display: 'flex',
    flexDirection: position.startsWith('top') ? 'column' : 'column-reverse',
    alignItems: position.endsWith('right') ? 'flex-end' : 'flex-start',
    gap: 8,
    font: 'var(--rts-devtools-font, 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)',
    color: TEXT,
  }
}

export const toggleStyle: CSSProperties = {
  font: 'inherit',
  color: TEXT,
  background: BG,
  border: `1px solid ${BORDER}`,
  borderRadius: 999,
  padding: '6px 12px',
  cursor: 'pointer',
}

export const panelStyle: CSSProperties = {
  background: BG,
  color: TEXT,
  border: `1px solid ${BORDER}`,
  borderRadius: 8,
  padding: 12,
  width: 'min(720px, calc(100vw - 24px))',
  maxHeight: 'min(640px, calc(100vh - 72px))',
  overflow: 'auto',
  boxShadow: '0 8px 24px rgb(0 0 0 / 0.3)',
}

export const headingStyle: CSSProperties = {
  font: 'inherit',
  fontWeight: 700,
  margin: '12px 0 4px',
  color: ACCENT,
}

export const tableStyle: CSSProperties = { borderCollapse: 'collapse', width: '100%' }

export const cellStyle: CSSProperties = {
  border: `1px solid ${BORDER}`,
  padding: '2px 6px',
  textAlign: 'left',
  verticalAlign: 'top',
}

export const mutedStyle: CSSProperties = { color: MUTED }

/** What the panel's buttons and fields share. */
const controlStyle: CSSProperties = {
  font: 'inherit',
  color: TEXT,
  background: 'transparent',
  border: `1px solid ${BORDER}`,
  borderRadius: 4,
}

export const buttonStyle: CSSProperties = { ...controlStyle, padding: '2px 8px', cursor: 'pointer' }

export const inputStyle: CSSProperties = { ...controlStyle, padding: '2px 6px', marginLeft: 6 }
