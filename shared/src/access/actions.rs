//! What each role may do: one table, action → the roles allowed it. Every protected
//! handler asks it through [`super::Caller::may`]; the docs and the role-matrix test are
//! read off the same table, so the rule lives in one place.

use serde::Serialize;

use super::claims::Role;

/// Something a member asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Read the roster, media, exports and the arrangement.
    Read,
    /// Write or remove one's own presence, heartbeat, status.
    Presence,
    /// Send messages (chat, comments) to the room.
    Chat,
    /// Publish audio in the LiveKit room.
    Publish,
    /// Upload audio.
    Upload,
    /// Delete an upload or an export (one's own, or any as host).
    Delete,
    /// Render an export.
    Export,
    /// Change the arrangement (`POST /api/arrangement`).
    EditArrangement,
    /// Comment on the song and reply (`POST /api/comments` `add`, `reply`), and resolve
    /// or reopen one's own threads.
    Comment,
    /// Resolve or reopen anyone's comment thread.
    ResolveComments,
    /// Hand out invites, remove or ban members, lock the room.
    Moderate,
}

const EVERYONE: &[Role] = &[Role::Host, Role::Performer, Role::Listener];
const MAKERS: &[Role] = &[Role::Host, Role::Performer];
const HOSTS: &[Role] = &[Role::Host];

/// The rule: each action and the roles allowed it.
pub const RULES: &[(Action, &[Role])] = &[
    (Action::Read, EVERYONE),
    (Action::Presence, EVERYONE),
    (Action::Chat, EVERYONE),
    (Action::Publish, MAKERS),
    (Action::Upload, MAKERS),
    (Action::Delete, MAKERS),
    (Action::Export, MAKERS),
    (Action::EditArrangement, MAKERS),
    (Action::Comment, EVERYONE),
    (Action::ResolveComments, MAKERS),
    (Action::Moderate, HOSTS),
];

/// Every role, in the order the table's columns read.
pub const ROLES: &[Role] = EVERYONE;

impl Action {
    /// Whether `role` may do this.
    pub fn allows(self, role: Role) -> bool {
        RULES
            .iter()
            .find(|(action, _)| *action == self)
            .is_some_and(|(_, roles)| roles.contains(&role))
    }

    /// The action's name in errors and docs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Presence => "presence",
            Self::Chat => "chat",
            Self::Publish => "publish",
            Self::Upload => "upload",
            Self::Delete => "delete",
            Self::Export => "export",
            Self::EditArrangement => "editArrangement",
            Self::Comment => "comment",
            Self::ResolveComments => "resolveComments",
            Self::Moderate => "moderate",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_row_and_the_host_may_do_everything() {
        for (i, (action, roles)) in RULES.iter().enumerate() {
            assert!(roles.contains(&Role::Host), "{action:?}");
            assert!(
                RULES[i + 1..].iter().all(|(a, _)| a != action),
                "{action:?} twice"
            );
        }
    }

    #[test]
    fn a_listener_changes_nothing_and_only_a_host_moderates() {
        for action in [
            Action::Upload,
            Action::Delete,
            Action::Export,
            Action::EditArrangement,
            Action::Publish,
            Action::ResolveComments,
        ] {
            assert!(!action.allows(Role::Listener), "{action:?}");
            assert!(action.allows(Role::Performer), "{action:?}");
        }
        assert!(Action::Chat.allows(Role::Listener));
        assert!(Action::Comment.allows(Role::Listener));
        assert!(!Action::Moderate.allows(Role::Performer));
    }
}
