//! Regenerates `completions/` and `man/` from the CLI definition:
//!
//!     cargo run --example generate
//!
//! The test `assets::generated_files_match_the_cli` fails when they drift.

#[path = "../gen/assets.rs"]
mod assets;

fn main() -> std::io::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["completions", "man"] {
        let dir = root.join(folder);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
    }
    for (path, content) in assets::render_all() {
        std::fs::write(root.join(&path), content)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
