//! Every locale has every message of the English one, each file parses, and messages use the
//! same variables in every language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

const LOCALES: [&str; 4] = ["en", "de", "ru", "kk"];

/// Message id → the variables it references, for every `.ftl` file of a locale.
fn messages(locale: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(locale);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", path.display()));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_pattern(pattern, &mut variables);
                }
                let id = message.id.name.to_string();
                assert!(
                    out.insert(id.clone(), variables).is_none(),
                    "{locale}: {id} is defined twice"
                );
            }
        }
    }
    out
}

fn collect_pattern(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression(expression, out);
        }
    }
}

fn collect_expression(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => collect_inline(inline, out),
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, out);
            for variant in variants {
                collect_pattern(&variant.value, out);
            }
        }
    }
}

fn collect_inline(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => collect_expression(expression, out),
        _ => {}
    }
}

#[test]
fn every_locale_has_every_key_with_the_same_variables() {
    let english = messages("en");
    assert!(english.len() > 300, "the English locale looks incomplete");
    let mut problems = Vec::new();
    for locale in &LOCALES[1..] {
        let other = messages(locale);
        for (id, variables) in &english {
            match other.get(id) {
                None => problems.push(format!("{locale}: missing {id}")),
                Some(theirs) if theirs != variables => problems.push(format!(
                    "{locale}: {id} uses {theirs:?}, English uses {variables:?}"
                )),
                _ => {}
            }
        }
        for id in other.keys().filter(|id| !english.contains_key(*id)) {
            problems.push(format!("{locale}: {id} is not in English"));
        }
    }
    assert!(
        problems.is_empty(),
        "locale problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_error_code_in_the_source_has_a_message() {
    let english = messages("en");
    let pattern = regex::Regex::new(r#"(?:invalid\("[a-z_]+",\s*|new\([A-Za-z_:]+,\s*|bad_request\(|conflict\(|forbidden_code\(|code: )"([a-z_]+)""#).unwrap();
    let mut missing = BTreeSet::new();
    for (path, source) in files_under("src", "rs") {
        for capture in pattern.captures_iter(&source) {
            let key = format!("error-{}", capture[1].replace('_', "-"));
            if !english.contains_key(&key) {
                missing.insert(format!("{key} (from {})", path.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "error codes without a message:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// A message named literally in a template (`page.t("…")`) or in the source (`i18n.t("…")`)
/// exists in English (and so, by the test above, in every locale): a missing one would show
/// its bare id on the page.
#[test]
fn every_message_named_in_templates_and_source_exists() {
    let english = messages("en");
    let pattern = regex::Regex::new(r#"\bt(?:_args)?\("([a-z][a-z0-9-]*)""#).unwrap();
    let mut missing = BTreeSet::new();
    let mut named = 0;
    for (path, source) in files_under("templates", "html")
        .into_iter()
        .chain(files_under("src", "rs"))
    {
        for capture in pattern.captures_iter(&source) {
            named += 1;
            if !english.contains_key(&capture[1]) {
                missing.insert(format!("{} (in {})", &capture[1], path.display()));
            }
        }
    }
    assert!(named > 500, "the scan found only {named} message names");
    assert!(
        missing.is_empty(),
        "messages named but not defined:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Every file with the extension `ext` under the repository's folder `dir`, with its text.
fn files_under(dir: &str, ext: &str) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                let source = std::fs::read_to_string(&path).unwrap();
                out.push((path, source));
            }
        }
    }
    out
}
