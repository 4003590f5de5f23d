//! The store's layers hold (DESIGN §17): read from the source, as a reviewer would check them
//! with grep and a module graph. Logic (`vault`) above one storage interface (`backend`),
//! sealing (`seal`) beside it touching no storage, and nothing crossing back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const STORE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store");
const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `dir`, with its text, comments left out (a doc comment may name
/// anything).
fn sources(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code: Vec<&str> = text.lines().filter(|line| !line.trim_start().starts_with("//")).collect();
                files.insert(path, code.join("\n"));
            }
        }
    }
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(SRC).unwrap().display().to_string()
}

/// Which files under `under` name any of `words`.
fn naming(files: &BTreeMap<PathBuf, String>, under: &str, words: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter(|(path, _)| relative(path).starts_with(under))
        .flat_map(|(path, code)| {
            words.iter().filter(|word| code.contains(*word)).map(move |word| format!("{} names {word}", relative(path)))
        })
        .collect()
}

#[test]
fn the_backends_know_nothing_above_them() {
    let files = sources(Path::new(STORE));
    let found =
        naming(&files, "store/backend", &["vault::", "seal::", "domain::", "location::", "store::Store", "Header {"]);
    assert!(found.is_empty(), "{found:#?}");
    let found = naming(&files, "store/seal", &["vault::", "backend::", "rusqlite", "tokio_postgres"]);
    assert!(found.is_empty(), "{found:#?}");
    let found = naming(&files, "store/location.rs", &["vault::", "seal::"]);
    assert!(found.is_empty(), "{found:#?}");
    // Neither backend names the other.
    assert!(naming(&files, "store/backend/sqlite", &["postgres"]).is_empty());
    assert!(naming(&files, "store/backend/postgres", &["sqlite::", "rusqlite"]).is_empty());
}

#[test]
fn each_database_library_is_named_only_under_its_backend() {
    let files = sources(Path::new(SRC));
    for (library, home) in [("rusqlite", "store/backend/sqlite"), ("tokio_postgres", "store/backend/postgres")] {
        let outside: Vec<String> = files
            .iter()
            .filter(|(path, code)| code.contains(library) && !relative(path).starts_with(home))
            .map(|(path, _)| relative(path))
            .collect();
        assert!(outside.is_empty(), "{library} named outside {home}: {outside:?}");
    }
}

/// The modules a file uses among its siblings (`super::x` from a child file, `self::x` or a
/// sibling path from a `mod.rs`), by name.
fn sibling_uses(file: &Path, code: &str, siblings: &BTreeSet<String>) -> BTreeSet<String> {
    let own = file.file_stem().unwrap().to_string_lossy().into_owned();
    let prefix = if own == "mod" { "self::" } else { "super::" };
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        // `super::super::x` is not a sibling.
        if prefix == "super::" && code[..at].ends_with("super::") {
            continue;
        }
        let name: String =
            code[at + prefix.len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if siblings.contains(&name) && name != own {
            used.insert(name);
        }
    }
    // `use super::{a, b::c}`: the names at the start of each path in the braces.
    for (at, _) in code.match_indices(&format!("{prefix}{{")) {
        let inside = &code[at + prefix.len() + 1..];
        let inside = &inside[..inside.find("};").unwrap_or(inside.len())];
        for part in inside.split(',') {
            let name: String = part.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if siblings.contains(&name) && name != own {
                used.insert(name);
            }
        }
    }
    used
}

#[test]
fn no_import_cycle_between_sibling_modules() {
    let files = sources(Path::new(STORE));
    let mut folders: BTreeMap<PathBuf, BTreeMap<String, &str>> = BTreeMap::new();
    for (path, code) in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // A folder's `mod.rs` is the module its folder names, among that folder's siblings.
        let (folder, name) = if name == "mod" {
            let folder = path.parent().unwrap();
            (folder.parent().unwrap().to_path_buf(), folder.file_name().unwrap().to_string_lossy().into_owned())
        } else {
            (path.parent().unwrap().to_path_buf(), name)
        };
        folders.entry(folder).or_default().insert(name, code);
    }
    let mut cycles = Vec::new();
    for (folder, modules) in &folders {
        let names: BTreeSet<String> = modules.keys().cloned().collect();
        let graph: BTreeMap<&str, BTreeSet<String>> = modules
            .iter()
            .map(|(name, code)| {
                let file = if folder.join(format!("{name}.rs")).exists() {
                    folder.join(format!("{name}.rs"))
                } else {
                    // A folder module: its uses of its own children are not its siblings.
                    PathBuf::from("sibling.rs")
                };
                (name.as_str(), sibling_uses(&file, code, &names))
            })
            .collect();
        for start in graph.keys() {
            // Depth-first from each module: reaching it again is a cycle.
            let mut stack: Vec<Vec<String>> = vec![vec![(*start).to_owned()]];
            let mut seen = BTreeSet::new();
            while let Some(route) = stack.pop() {
                let last = route.last().unwrap();
                for next in graph.get(last.as_str()).into_iter().flatten() {
                    if next == start {
                        cycles.push(format!("{}: {} -> {next}", relative(folder), route.join(" -> ")));
                    } else if seen.insert(next.clone()) {
                        let mut longer = route.clone();
                        longer.push(next.clone());
                        stack.push(longer);
                    }
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}
