//! What `apply` would do: compare the applications a manifest describes with those in the
//! store. Matching is by name (case-insensitively); keys a manifest leaves out are left alone.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::audit::{self, FieldChange};
use super::invalid::{Invalid, Located};
use super::manifest::DesiredApp;
use super::rules::{self, name_key};
use super::{Application, Settings, application::now};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepAction {
    Create,
    Update,
    Unchanged,
    Delete,
}

impl StepAction {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Unchanged => "unchanged",
            Self::Delete => "delete",
        }
    }
}

/// One step of a plan.
#[derive(Debug, Clone)]
pub struct Step {
    pub action: StepAction,
    pub name: String,
    pub changes: Vec<FieldChange>,
    /// The application after the step (before it, for a deletion).
    pub application: Application,
    /// Index of the current application in the slice the plan was made from.
    pub current: Option<usize>,
}

pub fn plan(
    current: &[&Application],
    desired: &[DesiredApp],
    defaults: &Settings,
    policy: Option<&rules::SecretPolicy>,
    prune: bool,
) -> Result<Vec<Step>, Located<Invalid>> {
    // A refusal found while planning names the line of the manifest table it concerns.
    let mut steps = Vec::with_capacity(desired.len());
    let index: HashMap<String, usize> = current.iter().enumerate().map(|(i, app)| (name_key(&app.name), i)).collect();
    let wanted: HashSet<String> = desired.iter().map(|want| name_key(&want.name)).collect();
    for want in desired {
        let at = |error: Invalid| Located { line: want.line, column: None, error };
        match index.get(&name_key(&want.name)).copied() {
            None => {
                let mut app = Application::new(want.name.clone(), want.change.apply_to(defaults).map_err(at)?);
                rules::enforce_policy(policy, true, app.settings.secret_lifetime).map_err(at)?;
                if let Some(status) = want.status {
                    app.status = status;
                }
                steps.push(Step {
                    action: StepAction::Create,
                    name: app.name.clone(),
                    changes: audit::initial_fields(&app),
                    application: app,
                    current: None,
                });
            }
            Some(index) => {
                let old = current[index];
                let mut next = old.clone();
                next.name.clone_from(&want.name);
                next.settings = want.change.apply_to(&old.settings).map_err(at)?;
                rules::enforce_policy(policy, want.change.secret_lifetime.is_some(), next.settings.secret_lifetime)
                    .map_err(at)?;
                if let Some(status) = want.status {
                    next.status = status;
                }
                let changes = audit::changes(old, &next);
                let action = if changes.is_empty() {
                    next = old.clone();
                    StepAction::Unchanged
                } else {
                    next.updated_at = now();
                    StepAction::Update
                };
                steps.push(Step { action, name: next.name.clone(), changes, application: next, current: Some(index) });
            }
        }
    }
    if prune {
        for (index, app) in current.iter().enumerate() {
            if !wanted.contains(&name_key(&app.name)) {
                steps.push(Step {
                    action: StepAction::Delete,
                    name: app.name.clone(),
                    changes: Vec::new(),
                    application: (*app).clone(),
                    current: Some(index),
                });
            }
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::manifest::parse_manifest;

    #[test]
    fn plans_create_update_unchanged_and_delete() {
        let existing = [
            Application::new("same".into(), Settings::default()),
            Application::new("changed".into(), Settings::default()),
            Application::new("extra".into(), Settings::default()),
        ];
        let current: Vec<&Application> = existing.iter().collect();
        let (desired, _) = parse_manifest(
            "[[application]]\nname = \"same\"\n[[application]]\nname = \"changed\"\nscopes = [\"x\"]\n[[application]]\nname = \"new\"\n",
        )
        .unwrap();
        let steps = plan(&current, &desired, &Settings::default(), None, true).unwrap();
        let summary: Vec<_> = steps.iter().map(|s| (s.action, s.name.as_str())).collect();
        assert_eq!(
            summary,
            [
                (StepAction::Unchanged, "same"),
                (StepAction::Update, "changed"),
                (StepAction::Create, "new"),
                (StepAction::Delete, "extra")
            ]
        );
        assert_eq!(steps[1].changes[0].field, "scopes");
        let without_prune = plan(&current, &desired, &Settings::default(), None, false).unwrap();
        assert_eq!(without_prune.len(), 3);
    }

    #[test]
    fn an_inconsistent_app_names_its_line() {
        let (desired, _) = parse_manifest(
            "[[application]]\nname = \"a\"\n\n[[application]]\nname = \"b\"\ngrant_types = [\"code\"]\n",
        )
        .unwrap();
        let err = plan(&[], &desired, &Settings::default(), None, false).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.error.message.contains("callback URL"));
    }
}
