import { Component, type ReactNode } from 'react'
import { StatusError } from '../../src/core'

/** Shows the error a child threw, as a user's error boundary would. */
export class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    const { error } = this.state
    if (error === null) return this.props.children
    const name = error instanceof StatusError ? `StatusError ${error.code}` : String((error as Error)?.name)
    return <p data-testid="error">{`${name}: ${(error as Error).message}`}</p>
  }
}
