//! The floor plan of `ARCHITECTURE.md`, checked on the source: every top-level module of
//! `src/` uses only the modules on floors below it (so they form no import cycle), a
//! capability is used from outside only through its face (`mod.rs`), and no file grows past
//! the size a newcomer can read.
//!
//! Reads the `crate::…` paths of each file (outside comments), including grouped imports such
//! as `use crate::{a, b}`. A path whose next segment names a public module inside a capability
//! (`crate::members::db::…`) goes around that capability's face.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules by floor, from the ground up, as `ARCHITECTURE.md` lists them. A
/// module may use only those before it.
const FLOORS: &[(&str, &[&str])] = &[
    (
        "ground",
        &["config", "store", "search", "mail", "signals", "state"],
    ),
    ("web basics", &["web"]),
    (
        "capabilities",
        &[
            "notifications",
            "accounts",
            "members",
            "library",
            "chat",
            "events",
            "meetings",
            "discussions",
            "live",
            "admin",
        ],
    ),
    ("assembly", &["home", "demo", "openapi", "app", "main"]),
];

/// Modules that may reach inside a capability, past its face: the parts of the assembly that
/// register services and load the demo.
const PAST_FACES: &[&str] = &["demo", "app", "main"];

fn floor(name: &str) -> &'static [&'static str] {
    FLOORS
        .iter()
        .find(|(floor, _)| *floor == name)
        .map(|(_, modules)| *modules)
        .expect("a floor")
}

const MAX_LINES: usize = 800;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/chat/hub.rs` → `chat`).
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).expect("under src");
    let first = relative.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// Every `crate::a::b…` path in the code (comments left out), as its segments. Grouped
/// imports `crate::{a, b::c}` give one path per item.
fn crate_paths(code: &str, root: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let prefix = format!("{root}::");
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let mut rest = line;
        while let Some(at) = rest.find(&prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    paths.push(segments(item.trim()));
                }
            } else {
                paths.push(segments(rest));
            }
        }
    }
    paths.retain(|p| !p.is_empty());
    paths
}

fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split("::") {
        let name: String = part
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        let whole = name.len() == part.len();
        out.push(name);
        if !whole {
            break;
        }
    }
    out
}

fn rank(module: &str) -> usize {
    FLOORS
        .iter()
        .flat_map(|(_, modules)| modules.iter())
        .position(|m| *m == module)
        .unwrap_or_else(|| panic!("module `{module}` is not in FLOORS: add it where it belongs"))
}

/// Whether `crate::capability::inner` names a module the capability opens to others (`pub mod`);
/// private ones the compiler already keeps closed.
fn is_inner_module(capability: &str, inner: &str) -> bool {
    let face = fs::read_to_string(src().join(capability).join("mod.rs")).expect("a face");
    face.lines().any(|line| {
        let line = line.trim();
        line == format!("pub mod {inner};") || line == format!("pub(crate) mod {inner};")
    })
}

#[test]
fn modules_use_only_floors_below_and_faces() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = BTreeSet::new();
    for file in &files {
        let module = module_of(file);
        if module == "lib" {
            continue;
        }
        let code = fs::read_to_string(file).expect("a source file");
        let root = if module == "main" { "circula" } else { "crate" };
        let name = file.strip_prefix(src()).unwrap().display().to_string();
        let mut paths = crate_paths(&code, root);
        // A capability imported by name (`use crate::accounts;`) is then used as `accounts::…`.
        let imported: BTreeSet<String> = paths
            .iter()
            .filter(|p| floor("capabilities").contains(&p[0].as_str()))
            .map(|p| p[0].clone())
            .collect();
        for name in imported {
            paths.extend(crate_paths(&code, &name).into_iter().map(|mut p| {
                p.insert(0, name.clone());
                p
            }));
        }
        for path in paths {
            let used = path[0].as_str();
            if used == module || used == "self" {
                continue;
            }
            if rank(used) >= rank(&module) {
                wrong.insert(format!(
                    "{name}: uses `{used}`, which is not below `{module}`"
                ));
            }
            let around_face = floor("capabilities").contains(&used)
                && path.len() >= 2
                && is_inner_module(used, &path[1]);
            if around_face && !PAST_FACES.contains(&module.as_str()) {
                wrong.insert(format!(
                    "{name}: uses `{}` past the face of `{used}` (use `crate::{used}::…`)",
                    path.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the floor plan of ARCHITECTURE.md is broken:\n{}",
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = fs::read_to_string(file)
                .expect("a source file")
                .lines()
                .count();
            let name = file.strip_prefix(src()).unwrap().display().to_string();
            (lines > MAX_LINES).then(|| format!("{name}: {lines} lines"))
        })
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "split these along their sections (at most {MAX_LINES} lines):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_reader_finds_every_path() {
    let code = "use crate::{store::Db, web};\n// crate::chat::x\nlet a = crate::members::db::find(x);\nmy_crate::no";
    let paths = crate_paths(code, "crate");
    assert_eq!(
        paths,
        vec![
            vec!["store".to_string(), "Db".to_string()],
            vec!["web".to_string()],
            vec!["members".to_string(), "db".to_string(), "find".to_string()],
        ]
    );
}
