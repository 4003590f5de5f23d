//! The formats of `export`: each renders the delivered variables so that its real consumer
//! reads back every byte — a POSIX shell, python-dotenv (and docker compose), any JSON
//! parser, a YAML parser (kubectl), and GitHub Actions' `GITHUB_ENV` file.

use std::fmt::Write as _;

use crate::domain::delivery::Variable;

/// `export NAME='value'` lines: inside single quotes a shell takes every byte literally, and a
/// `'` is closed, escaped and reopened (`'\''`). Safe to `eval`, and to `.` after `set -a`.
pub fn env(vars: &[Variable]) -> String {
    let mut out = String::new();
    for var in vars {
        let _ = writeln!(out, "export {}='{}'", var.name, var.value.replace('\'', r"'\''"));
    }
    out
}

/// `NAME='value'` where the value holds no `'` and no `\` (literal for python-dotenv and
/// docker compose alike); otherwise `NAME="value"` with `\`, `"` and line breaks escaped.
/// Refused (the variable's name and what it holds are returned): a value holding `${`, which
/// python-dotenv and docker compose expand in every quoting, and a value that needs double
/// quotes and holds `$`, which docker compose expands there (`$VAR`) and python-dotenv does
/// not (nor does it read compose's `$$`): no form would read back what was stored in both.
pub fn dotenv(vars: &[Variable]) -> Result<String, (String, &'static str)> {
    let mut out = String::new();
    for var in vars {
        let value = &var.value;
        if value.contains("${") {
            return Err((var.name.clone(), "\"${\", which dotenv readers expand in every quoting"));
        }
        let needs_double_quotes = value.contains(['\'', '\\']);
        if needs_double_quotes && value.contains('$') {
            return Err((
                var.name.clone(),
                "\"$\" beside a ' or \\, which docker compose expands inside the double quotes they need",
            ));
        }
        let quoted = if needs_double_quotes {
            let mut escaped = String::with_capacity(value.len() + 8);
            for c in value.chars() {
                match c {
                    '\\' => escaped.push_str(r"\\"),
                    '"' => escaped.push_str("\\\""),
                    '\n' => escaped.push_str(r"\n"),
                    '\r' => escaped.push_str(r"\r"),
                    '\t' => escaped.push_str(r"\t"),
                    c => escaped.push(c),
                }
            }
            format!("\"{escaped}\"")
        } else {
            format!("'{value}'")
        };
        let _ = writeln!(out, "{}={quoted}", var.name);
    }
    Ok(out)
}

/// One JSON object, the variables in their order.
pub fn json(vars: &[Variable]) -> String {
    let mut out = String::from("{");
    for (i, var) in vars.iter().enumerate() {
        let sep = if i == 0 { "\n  " } else { ",\n  " };
        let _ = write!(out, "{sep}{}: {}", quote(&var.name), quote(&var.value));
    }
    out.push_str(if vars.is_empty() { "}\n" } else { "\n}\n" });
    out
}

/// A Kubernetes `v1` `Secret` manifest with the values in `stringData`. Every scalar is a
/// JSON string, which YAML reads as a double-quoted scalar: no value can change the
/// document's structure.
pub fn k8s(vars: &[Variable], name: &str, namespace: Option<&str>) -> String {
    let mut out = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n");
    let _ = writeln!(out, "  name: {}", quote(name));
    if let Some(namespace) = namespace {
        let _ = writeln!(out, "  namespace: {}", quote(namespace));
    }
    out.push_str("  labels:\n    app.kubernetes.io/managed-by: \"revvy-apps\"\ntype: Opaque\nstringData:");
    if vars.is_empty() {
        out.push_str(" {}");
    }
    out.push('\n');
    for var in vars {
        let _ = writeln!(out, "  {}: {}", quote(&var.name), quote(&var.value));
    }
    out
}

/// GitHub Actions: `::add-mask::` lines for the secrets (stdout, read by the runner before
/// anything else can print them), and `NAME<<DELIMITER` blocks for the `GITHUB_ENV` file. The
/// delimiter is random and checked against every value, as GitHub's documentation asks.
pub struct GitHub {
    pub masks: String,
    pub env_file: String,
}

pub fn github(vars: &[Variable], mut random_suffix: impl FnMut() -> String) -> GitHub {
    let mut masks = String::new();
    let mut env_file = String::new();
    for var in vars {
        if var.secret {
            for line in var.value.lines() {
                let _ = writeln!(masks, "::add-mask::{line}");
            }
        }
        let delimiter = std::iter::repeat_with(|| format!("ghadelimiter_{}", random_suffix()))
            .find(|d| !var.value.contains(d.as_str()))
            .unwrap_or_default();
        let _ = write!(env_file, "{}<<{delimiter}\n{}\n{delimiter}\n", var.name, var.value);
    }
    GitHub { masks, env_file }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, value: &str) -> Variable {
        Variable { name: name.into(), value: value.into(), secret: name.ends_with("SECRET") }
    }

    #[test]
    fn the_shell_form_closes_and_reopens_quotes() {
        assert_eq!(env(&[var("A", "it's $HOME `x`")]), "export A='it'\\''s $HOME `x`'\n");
    }

    #[test]
    fn dotenv_picks_the_quoting_its_reader_takes_literally() {
        assert_eq!(dotenv(&[var("A", "plain $x \"q\"")]).unwrap(), "A='plain $x \"q\"'\n");
        assert_eq!(dotenv(&[var("A", "it's \\ \"q\"\n")]).unwrap(), "A=\"it's \\\\ \\\"q\\\"\\n\"\n");
        assert_eq!(dotenv(&[var("A", "x ${HOME}")]).unwrap_err().0, "A");
        assert_eq!(dotenv(&[var("A", "it's $HOME")]).unwrap_err().0, "A");
        assert_eq!(dotenv(&[var("A", "a\\b $HOME")]).unwrap_err().0, "A");
    }

    #[test]
    fn json_and_k8s_quote_every_scalar() {
        assert_eq!(json(&[var("A", "x\"y"), var("B", "é")]), "{\n  \"A\": \"x\\\"y\",\n  \"B\": \"é\"\n}\n");
        assert_eq!(json(&[]), "{}\n");
        let manifest = k8s(&[var("A", "a: b")], "billing", Some("prod"));
        assert!(manifest.contains("  namespace: \"prod\"\n"));
        assert!(manifest.ends_with("stringData:\n  \"A\": \"a: b\"\n"), "{manifest}");
    }

    #[test]
    fn github_masks_secrets_only_and_never_reuses_a_delimiter_found_in_a_value() {
        let mut n = 0;
        let out = github(&[var("CLIENT_ID", "ghadelimiter_0"), var("CLIENT_SECRET", "s")], || {
            n += 1;
            (n - 1).to_string()
        });
        assert_eq!(out.masks, "::add-mask::s\n");
        assert_eq!(
            out.env_file,
            "CLIENT_ID<<ghadelimiter_1\nghadelimiter_0\nghadelimiter_1\nCLIENT_SECRET<<ghadelimiter_2\ns\nghadelimiter_2\n"
        );
    }
}
