// ESLint (flat config, the recommended rules) for the theme's search modules and
// their unit tests. `npm run lint` runs it from the repo root
// (`-c tests/browser/eslint.config.mjs`), then TypeScript's checker over the
// `// @ts-check` modules (tsconfig.json here).
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['themes/default/static/search.js', 'themes/default/static/search/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['tests/js/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.node },
  },
];
