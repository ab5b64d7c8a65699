//! Minifies the built-in theme's JavaScript for publishing (oxc: whitespace,
//! comments, dead code and local names). ES modules also get their
//! module-level names shortened (exports keep theirs); classic scripts keep
//! every top-level name, since other scripts may read them as globals.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// `source` minified, or `None` when it does not parse (the caller then
/// publishes it as written). A file with `import` or `export` is minified as an
/// ES module, any other as a classic script.
pub fn js(source: &str) -> Option<String> {
    let module = {
        let alloc = Allocator::default();
        let parsed = Parser::new(&alloc, source, SourceType::mjs()).parse();
        parsed.module_record.has_module_syntax
    };
    let kind = if module { SourceType::mjs() } else { SourceType::script() };
    let alloc = Allocator::default();
    let parsed = Parser::new(&alloc, source, kind).parse();
    if parsed.panicked || !parsed.diagnostics.is_empty() {
        return None;
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&alloc, &mut program);
    Some(Codegen::new().with_options(CodegenOptions::minify()).with_scoping(minified.scoping).build(&program).code)
}

#[cfg(test)]
mod tests {
    use super::js;

    #[test]
    fn a_module_keeps_its_exports_and_loses_comments_and_local_names() {
        let out = js("// note\nconst longLocalName = 40;\nexport function answer(extra) {\n  return longLocalName + extra;\n}\n").unwrap();
        assert!(out.contains("export function answer("), "{out}");
        assert!(!out.contains("longLocalName") && !out.contains("note") && !out.contains("extra"), "{out}");
    }

    #[test]
    fn exported_constants_keep_their_names() {
        // Parsed as CommonJS first, oxc renamed `export const typoFix = (…) => …`.
        let out = js("const helper = (a) => a + 1;\nexport const typoFix = (t, m) => helper(t) && m;\nexport const LIMIT = 3;\n").unwrap();
        assert!(out.contains("typoFix") && out.contains("LIMIT"), "{out}");
        assert!(!out.contains("helper"), "{out}");
    }

    #[test]
    fn a_classic_script_keeps_its_globals() {
        let out =
            js("var frontlineShared = 1;\nfunction frontlineHelper(someArgument) { return someArgument + frontlineShared; }\n").unwrap();
        assert!(out.contains("frontlineShared") && out.contains("frontlineHelper"), "{out}");
        assert!(!out.contains("someArgument"), "{out}");
    }

    #[test]
    fn what_does_not_parse_is_left_to_the_caller() {
        assert_eq!(js("function ("), None);
    }

    /// Every name the theme's search modules export is still exported, minified.
    #[test]
    fn the_theme_modules_keep_every_export() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            let out = js(&source).unwrap_or_else(|| panic!("{}: does not minify", path.display()));
            for line in source.lines() {
                let Some(rest) = ["export const ", "export function ", "export class ", "export async function "]
                    .iter()
                    .find_map(|p| line.strip_prefix(p))
                else {
                    continue;
                };
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let kept = ["export const {}=", "export function {}(", "export async function {}(", "export class {}"]
                    .iter()
                    .any(|shape| out.contains(&shape.replace("{}", &name)));
                assert!(kept, "{}: export {name} lost:\n{out}", path.display());
            }
        }
    }
}
