//! Where the site may send a browser back to: the one judge of every `next` and `back` target.
//!
//! Any handler that redirects to an address taken from the request (a `next` query or form
//! field after login, a language switch, an event form) goes through [`LocalPath::parse`] or
//! [`local_path`]; nothing else builds a `Location` from client input. A target is accepted
//! only when it is a path on this site as a browser will read it:
//!
//! 1. it starts with exactly one `/` (not `//host`, not `/\host`, no scheme);
//! 2. it holds no control character, space or backslash anywhere: browsers silently drop tabs
//!    and newlines (`/\t/evil.example` becomes `//evil.example`) and read `\` as `/`;
//! 3. parsed by the WHATWG URL parser (the `url` crate, the browsers' own algorithm) against
//!    this site, it stays on this site, and its normalised path does not start with `//`
//!    (`/.//evil.example` normalises to `//evil.example`, which a browser would read as a host).
//!
//! What leaves is the normalised, percent-encoded form, so a `Location` header is always valid
//! ASCII (non-ASCII letters in a search query are kept, encoded).

use url::Url;

/// A path on this site, safe to put in a `Location` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// The target if it stays on this site (see the module doc), else `None`.
    pub fn parse(target: &str) -> Option<LocalPath> {
        let rest = target.strip_prefix('/')?;
        if rest.starts_with(['/', '\\'])
            || target
                .chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        {
            return None;
        }
        let base = Url::parse("http://circula.invalid/").expect("a valid base");
        let url = base.join(target).ok()?;
        if url.origin() != base.origin() || url.path().starts_with("//") {
            return None;
        }
        let mut path = url.path().to_string();
        if let Some(query) = url.query() {
            path.push('?');
            path.push_str(query);
        }
        if let Some(fragment) = url.fragment() {
            path.push('#');
            path.push_str(fragment);
        }
        Some(LocalPath(path))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The target if it stays on this site, else the front page.
pub fn local_path(next: Option<&str>) -> String {
    next.and_then(LocalPath::parse)
        .map_or_else(|| "/".to_string(), LocalPath::into_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for kept in [
            "/",
            "/members?page=2",
            "/events/3#schedule",
            "/sessions/12?tz=Asia/Almaty",
            "/library?q=a%20b",
            "/%2F/evil.example",
            "/%09/evil.example",
        ] {
            assert_eq!(local_path(Some(kept)), kept, "{kept}");
        }
        // Letters outside ASCII are encoded, never refused.
        assert_eq!(
            local_path(Some("/members?q=Алматы")),
            "/members?q=%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B"
        );
        // Dot segments are resolved as the browser would.
        assert_eq!(local_path(Some("/events/../members")), "/members");
    }

    #[test]
    fn everything_that_could_leave_the_site_goes_home() {
        let corpus = [
            "",
            "members",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "\t//evil.example",
            " //evil.example",
            "/x\\..\\/evil.example",
            "/.//evil.example",
            "/./\\evil.example",
            "/a/..//evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "/\\/evil.example",
        ];
        for target in corpus {
            assert_eq!(local_path(Some(target)), "/", "{target:?}");
            assert!(LocalPath::parse(target).is_none(), "{target:?}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn look_alike_slashes_stay_in_the_path() {
        // Full-width and other Unicode slashes are no separators to a browser's path parser:
        // they stay (encoded) in a path on this site.
        for target in ["/\u{ff0f}evil.example", "/\u{2215}evil.example"] {
            let kept = local_path(Some(target));
            assert!(kept.starts_with("/%"), "{target:?} gave {kept}");
            assert!(!kept.starts_with("//"));
        }
    }
}
