//! The JSON shape (README, "JSON output"): one object per application, snake_case keys named
//! after the application's fields.
//! Without `--reveal` the key `client_secret` is absent and `client_secret_masked` present,
//! so a script can never take a masked value for a secret.

use std::io::{self, Write};

use serde::Serialize;

use super::{ListView, ListWriter, MachineKey, Render, Rendered, timestamp};
use crate::domain::application::now;
use crate::domain::audit::{FieldChange, Subject};
use crate::domain::member::Member;
use crate::domain::plan::{Step, StepAction};
use crate::domain::{Application, GrantType};
use crate::error::Error;
use crate::store::{CheckReport, RemovalKind, RemovalReport, StoreIdentity, StoredEvent};

pub struct JsonRender;

#[derive(Serialize)]
struct ApplicationJson<'a> {
    name: &'a str,
    client_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret_masked: Option<String>,
    status: &'static str,
    tenant: &'a str,
    multi_tenant: bool,
    access_token_lifetime: u32,
    refresh_token_lifetime: Option<u32>,
    grant_types: &'a [GrantType],
    scopes: &'a [String],
    callback_urls: &'a [String],
    signout_urls: &'a [String],
    created_at: String,
    updated_at: String,
    secret_created_at: String,
    previous_secret_expires_at: Option<String>,
    secret_lifetime: Option<u32>,
    secret_expires_at: Option<String>,
    last_used_at: Option<String>,
    previous_secret_last_used_at: Option<String>,
}

impl<'a> ApplicationJson<'a> {
    fn new(app: &'a Application, reveal: bool) -> Self {
        let settings = &app.settings;
        Self {
            name: &app.name,
            client_id: &app.client_id,
            client_secret: reveal.then(|| app.client_secret.expose()),
            client_secret_masked: (!reveal).then(|| app.client_secret.masked()),
            status: app.status.as_str(),
            tenant: &settings.tenant,
            multi_tenant: settings.multi_tenant,
            access_token_lifetime: settings.access_token_lifetime,
            refresh_token_lifetime: settings.refresh_token_lifetime,
            grant_types: &settings.grant_types,
            scopes: &settings.scopes,
            callback_urls: &settings.callback_urls,
            signout_urls: &settings.signout_urls,
            created_at: timestamp(&app.created_at),
            updated_at: timestamp(&app.updated_at),
            secret_created_at: timestamp(&app.secret_created_at),
            previous_secret_expires_at: app.previous_secret_expiry(now()).as_ref().map(timestamp),
            secret_lifetime: settings.secret_lifetime,
            secret_expires_at: app.secret_expires_at().as_ref().map(timestamp),
            last_used_at: app.usage.last_used_at.as_ref().map(timestamp),
            previous_secret_last_used_at: app.usage.previous_secret_last_used_at.as_ref().map(timestamp),
        }
    }
}

/// A JSON array written item by item, byte for byte as `to_vec_pretty` writes the whole.
struct JsonList {
    count: usize,
}

impl ListWriter for JsonList {
    fn push(&mut self, out: &mut dyn Write, item: Rendered) -> io::Result<()> {
        let Rendered::Json(bytes) = item else { return Ok(()) };
        out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        self.count += 1;
        out.write_all(&bytes)
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

#[derive(Serialize)]
struct EventJson<'a> {
    id: i64,
    time: String,
    action: &'static str,
    actor: &'a str,
    application: Option<&'a Subject>,
    changes: &'a [FieldChange],
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor_note: Option<&'a str>,
}

/// A member as `access list` prints it: never a key.
#[derive(Serialize)]
struct MemberJson<'a> {
    name: &'a str,
    kind: &'static str,
    created_at: String,
    created_by: &'a str,
    current: bool,
    /// `null` for a full member.
    scope: Option<ScopeJson<'a>>,
}

#[derive(Serialize)]
struct ScopeJson<'a> {
    applications: &'a [String],
    tenants: &'a [String],
}

impl<'a> MemberJson<'a> {
    fn new(member: &'a Member) -> Self {
        Self {
            name: &member.name,
            kind: member.kind.as_str(),
            created_at: timestamp(&member.created_at),
            created_by: &member.created_by,
            current: member.current,
            scope: member
                .scope
                .as_ref()
                .map(|scope| ScopeJson { applications: &scope.applications, tenants: &scope.tenants }),
        }
    }
}

/// `accept-store`: the store at a location and what this machine knew there.
#[derive(Serialize)]
struct StoreIdentityJson<'a> {
    store: &'a str,
    store_id: &'a str,
    created_at: Option<String>,
    members: Vec<MemberJson<'a>>,
    known: Option<KnownStoreJson<'a>>,
    rolled_back: Option<RolledBackJson>,
}

/// The store is behind what this machine saw of it.
#[derive(Serialize)]
struct RolledBackJson {
    seen_event: i64,
    store_event: i64,
}

#[derive(Serialize)]
struct KnownStoreJson<'a> {
    store_id: &'a str,
    since: String,
}

#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'static str,
    message: String,
    exit_code: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

/// Serialised into memory first: one write instead of one per token.
fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    out.write_all(&text)
}

impl Render for JsonRender {
    fn application(&self, out: &mut dyn Write, app: &Application, reveal: bool) -> io::Result<()> {
        write_json(out, &ApplicationJson::new(app, reveal))
    }

    fn list_item(&self, app: &Application, reveal: bool) -> Rendered {
        // Laid out as `to_vec_pretty` lays out an array's item, one level in: a one-item
        // array, without its brackets.
        let array = serde_json::to_vec_pretty(&[ApplicationJson::new(app, reveal)]).unwrap_or_default();
        Rendered::Json(array.get(2..array.len().saturating_sub(2)).unwrap_or_default().to_vec())
    }

    fn list(&self, _view: ListView, _reveal: bool) -> Box<dyn ListWriter> {
        Box::new(JsonList { count: 0 })
    }

    fn events(&self, out: &mut dyn Write, events: &[&StoredEvent]) -> io::Result<()> {
        let items: Vec<_> = events
            .iter()
            .map(|stored| EventJson {
                id: stored.id,
                time: timestamp(&stored.event.time),
                action: stored.event.action.as_str(),
                actor: &stored.event.actor,
                application: stored.event.application.as_ref(),
                changes: &stored.event.changes,
                via: stored.event.via.as_deref(),
                member: stored.event.member.as_deref(),
                actor_note: stored.event.note.as_deref(),
            })
            .collect();
        write_json(out, &items)
    }

    fn check(&self, out: &mut dyn Write, report: &CheckReport) -> io::Result<()> {
        #[derive(Serialize)]
        struct CheckJson<'a> {
            ok: bool,
            applications: usize,
            events: usize,
            problems: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            expiring: Option<Vec<ExpiringJson<'a>>>,
        }
        #[derive(Serialize)]
        struct ExpiringJson<'a> {
            name: &'a str,
            client_id: &'a str,
            secret_expires_at: String,
        }
        let ok = report.problems.is_empty();
        let expiring = report.expiring.as_ref().map(|list| {
            list.iter()
                .map(|e| ExpiringJson {
                    name: &e.name,
                    client_id: &e.client_id,
                    secret_expires_at: timestamp(&e.secret_expires_at),
                })
                .collect()
        });
        write_json(
            out,
            &CheckJson {
                ok,
                applications: report.applications,
                events: report.events,
                problems: &report.problems,
                expiring,
            },
        )
    }

    fn plan(&self, out: &mut dyn Write, steps: &[Step], dry_run: bool, reveal: bool) -> io::Result<()> {
        #[derive(Serialize)]
        struct StepJson<'a> {
            action: &'static str,
            name: &'a str,
            changes: &'a [FieldChange],
            application: Option<ApplicationJson<'a>>,
        }
        let items: Vec<_> = steps
            .iter()
            .map(|step| StepJson {
                action: step.action.as_str(),
                name: &step.name,
                changes: &step.changes,
                // A dry run creates nothing: there are no credentials to show yet.
                application: (!(dry_run && step.action == StepAction::Create))
                    .then(|| ApplicationJson::new(&step.application, reveal && step.action == StepAction::Create)),
            })
            .collect();
        write_json(out, &items)
    }

    fn verified(&self, out: &mut dyn Write, app: &Application, matched: &str) -> io::Result<()> {
        #[derive(Serialize)]
        struct VerifiedJson<'a> {
            valid: bool,
            name: &'a str,
            client_id: &'a str,
            matched: &'a str,
        }
        write_json(out, &VerifiedJson { valid: true, name: &app.name, client_id: &app.client_id, matched })
    }

    fn session(&self, out: &mut dyn Write, token: &str, expires_at: &str, _bare: bool) -> io::Result<()> {
        #[derive(Serialize)]
        struct SessionJson<'a> {
            session: &'a str,
            expires_at: &'a str,
        }
        write_json(out, &SessionJson { session: token, expires_at })
    }

    fn store_identity(&self, out: &mut dyn Write, identity: &StoreIdentity) -> io::Result<()> {
        write_json(
            out,
            &StoreIdentityJson {
                store: &identity.shown,
                store_id: &identity.store_id,
                created_at: identity.created_at.as_ref().map(timestamp),
                members: identity.members.iter().map(MemberJson::new).collect(),
                known: identity
                    .known
                    .as_ref()
                    .map(|(store_id, since)| KnownStoreJson { store_id, since: timestamp(since) }),
                rolled_back: identity
                    .rolled_back
                    .map(|(seen_event, store_event)| RolledBackJson { seen_event, store_event }),
            },
        )
    }

    fn members(&self, out: &mut dyn Write, members: &[Member]) -> io::Result<()> {
        write_json(out, &members.iter().map(MemberJson::new).collect::<Vec<_>>())
    }

    fn member_added(&self, out: &mut dyn Write, member: &Member, key: Option<&MachineKey>) -> io::Result<()> {
        #[derive(Serialize)]
        struct Added<'a> {
            #[serde(flatten)]
            member: MemberJson<'a>,
            /// A machine member's key, handed out this once.
            #[serde(skip_serializing_if = "Option::is_none")]
            identity: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            public_key: Option<&'a str>,
        }
        let added = Added {
            member: MemberJson::new(member),
            identity: key.map(|key| key.secret),
            public_key: key.map(|key| key.public),
        };
        let text = zeroize::Zeroizing::new(serde_json::to_vec_pretty(&added)?);
        out.write_all(&text)?;
        out.write_all(b"\n")
    }

    fn member_removed(&self, out: &mut dyn Write, report: &RemovalReport) -> io::Result<()> {
        #[derive(Serialize)]
        struct Removed<'a> {
            removed: &'a str,
            rekeyed: bool,
            revealed_by_member: &'a [String],
            applications_readable: usize,
            sessions_ended: usize,
        }
        write_json(
            out,
            &Removed {
                removed: &report.removed,
                // The whole store got a new data key (a full member's removal).
                rekeyed: report.kind == RemovalKind::Member,
                revealed_by_member: &report.revealed_by_member,
                applications_readable: report.applications_readable,
                sessions_ended: report.rekey.sessions_ended,
            },
        )
    }

    fn error(&self, out: &mut dyn Write, err: &Error) -> io::Result<()> {
        let envelope = ErrorEnvelope {
            error: ErrorBody {
                code: err.kind().code(),
                message: err.full_message(),
                exit_code: err.kind().exit_code(),
                hint: err.hint(),
            },
        };
        serde_json::to_writer(&mut *out, &envelope)?;
        out.write_all(b"\n")
    }
}
