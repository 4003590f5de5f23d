//! The reading commands' filters: `list` and `log`.

use clap::builder::TypedValueParser as _;
use clap::{ArgAction, Args};

use crate::domain::Status;

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only events about this application (name or client ID, also of a deleted one)
    #[arg(value_name = "APP")]
    pub app: Option<String>,

    /// Only events since then: a duration (7d, 12h), a date (2026-12-03, in UTC), a time
    /// (2026-12-03 11:41, or RFC 3339), today or yesterday
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only the last N events
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Only events of this action (repeatable): create, edit, reveal, ...
    #[arg(long, value_name = "ACTION", action = ArgAction::Append, value_parser = action_parser(), hide_possible_values = true)]
    pub action: Vec<String>,

    /// Only events by this member (or with this REVVY_APPS_ACTOR note)
    #[arg(long, value_name = "MEMBER")]
    pub actor: Option<String>,

    /// Print the table straight to the terminal, not through $PAGER
    #[arg(long)]
    pub no_pager: bool,
}

/// The audit log's action names (clap lists them when one is mistyped).
fn action_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::domain::audit::Action::ALL.map(crate::domain::audit::Action::as_str),
    )
}

/// `active` or `disabled`, parsed into the domain's type (clap lists and checks the words).
fn status_parser() -> impl clap::builder::TypedValueParser<Value = Status> {
    clap::builder::PossibleValuesParser::new([Status::Active.as_str(), Status::Disabled.as_str()])
        .try_map(|word| word.parse::<Status>().map_err(|invalid| invalid.message))
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only applications with this status: active or disabled
    #[arg(long, value_name = "STATUS", value_parser = status_parser(), hide_possible_values = true)]
    pub status: Option<Status>,

    /// Only applications of this tenant
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Only applications whose name contains this text (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub name_contains: Option<String>,

    /// Only applications whose secret has expired or expires within this time (e.g. 30d); shows the Expires column
    #[arg(long, value_name = "DURATION")]
    pub expiring: Option<String>,

    /// Only applications with no successful verify in this time (e.g. 90d; never-used ones older than that count)
    #[arg(long, value_name = "DURATION")]
    pub unused_since: Option<String>,

    /// Add the columns Expires, Last Used and Old Secret Used (a grace period's), as in 9d or 3h ago
    #[arg(long)]
    pub wide: bool,
}
