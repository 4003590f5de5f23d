//! The documents hold: every shell block of the README and of `docs/` runs against the real
//! binary, and every relative link between the documents points at a file and heading that
//! exist.
//!
//! A fenced block marked `sh` or `bash` runs; other blocks (TOML, JSON, YAML, text) are shown,
//! not run. A block whose last non-blank line before the fence is `<!-- not run: REASON -->` is
//! skipped and counted (it needs a server, a real systemd, or would run this very test).
//! A document's blocks run in order in one bash, as a reader following it would paste them:
//! one story per document, from an empty home. The scratch environment gives the passphrases
//! through the environment (`REVVY_APPS_PASSPHRASE`, `REVVY_APPS_NEW_PASSPHRASE`) and `init` the
//! cheapest key derivation a store accepts; the product's defaults are untouched.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{BIN, CHEAP_KDF, PASSPHRASE};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The documents whose links are checked: the user's and the contributor's.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> =
        ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "bench/RESULTS.md"].iter().map(PathBuf::from).collect();
    let mut guides: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| path.strip_prefix(ROOT).unwrap().to_owned())
        .collect();
    guides.sort();
    docs.extend(guides);
    docs
}

/// One fenced code block.
#[derive(Debug)]
struct Block {
    /// The line of its opening fence (1-based).
    line: usize,
    lang: String,
    body: String,
    /// Why it is not run, from a `<!-- not run: REASON -->` line just before it.
    not_run: Option<String>,
    /// The `##` section it is in.
    section: String,
}

impl Block {
    fn is_shell(&self) -> bool {
        matches!(self.lang.as_str(), "sh" | "bash")
    }
}

fn fence(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    trimmed.strip_prefix("```").or_else(|| trimmed.strip_prefix("~~~"))
}

fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    let mut previous = "";
    let mut section = String::new();
    for (index, line) in text.lines().enumerate() {
        if let Some(block) = &mut open {
            if fence(line).is_some_and(|rest| rest.trim().is_empty()) {
                found.push(open.take().unwrap());
            } else {
                block.body.push_str(line);
                block.body.push('\n');
            }
            continue;
        }
        if let Some(info) = fence(line) {
            let not_run = previous
                .trim()
                .strip_prefix("<!-- not run:")
                .and_then(|rest| rest.strip_suffix("-->"))
                .map(|reason| reason.trim().to_owned());
            open = Some(Block {
                line: index + 1,
                lang: info.split_whitespace().next().unwrap_or("").to_owned(),
                body: String::new(),
                not_run,
                section: section.clone(),
            });
        } else if let Some(title) = line.strip_prefix("## ") {
            title.trim().clone_into(&mut section);
        }
        if !line.trim().is_empty() {
            previous = line;
        }
    }
    assert!(open.is_none(), "a code block is not closed");
    found
}

/// What one document's story did.
struct Story {
    ran: usize,
    skipped: Vec<String>,
}

/// Runs the shell blocks of `doc` in order in one bash, in a scratch home, and asserts that
/// the whole story succeeds.
fn run_story(doc: &str) -> Story {
    let text = std::fs::read_to_string(Path::new(ROOT).join(doc)).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let (home, work) = (scratch.path().join("home"), scratch.path().join("work"));
    for dir in [&home, &work, &scratch.path().join("tmp"), &scratch.path().join("runtime")] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let trace = scratch.path().join("trace");
    // `init` gets the cheap settings wherever a document calls it; the binary is on PATH.
    let mut script = format!(
        "set -eo pipefail\n\
         revvy-apps() {{\n  \
           local arg\n  \
           for arg in \"$@\"; do\n    \
             [ \"$arg\" = init ] && {{ command revvy-apps \"$@\" {kdf}; return; }}\n  \
           done\n  \
           command revvy-apps \"$@\"\n\
         }}\n\
         export -f revvy-apps\n",
        kdf = CHEAP_KDF.join(" ")
    );
    let mut story = Story { ran: 0, skipped: Vec::new() };
    for block in blocks(&text).iter().filter(|block| block.is_shell()) {
        if let Some(reason) = &block.not_run {
            story.skipped.push(format!("{doc}:{} ({reason})", block.line));
            continue;
        }
        story.ran += 1;
        writeln!(script, "echo '{doc}:{}' > \"$DOCS_TRACE\"\n{}", block.line, block.body).unwrap();
    }
    script.push_str("echo done > \"$DOCS_TRACE\"\n");
    let script_file = scratch.path().join("story.sh");
    std::fs::write(&script_file, script).unwrap();

    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_owned()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let output = Command::new("bash")
        .arg("--noprofile")
        .arg("--norc")
        .arg(&script_file)
        .current_dir(&work)
        .env_clear()
        .env("PATH", path)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_RUNTIME_DIR", scratch.path().join("runtime"))
        .env("TMPDIR", scratch.path().join("tmp"))
        .env("LANG", "C.UTF-8")
        .env("REVVY_APPS_PASSPHRASE", PASSPHRASE)
        .env("REVVY_APPS_NEW_PASSPHRASE", "another horse battery staple")
        .env("DOCS_TRACE", &trace)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let reached = std::fs::read_to_string(&trace).unwrap_or_default();
    let tail = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    };
    assert!(
        output.status.success() && reached.trim() == "done",
        "the block at {} failed ({})\n--- stdout (tail)\n{}\n--- stderr (tail)\n{}",
        reached.trim(),
        output.status,
        tail(&output.stdout),
        tail(&output.stderr),
    );
    eprintln!("{doc}: {} shell blocks run, {} not run: {:?}", story.ran, story.skipped.len(), story.skipped);
    story
}

#[test]
fn readme_blocks_run_as_one_story() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let quick_start: Vec<_> =
        blocks(&text).into_iter().filter(|b| b.is_shell() && b.section == "Quick start").collect();
    assert!(!quick_start.is_empty(), "the README has a Quick start with shell blocks");
    assert!(quick_start.iter().all(|b| b.not_run.is_none()), "every block of the Quick start runs");
    let first = quick_start[0].body.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    let first: Vec<_> = first.take(2).collect();
    assert!(
        first.len() == 2
            && first[0].starts_with("revvy-apps init")
            && first[1].starts_with("eval \"$(revvy-apps unlock"),
        "the Quick start begins with init, then a session: {first:?}"
    );
    let story = run_story("README.md");
    assert!(story.ran >= quick_start.len());
}

#[test]
fn readme_keeps_the_ci_test_command() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    let command = ci.lines().rev().find(|line| !line.trim().is_empty()).unwrap().trim();
    let in_readme = blocks(&readme).into_iter().any(|b| b.is_shell() && b.body.trim() == command);
    assert!(in_readme, "the README shows `.ci/run`'s test command verbatim, as a block of its own: {command}");
}

#[test]
fn guide_blocks_run_as_one_story() {
    let story = run_story("docs/guide.md");
    assert!(story.ran > 10, "the guide's examples run");
}

#[test]
fn other_docs_blocks_run() {
    for doc in documents() {
        let doc = doc.to_str().unwrap();
        let is_user_doc = doc.starts_with("docs/") && doc != "docs/guide.md";
        let text = std::fs::read_to_string(Path::new(ROOT).join(doc)).unwrap();
        if is_user_doc && blocks(&text).iter().any(Block::is_shell) {
            run_story(doc);
        }
    }
}

/// The documents say what is true now: no story of the work, no file outside the repository,
/// no `sudo` (a container often has none; the set-up says "as root").
#[test]
fn documents_describe_the_product_as_it_is() {
    let banned = ["this session", "earlier session", "previous session", "after the change", "design.md", "sudo "];
    let mut found = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(Path::new(ROOT).join(&doc)).unwrap().to_lowercase();
        for (index, line) in text.lines().enumerate() {
            for word in banned.iter().filter(|word| line.contains(*word)) {
                found.push(format!("{}:{}: {word}", doc.display(), index + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The guide's JSON examples are what the binary prints: the application's keys, and the error
/// envelope byte for byte.
#[test]
fn guide_json_examples_match_the_binary() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("docs/guide.md")).unwrap();
    let examples: Vec<serde_json::Value> = blocks(&text)
        .into_iter()
        .filter(|b| b.lang == "json")
        .map(|b| serde_json::from_str(&b.body).unwrap_or_else(|e| panic!("docs/guide.md:{}: {e}", b.line)))
        .collect();
    let [application, error] = examples.as_slice() else { panic!("two JSON examples, found {}", examples.len()) };
    let env = crate::util::TestEnv::new();
    let shown = env.create("billing-sync", &["--scope", "invoices:read"]);
    let shown = env.run(&["show", shown["client_id"].as_str().unwrap(), "--json"]).success().json();
    let keys = |value: &serde_json::Value| value.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(application), keys(&shown), "the application example's keys");
    assert_eq!(
        application["client_secret_masked"].as_str().unwrap().len(),
        shown["client_secret_masked"].as_str().unwrap().len()
    );
    let printed = env.run(&["show", "nope", "--json"]).fails(3, "not_found").stderr;
    assert_eq!(error, &serde_json::from_str::<serde_json::Value>(&printed).unwrap(), "the error example");
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens, and
/// `-1`, `-2` … after a repeated one.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut in_code = false;
    for line in text.lines() {
        if fence(line).is_some() {
            in_code = !in_code;
            continue;
        }
        let Some(title) = line.strip_prefix('#').filter(|_| !in_code) else { continue };
        let title = title.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut candidate = slug.clone();
        let mut n = 0;
        while seen.contains(&candidate) {
            n += 1;
            candidate = format!("{slug}-{n}");
        }
        seen.insert(candidate);
    }
    seen
}

/// The targets of the inline and reference links outside code.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_code = false;
    for (index, line) in text.lines().enumerate() {
        if fence(line).is_some() {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        // Drop inline code spans.
        let plain: String = line.split('`').step_by(2).collect::<Vec<_>>().join("");
        if let Some(rest) = plain.trim_start().strip_prefix('[')
            && let Some((_, target)) = rest.split_once("]:")
        {
            found.push((index + 1, target.split_whitespace().next().unwrap_or("").to_owned()));
        }
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            found.push((index + 1, after[..end].split_whitespace().next().unwrap_or("").to_owned()));
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn links_between_the_documents_resolve() {
    let mut broken = Vec::new();
    let mut linked = BTreeSet::new();
    for doc in documents() {
        let path = Path::new(ROOT).join(&doc);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        for (line, target) in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = target.split_once('#').map_or((target.as_str(), None), |(f, a)| (f, Some(a)));
            let resolved = if file.is_empty() { path.clone() } else { path.parent().unwrap().join(file) };
            let where_ = format!("{}:{line}: {target}", doc.display());
            let Ok(resolved) = resolved.canonicalize() else {
                broken.push(format!("{where_} (no such file)"));
                continue;
            };
            linked.insert(resolved.clone());
            if let Some(anchor) = anchor {
                let target_text = std::fs::read_to_string(&resolved).unwrap_or_default();
                if !anchors(&target_text).contains(anchor) {
                    broken.push(format!("{where_} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let unreachable: Vec<_> = documents()
        .into_iter()
        .filter(|doc| doc != Path::new("README.md"))
        .filter(|doc| !linked.contains(&Path::new(ROOT).join(doc).canonicalize().unwrap()))
        .collect();
    assert!(unreachable.is_empty(), "documents no other document links to: {unreachable:?}");
}

#[test]
fn the_block_and_link_readers_read_what_they_should() {
    let text = "## One\n<!-- not run: needs a server -->\n```sh\nfalse\n```\n\n```toml\nx = 1\n```\n## Two\n```bash\ntrue\n```\n";
    let found = blocks(text);
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].not_run.as_deref(), Some("needs a server"));
    assert_eq!((found[0].section.as_str(), found[0].line), ("One", 3));
    assert!(!found[1].is_shell());
    assert_eq!((found[2].section.as_str(), found[2].not_run.as_deref()), ("Two", None));

    let anchors = anchors("# Title\n## Sharing a store (PostgreSQL)\n## `run`, `export`\n## Same\n## Same\n");
    for anchor in ["title", "sharing-a-store-postgresql", "run-export", "same", "same-1"] {
        assert!(anchors.contains(anchor), "{anchor} in {anchors:?}");
    }
    let links = links("See [the guide](docs/guide.md#members) and `[not](a-link)`.\n[ref]: ../README.md\n");
    assert_eq!(links, [(1, "docs/guide.md#members".to_owned()), (2, "../README.md".to_owned())]);
}
