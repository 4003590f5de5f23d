//! The audit trail's model: what happened, to which application, changing which fields.
//! A secret's value never enters an event: a changed secret is named, not shown.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Application;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Edit,
    Disable,
    Enable,
    Regenerate,
    Delete,
    Reveal,
    Passwd,
    Rekey,
    Restore,
    /// A member was added (`access add`).
    AccessAdd,
    /// A member was removed, and the store rekeyed (`access remove`).
    AccessRemove,
    /// The whole store was copied into another one (`copy --to`), recorded in both.
    Copy,
    /// A scoped member's scope grew (`access grant`).
    AccessGrant,
    /// A scoped member's scope shrank, and what it lost got new keys (`access revoke`).
    AccessRevoke,
    /// A scoped member's `verify` accepted a secret (a full member's use is a last-use
    /// record only; a scoped member's is audited, DESIGN §14).
    Use,
}

impl Action {
    /// Every action, as `log --action` offers them.
    pub const ALL: [Self; 16] = [
        Self::Create,
        Self::Edit,
        Self::Disable,
        Self::Enable,
        Self::Regenerate,
        Self::Delete,
        Self::Reveal,
        Self::Passwd,
        Self::Rekey,
        Self::Restore,
        Self::AccessAdd,
        Self::AccessRemove,
        Self::Copy,
        Self::AccessGrant,
        Self::AccessRevoke,
        Self::Use,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Edit => "edit",
            Self::Disable => "disable",
            Self::Enable => "enable",
            Self::Regenerate => "regenerate",
            Self::Delete => "delete",
            Self::Reveal => "reveal",
            Self::Passwd => "passwd",
            Self::Rekey => "rekey",
            Self::Restore => "restore",
            Self::AccessAdd => "access_add",
            Self::AccessRemove => "access_remove",
            Self::Copy => "copy",
            Self::AccessGrant => "access_grant",
            Self::AccessRevoke => "access_revoke",
            Self::Use => "use",
        }
    }
}

/// One field that changed, with its old and new values (`null` where there was none). For
/// `client_secret` both are always `null`: the change is named, its values never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

pub const SECRET_FIELD: &str = "client_secret";

/// The application an event is about, as it was named at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub client_id: String,
    pub name: String,
}

impl Subject {
    pub fn of(app: &Application) -> Self {
        Self { client_id: app.client_id.clone(), name: app.name.clone() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub time: DateTime<Utc>,
    pub action: Action,
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Subject>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// The version of the application's record after this change: `check` compares it with
    /// the row, so an older row put back (a replay) is found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// The command that made a change on another's behalf: `apply`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The member an `access` event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// `REVVY_APPS_ACTOR`, when set: a free-form note beside the actor (the member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A scoped member's event, taken into the log by a full member's write: its place in that
    /// member's own chain (format 6), by which `check` finds one taken in twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoped_seq: Option<i64>,
    /// What the record this change left is (format 6): a scoped member holds its
    /// application's key, so the record's seal alone cannot tell one it made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_as: Option<SealedAs>,
}

/// The epoch of the key a record was sealed under, and its digest (hex), as an event keeps
/// them: a row whose key or content is not what the log last recorded was not written by a
/// full member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedAs {
    pub epoch: i64,
    pub digest: String,
}

/// What `check` needs of an event: its action, its application and the version it left. Read
/// without the rest (the field changes are most of an event's bytes).
#[derive(Debug, Clone, Deserialize)]
pub struct EventSummary {
    pub action: Action,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub application: Option<SubjectId>,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub scoped_seq: Option<i64>,
    #[serde(default)]
    pub sealed_as: Option<SealedAs>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SubjectId {
    pub client_id: String,
}

impl EventSummary {
    /// The client ID an event that changes a record is filed under (see [`Event::changes_record`]).
    pub fn record_subject(&self) -> Option<&str> {
        let subject = self.application.as_ref()?;
        (self.version.is_some() || self.action == Action::Delete).then_some(subject.client_id.as_str())
    }
}

impl Event {
    /// The client ID an event that changes a record is filed under.
    pub fn record_subject(&self) -> Option<&str> {
        self.application.as_ref().filter(|_| self.changes_record()).map(|subject| subject.client_id.as_str())
    }

    /// True for the events that change an application's record (and carry the version they
    /// left, or delete it): the ones a row put back from an older copy is compared with.
    pub fn changes_record(&self) -> bool {
        self.application.is_some() && (self.version.is_some() || self.action == Action::Delete)
    }
}

/// The user-visible fields of an application as JSON values, in display order. Secrets are
/// not among them.
fn visible_fields(app: &Application) -> [(&'static str, Value); 11] {
    let s = &app.settings;
    [
        ("name", json!(app.name)),
        ("status", json!(app.status.as_str())),
        ("tenant", json!(s.tenant)),
        ("multi_tenant", json!(s.multi_tenant)),
        ("access_token_lifetime", json!(s.access_token_lifetime)),
        ("refresh_token_lifetime", json!(s.refresh_token_lifetime)),
        ("grant_types", json!(s.grant_types)),
        ("scopes", json!(s.scopes)),
        ("callback_urls", json!(s.callback_urls)),
        ("signout_urls", json!(s.signout_urls)),
        ("secret_lifetime", json!(s.secret_lifetime)),
    ]
}

/// The fields that differ between two versions of an application, with old and new values;
/// a changed secret is listed by name only.
pub fn changes(old: &Application, new: &Application) -> Vec<FieldChange> {
    let mut out: Vec<FieldChange> = visible_fields(old)
        .into_iter()
        .zip(visible_fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldChange { field: field.to_owned(), old: a, new: b })
        .collect();
    if old.client_secret != new.client_secret {
        out.push(FieldChange { field: SECRET_FIELD.to_owned(), old: Value::Null, new: Value::Null });
    }
    if old.previous_secret_expires_at != new.previous_secret_expires_at {
        out.push(FieldChange {
            field: "previous_secret_expires_at".to_owned(),
            old: json!(old.previous_secret_expires_at),
            new: json!(new.previous_secret_expires_at),
        });
    }
    out
}

/// The fields of a new application, as changes from nothing.
pub fn initial_fields(app: &Application) -> Vec<FieldChange> {
    visible_fields(app)
        .into_iter()
        .map(|(field, value)| FieldChange { field: field.to_owned(), old: Value::Null, new: value })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    #[test]
    fn changes_name_fields_and_never_secret_values() {
        let old = Application::new("a".into(), Settings::default());
        let mut new = old.clone();
        new.settings.scopes = vec!["read".into()];
        new.rotate_secret(None);
        let found = changes(&old, &new);
        let fields: Vec<_> = found.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["scopes", "client_secret"]);
        let text = serde_json::to_string(&found).unwrap();
        assert!(!text.contains(old.client_secret.expose()) && !text.contains(new.client_secret.expose()));
        assert_eq!(found[0].new, json!(["read"]));
    }
}
