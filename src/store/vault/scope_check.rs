//! `check`'s part for scoped members (format 6).

use super::scope::{open_grant, scoped_in};
use super::scope_events::{Chain, Entry};
use crate::domain::audit::Action;
use crate::error::Result;
use crate::store::backend::GrantRow;

impl super::Store {
    /// `check`'s part for scoped members (format 6): each scope opens; each member holds a
    /// grant, opening to the application's key, to exactly the applications its scope
    /// covers; each member's chain of events verifies, and its mark matches what the log
    /// took in of it, each event once.
    pub(super) fn check_scopes(
        &self,
        report: &mut super::CheckReport,
        members: &[crate::store::backend::MemberRow],
        events: &[(i64, crate::domain::audit::EventSummary)],
        apps: &[super::Stored],
    ) -> Result<()> {
        let (store_id, path) = (&self.state.store_id, &self.state.path);
        let scoped = match scoped_in(members, &self.keys, store_id, path) {
            Ok(scoped) => scoped,
            Err(err) => {
                report.problems.push(err.message().to_owned());
                return Ok(());
            }
        };
        let grants = self.conn.grants(None)?;
        let pending = self.conn.scope_events(None)?;
        let is_scoped = |id: i64| scoped.iter().any(|member| member.row.id == id);
        for grant in grants.iter().filter(|grant| !is_scoped(grant.member_id)) {
            report.problems.push(format!(
                "a grant to the application in row {} is held by member row {}, which is no scoped member",
                grant.app_id, grant.member_id
            ));
        }
        if let Some(row) = pending.iter().find(|row| !is_scoped(row.member_id)) {
            report
                .problems
                .push(format!("the store holds events of member row {}, which is no scoped member", row.member_id));
        }
        for member in &scoped {
            let name = &member.row.name;
            let held: Vec<&GrantRow> = grants.iter().filter(|grant| grant.member_id == member.row.id).collect();
            for stored in apps {
                let covered = member.scope.covers(stored.row_id, &stored.app);
                match (covered, held.iter().find(|grant| grant.app_id == stored.row_id)) {
                    (true, None) => report.problems.push(format!(
                        "the scoped member {name:?} holds no key to {:?}, which its scope covers (a grant was removed, or never made because the member list was altered for a write, outside revvy-apps)",
                        stored.app.name
                    )),
                    (false, Some(_)) => report.problems.push(format!(
                        "the scoped member {name:?} holds a key to {:?}, outside its scope",
                        stored.app.name
                    )),
                    (true, Some(grant)) => {
                        let expected = self.keys.app_key(store_id, stored.row_id, stored.epoch);
                        let opens = open_grant(&member.keys, store_id, grant, stored.epoch)
                            .is_some_and(|key| crate::store::seal::crypto::mac_eq(key.as_bytes(), expected.as_bytes()));
                        if !opens {
                            report.problems.push(format!(
                                "the grant of {:?} to the scoped member {name:?} failed authentication",
                                stored.app.name
                            ));
                        }
                    }
                    (false, None) => {}
                }
            }
            for grant in held.iter().filter(|grant| !apps.iter().any(|stored| stored.row_id == grant.app_id)) {
                report.problems.push(format!(
                    "the scoped member {name:?} holds a grant to row {}, where no application is",
                    grant.app_id
                ));
            }
            let rows: Vec<_> = pending.iter().filter(|row| row.member_id == member.row.id).cloned().collect();
            let chain = match Chain::verify(&member.keys, store_id, name, &rows) {
                Ok(chain) => chain,
                Err(err) => {
                    report.problems.push(err.message().to_owned());
                    continue;
                }
            };
            // What the log took in of this member, since it was last added.
            let mut taken_in: Vec<i64> = Vec::new();
            for (_, event) in events {
                let about_member = event.scoped_seq.is_none() && event.member.as_deref() == Some(name.as_str());
                if about_member && matches!(event.action, Action::AccessAdd | Action::AccessRemove) {
                    taken_in.clear();
                }
                if let (true, Some(seq)) = (event.actor == *name, event.scoped_seq) {
                    taken_in.push(seq);
                }
            }
            if taken_in.windows(2).any(|pair| pair[1] <= pair[0]) {
                report.problems.push(format!(
                    "the audit log took in events of the scoped member {name:?} twice or out of order (events put back outside revvy-apps)"
                ));
            }
            // The mark is where the last write that took events in stopped (an event it left
            // out counts): no event taken in lies beyond it, and none was taken in without it.
            let through = match chain.entries.first() {
                Some((_, Entry::TakenIn { through, .. })) => Some(*through),
                _ => None,
            };
            let goes_on = match (through, taken_in.last()) {
                (Some(through), Some(last)) => *last <= through,
                (None, last) => last.is_none(),
                (Some(_), None) => true,
            };
            if !goes_on {
                report.problems.push(format!(
                    "the events of the scoped member {name:?} do not go on from what the audit log took in of them (removed or put back outside revvy-apps)"
                ));
            }
        }
        Ok(())
    }
}
