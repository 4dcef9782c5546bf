// React commits, counted per root container through React DevTools' global hook. React's production build leaves
// <Profiler> timing out (its onRender never runs there), but it still tells a DevTools hook of every commit. The
// hook must exist before React DOM is first loaded: `installCommitCounter()` runs before suite.bench.ts imports it.

interface FiberRootLike {
  containerInfo: unknown
}

const commits = new Map<unknown, number>()
const firstCommits = new Map<unknown, number>()
/** `performance.now()` of each root's latest commit (before the passive effects of a sync render run). */
const lastCommits = new Map<unknown, number>()
/** React DOM's `bundleType` as it told the hook: 0 production, 1 development. */
let bundleType: number | undefined

/** Installs a minimal DevTools hook that counts the commits of each root (keyed by its container). */
export function installCommitCounter(): void {
  const scope = globalThis as { __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown }
  if (scope.__REACT_DEVTOOLS_GLOBAL_HOOK__) throw new Error('a React DevTools hook is already installed')
  scope.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    isDisabled: false,
    supportsFiber: true,
    renderers: new Map(),
    inject: (renderer: { bundleType?: number }) => {
      bundleType = renderer.bundleType
      return 1
    },
    checkDCE: () => {},
    onCommitFiberRoot: (_renderer: number, root: FiberRootLike) => {
      const done = commits.get(root.containerInfo) ?? 0
      const at = performance.now()
      if (done === 0) firstCommits.set(root.containerInfo, at)
      lastCommits.set(root.containerInfo, at)
      commits.set(root.containerInfo, done + 1)
    },
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
  }
}

/** How many commits the root rendered into `container` made so far. */
export function commitsOf(container: Element): number {
  return commits.get(container) ?? 0
}

/** `performance.now()` when the root in `container` committed first (NaN: not yet). */
export function firstCommitOf(container: Element): number {
  return firstCommits.get(container) ?? Number.NaN
}

/**
 * `performance.now()` when the root in `container` committed last (NaN: never). React tells the hook after the
 * commit's layout effects and before it runs the passive effects of a sync render (as `flushSync` does, at once).
 */
export function lastCommitOf(container: Element): number {
  return lastCommits.get(container) ?? Number.NaN
}

/** Forgets a container (after its root unmounted). */
export function forgetCommits(container: Element): void {
  commits.delete(container)
  firstCommits.delete(container)
  lastCommits.delete(container)
}

/** Which build of React DOM registered with the hook (undefined: none yet). */
export function reactBuild(): 'production' | 'development' | undefined {
  return bundleType === undefined ? undefined : bundleType === 0 ? 'production' : 'development'
}
