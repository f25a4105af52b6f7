/**
 * dependency-cruiser configuration: `npm run check:cycles` (part of `npm run check`) fails on any import
 * cycle in the project's own code. Type-only imports count too (`tsPreCompilationDeps`): a cycle of types
 * still ties two modules together and makes both harder to move or test alone.
 *
 * Sources import TypeScript with `.js` suffixes (NodeNext); dependency-cruiser resolves a `.js` import
 * that has no such file to the `.ts` beside it, the way tsc does, and reads `.vue` single-file
 * components with @vue/compiler-sfc.
 * tests/unit/dependency-cycles.test.ts runs this configuration on a small fixture with a cycle, so a
 * change that stops it from seeing cycles fails a test.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles make modules impossible to load, test or move on their own. Break the cycle by ' +
        'moving the shared type or function into a module of its own that both sides import.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.vue', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
