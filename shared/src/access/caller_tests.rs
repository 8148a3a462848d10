use super::*;
use crate::error::ApiError;

fn member(role: Role) -> Member {
    Member {
        session: SessionId::new(),
        member: MemberId::parse("m-1").unwrap(),
        name: DisplayName::parse("Ada").unwrap(),
        role,
        expires_at: 4_000_000_000,
    }
}

#[test]
fn the_context_carries_the_member_both_ways() {
    let m = member(Role::Host);
    let fields: HashMap<String, Value> = m.to_context().into_iter().collect();
    assert_eq!(Member::from_context(&fields), Some(m.clone()));
    // As a WebSocket authorizer's context arrives: every value a string.
    let strings: HashMap<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (k, Value::String(v.as_str().map_or(v.to_string(), str::to_owned))))
        .collect();
    assert_eq!(Member::from_context(&strings), Some(m));
}

#[test]
fn a_performer_acts_only_as_itself_in_its_own_session() {
    let m = member(Role::Performer);
    let caller = Caller::Member(m.clone());
    assert_eq!(caller.acting_as("").unwrap(), m.member);
    assert_eq!(caller.acting_as("m-1").unwrap(), m.member);
    assert_eq!(
        caller
            .acting_as("m-2")
            .map_err(ApiError::from)
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(caller.display_name("").unwrap(), m.name);
    assert_eq!(caller.display_name("Ada").unwrap(), m.name);
    assert_eq!(
        caller
            .display_name("Hana")
            .map_err(ApiError::from)
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        caller
            .removing("m-2")
            .map_err(ApiError::from)
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(caller.room("").unwrap().as_str(), m.session.to_string());
    let canonical = m.session.to_string();
    let simple = canonical.replace('-', "").to_uppercase();
    for spelling in [canonical.to_uppercase(), simple, format!("urn:uuid:{canonical}")] {
        assert_eq!(caller.room(&spelling).unwrap().as_str(), canonical, "{spelling}");
    }
    assert_eq!(
        caller
            .room("another-room")
            .map_err(ApiError::from)
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        caller
            .may_use(Some(SessionId::new()))
            .map_err(ApiError::from)
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        caller.may_use(None).map_err(ApiError::from).unwrap_err().status(),
        403
    );
}

#[test]
fn a_host_may_remove_others_and_anyone_may_do_anything_in_open_mode() {
    let host = Caller::Member(member(Role::Host));
    assert_eq!(host.removing("m-2").unwrap().as_str(), "m-2");
    assert_eq!(Caller::Anyone.acting_as("m-9").unwrap().as_str(), "m-9");
    assert!(Caller::Anyone.may_use(None).is_ok());
}

#[test]
fn an_expired_member_or_no_context_is_unauthenticated() {
    let mut m = member(Role::Performer);
    m.expires_at = 10;
    let fields: HashMap<String, Value> = m.to_context().into_iter().collect();
    let err = ApiError::from(Caller::from_fields(Some(&fields), 20).unwrap_err());
    assert_eq!((err.status().as_u16(), err.code()), (401, "token_expired"));
    let err = ApiError::from(Caller::from_fields(None, 20).unwrap_err());
    assert_eq!(err.code(), "unauthenticated");
}

#[test]
fn a_listener_is_refused_what_changes_the_session_and_nothing_in_open_mode() {
    let listener = Caller::Member(member(Role::Listener));
    let err = ApiError::from(listener.may(Action::Upload).unwrap_err());
    assert_eq!((err.status().as_u16(), err.code()), (403, "role_forbids"));
    assert!(listener.may(Action::Chat).is_ok());
    assert!(Caller::Anyone.may(Action::Moderate).is_ok());
    assert!(listener.removing("m-2").is_err());
}

#[test]
fn a_listener_resolves_only_its_own_threads_and_a_performer_anyones() {
    let listener = Caller::Member(member(Role::Listener));
    let own = MemberId::parse("m-1").unwrap();
    let other = MemberId::parse("m-2").unwrap();
    assert!(listener.may_resolve(Some(&own)).is_ok());
    let err = ApiError::from(listener.may_resolve(Some(&other)).unwrap_err());
    assert_eq!((err.status().as_u16(), err.code()), (403, "role_forbids"));
    assert!(
        listener.may_resolve(None).is_err(),
        "a thread of no member is not its own"
    );
    let performer = Caller::Member(member(Role::Performer));
    assert!(performer.may_resolve(Some(&other)).is_ok());
    assert!(Caller::Anyone.may_resolve(None).is_ok());
}
