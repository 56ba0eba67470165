// The layer rule (docs/ARCHITECTURE.md), checked by `npm test` through `depcruise src`:
//   core ← analytics, render ← data ← commands ← digest, infra ← bot (adapters), entry points
// Each layer imports only the layers to its left. src/config.ts (the one zod schema over
// process.env) may be imported by every layer but the core, which may name its type only.
/** `^src/(a|b)/` */
const within = (...layers) => `^src/(${layers.join('|')})/`;

/** A layer may import these layers (and itself), config.ts and any npm package. */
const layer = (name, ...below) => ({
  name: `${name}-imports-down-only`,
  comment: `src/${name} may import only ${below.length ? `src/${below.join(', src/')}, ` : ''}itself and src/config.ts`,
  severity: 'error',
  from: { path: within(name) },
  to: { path: '^src/', pathNot: [within(name, ...below), '^src/config\\.ts$'] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle of imports means two modules are one job, or one of them points up a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-zod-only',
      comment: 'src/core is platform-neutral: besides itself it imports zod and node builtins only.',
      severity: 'error',
      from: { path: within('core') },
      to: { pathNot: [within('core'), '^src/config\\.ts$', 'node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-names-config-type-only',
      comment: 'Context carries the parsed Config; the core names its type and never loads the schema.',
      severity: 'error',
      from: { path: within('core') },
      to: { path: '^src/config\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'render-loads-no-catalogs',
      comment: 'The render worker loads src/render alone; the catalogs beside it doubled its CPU per chart. Charts get their words in the spec.',
      severity: 'error',
      from: { path: within('render') },
      to: { path: '^src/core/i18n/', pathNot: '^src/core/i18n/locale\\.ts$', reachable: true },
    },
    layer('analytics', 'core'),
    layer('render', 'core'),
    layer('data', 'core', 'analytics'),
    layer('commands', 'core', 'data', 'analytics'),
    layer('digest', 'core', 'analytics', 'data', 'commands', 'infra'),
    layer('infra', 'core', 'analytics', 'render', 'data', 'commands', 'digest'),
    {
      name: 'nothing-imports-the-adapters',
      comment: 'src/bot only translates platform events; only the entry points (main.ts, cli.ts) start adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/bot/', '^src/(main|cli)\\.ts$'] },
      to: { path: '^src/bot/' },
    },
    {
      name: 'resolvable',
      comment: 'An import the checker cannot resolve is one it cannot check.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type pointing up a layer is still a dependency up the layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    exclude: { path: '^src/bot/web/static/' },
  },
};
