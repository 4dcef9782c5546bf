// The test transform compiles JSX for React's development runtime (`jsxDEV`), which React's production build
// leaves undefined. Benches on the production build mock 'react/jsx-dev-runtime' with this: the same elements, made
// by the production runtime.
export async function productionJsxRuntime() {
  const runtime = await import('react/jsx-runtime')
  return {
    Fragment: runtime.Fragment,
    jsxDEV: (type: never, props: never, key: never, isStaticChildren: boolean) =>
      isStaticChildren ? runtime.jsxs(type, props, key) : runtime.jsx(type, props, key),
  }
}
