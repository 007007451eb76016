//! Security schemes as data: how each scheme's credential goes on the wire
//! ([`SentAs`]), and which of an operation's requirements a set of
//! credentials satisfies ([`choose_requirement`]). Sans-IO: the client uses
//! it, and so can code that sends requests with another HTTP client.

use std::fmt;

/// A security scheme of the spec (`components.securitySchemes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scheme {
    /// Its key in `components.securitySchemes`.
    pub name: &'static str,
    /// Where its credential goes.
    pub sent_as: SentAs,
}

/// Where a scheme's credential goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SentAs {
    /// An API key in this header.
    Header(&'static str),
    /// An API key in this query parameter.
    Query(&'static str),
    /// An API key in this cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer <token>`: HTTP `bearer`, and the access token
    /// of `oauth2` and `openIdConnect` schemes.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

impl fmt::Display for SentAs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SentAs::Header(name) => write!(f, "the `{name}` header"),
            SentAs::Query(name) => write!(f, "the `{name}` query parameter"),
            SentAs::Cookie(name) => write!(f, "the `{name}` cookie"),
            SentAs::Bearer => f.write_str("a bearer token"),
            SentAs::Basic => f.write_str("HTTP basic authentication"),
        }
    }
}

/// None of an operation's security requirements can be met with the
/// credentials given; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingCredentials {
    /// The requirements, each the schemes it needs: any one would do.
    pub alternatives: Vec<Vec<&'static str>>,
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing credentials: this operation needs ")?;
        for (i, requirement) in self.alternatives.iter().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            let names: Vec<String> = requirement.iter().map(|name| format!("`{name}`")).collect();
            f.write_str(&names.join(" and "))?;
        }
        Ok(())
    }
}

impl std::error::Error for MissingCredentials {}

/// The schemes whose credentials a request carries, given its operation's
/// requirements (`Request::SECURITY`: alternatives, every scheme of one
/// needed) and whether a credential is at hand for a scheme: the first
/// requirement whose credentials are all at hand. An empty requirement
/// (`{}`: credentials are optional) counts only when no other one is met,
/// so a key that was given is sent; no requirements at all send nothing.
pub fn choose_requirement(
    requirements: &'static [&'static [Scheme]],
    mut have: impl FnMut(&Scheme) -> bool,
) -> Result<&'static [Scheme], MissingCredentials> {
    if requirements.is_empty() {
        return Ok(&[]);
    }
    if let Some(met) = requirements.iter().find(|r| !r.is_empty() && r.iter().all(&mut have)) {
        return Ok(met);
    }
    if requirements.iter().any(|r| r.is_empty()) {
        return Ok(&[]);
    }
    Err(MissingCredentials { alternatives: requirements.iter().map(|r| r.iter().map(|s| s.name).collect()).collect() })
}
