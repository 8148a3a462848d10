use super::*;

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn tokens(kid: &str) -> Tokens {
    Tokens::new(SigningKeys::single(SigningKey::new(kid, SECRET).unwrap()))
}

fn member(role: Role) -> Member {
    Member {
        session: SessionId::new(),
        member: MemberId::parse("m-1").unwrap(),
        name: DisplayName::parse("Ada").unwrap(),
        role,
        expires_at: 0,
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[test]
fn a_member_token_names_its_member_and_session() {
    let t = tokens("k1");
    let m = member(Role::Host);
    let issued = t.member(&m, now());
    let verified = t.verify_member(&issued.token).unwrap();
    assert_eq!(verified.session, m.session);
    assert_eq!(verified.member, m.member);
    assert_eq!(verified.role, Role::Host);
    assert_eq!(verified.expires_at, issued.expires_at);
}

#[test]
fn an_invite_is_not_a_member_token_nor_the_other_way_round() {
    let t = tokens("k1");
    let invite = t.invite(uuid::Uuid::new_v4(), SessionId::new(), Role::Listener, now(), 600);
    assert!(matches!(
        t.verify_member(&invite.token),
        Err(TokenError::WrongUse { .. })
    ));
    let token = t.member(&member(Role::Performer), now());
    assert!(matches!(
        t.verify_invite(&token.token),
        Err(TokenError::WrongUse { .. })
    ));
}

#[test]
fn an_expired_or_forged_token_is_refused() {
    let t = tokens("k1");
    let old = t.member(&member(Role::Performer), now() - 2 * MEMBER_TOKEN_TTL);
    assert_eq!(t.verify_member(&old.token), Err(TokenError::Expired));
    let forged = Tokens::new(SigningKeys::single(
        SigningKey::new("k1", "another-secret-of-thirty-two-bytes!").unwrap(),
    ))
    .member(&member(Role::Host), now());
    assert!(matches!(
        t.verify_member(&forged.token),
        Err(TokenError::Invalid(_))
    ));
    assert!(matches!(
        t.verify_member("not.a.jwt"),
        Err(TokenError::Invalid(_))
    ));
}

#[test]
fn a_token_of_a_previous_key_still_verifies_after_a_rotation() {
    let before = tokens("k1").member(&member(Role::Performer), now());
    let json =
        format!(r#"{{"kid":"k2","secret":"{SECRET}-2","previous":[{{"kid":"k1","secret":"{SECRET}"}}]}}"#);
    let rotated = Tokens::new(SigningKeys::parse(&json).unwrap());
    assert!(rotated.verify_member(&before.token).is_ok());
    let after = tokens("k3").member(&member(Role::Performer), now());
    assert_eq!(
        rotated.verify_member(&after.token),
        Err(TokenError::UnknownKey("k3".into()))
    );
}

#[test]
fn an_invite_carries_its_id_and_one_minted_before_ids_verifies_without_one() {
    let t = tokens("k1");
    let id = uuid::Uuid::new_v4();
    let session = SessionId::new();
    let invite = t.invite(id, session, Role::Performer, now(), 600);
    assert_eq!(t.verify_invite(&invite.token).unwrap().id, Some(id));
    // The same claims without `jti`, as invites were signed before they had rows.
    let mut claims = member_claims("k1", &member(Role::Performer), now(), 600);
    claims.studio.token_use = TokenUse::Invite;
    claims.video.room = session.to_string();
    let old = sign(t.keys.current(), &claims);
    let verified = t.verify_invite(&old.token).unwrap();
    assert_eq!((verified.id, verified.session), (None, session));
}
