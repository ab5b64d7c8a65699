// The module the build generates from src/render/i18n.rs (assets/search/strings.js):
// language -> key -> string. For `npm run lint` (tsconfig.json) only.
declare module '*/search/strings.js' {
  const strings: Record<string, Record<string, string>>;
  export default strings;
}
