//! HTTP API routes and how a request finds one, as API Gateway matches them: exact paths
//! before parameterised ones, a greedy `{name+}` last.

use std::collections::BTreeMap;

use super::authorizers::HttpAuthorizer;

/// One route of the HTTP API: `METHOD /path` invoking a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute {
    /// An upper-case method, or `ANY`.
    pub method: String,
    /// The path template, such as `/sessions/{id}`.
    pub path: String,
    /// The function's name (its binary).
    pub function: String,
    /// The Lambda authorizer in front of the route, if any.
    pub authorizer: Option<HttpAuthorizer>,
}

impl HttpRoute {
    /// The route key API Gateway puts in the event: `GET /api/sessions`.
    pub fn route_key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    fn specificity(&self) -> (usize, usize, bool) {
        let segments = segments(&self.path);
        let greedy = segments.iter().any(|s| s.ends_with("+}"));
        let literal = segments.iter().filter(|s| !s.starts_with('{')).count();
        (usize::from(!greedy), literal, self.method != "ANY")
    }
}

/// What looking a request up found.
#[derive(Debug, PartialEq, Eq)]
pub enum RouteMatch<'a> {
    /// A route, with the values of its path parameters.
    Found(&'a HttpRoute, BTreeMap<String, String>),
    /// The path is known but not with this method; the methods it takes.
    MethodNotAllowed(Vec<String>),
    /// No route has this path.
    NotFound,
}

/// Finds the route for `method` and `path`: the most specific route that takes both,
/// as API Gateway chooses. When none takes the method, the methods of the most specific
/// path are the ones allowed.
pub fn find<'a>(routes: &'a [HttpRoute], method: &str, path: &str) -> RouteMatch<'a> {
    let mut on_path: Vec<(&HttpRoute, BTreeMap<String, String>)> = routes
        .iter()
        .filter_map(|r| match_path(&r.path, path).map(|params| (r, params)))
        .collect();
    on_path.sort_by_key(|(r, _)| std::cmp::Reverse(r.specificity()));
    let Some(best_path) = on_path.first().map(|(r, _)| r.path.clone()) else {
        return RouteMatch::NotFound;
    };
    let mut allowed: Vec<String> = Vec::new();
    for (route, _) in on_path.iter().filter(|(r, _)| r.path == best_path) {
        if !allowed.contains(&route.method) {
            allowed.push(route.method.clone());
        }
    }
    match on_path
        .into_iter()
        .find(|(r, _)| r.method == "ANY" || r.method.eq_ignore_ascii_case(method))
    {
        Some((route, params)) => RouteMatch::Found(route, params),
        None => RouteMatch::MethodNotAllowed(allowed),
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The path parameters when `path` fits `template`.
fn match_path(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let (tpl, actual) = (segments(template), segments(path));
    let mut params = BTreeMap::new();
    for (i, part) in tpl.iter().enumerate() {
        if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix("+}")) {
            if i >= actual.len() {
                return None;
            }
            params.insert(name.to_owned(), actual[i..].join("/"));
            return Some(params);
        }
        let value = actual.get(i)?;
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                params.insert(name.to_owned(), (*value).to_owned());
            }
            None if part == value => {}
            None => return None,
        }
    }
    (tpl.len() == actual.len()).then_some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, path: &str, function: &str) -> HttpRoute {
        HttpRoute {
            method: method.into(),
            path: path.into(),
            function: function.into(),
            authorizer: None,
        }
    }

    #[test]
    fn an_exact_path_wins_over_a_parameter_and_a_greedy_catch_all() {
        let routes = vec![
            route("GET", "/{proxy+}", "pages"),
            route("GET", "/sessions/{id}", "room"),
            route("GET", "/sessions", "list"),
        ];
        let RouteMatch::Found(r, _) = find(&routes, "GET", "/sessions") else {
            panic!()
        };
        assert_eq!(r.function, "list");
        let RouteMatch::Found(r, params) = find(&routes, "GET", "/sessions/abc") else {
            panic!()
        };
        assert_eq!((r.function.as_str(), params["id"].as_str()), ("room", "abc"));
        let RouteMatch::Found(r, params) = find(&routes, "GET", "/a/b/c") else {
            panic!()
        };
        assert_eq!(
            (r.function.as_str(), params["proxy"].as_str()),
            ("pages", "a/b/c")
        );
    }

    #[test]
    fn a_known_path_with_another_method_is_not_allowed() {
        let routes = vec![
            route("GET", "/api/sessions", "get"),
            route("POST", "/api/sessions", "post"),
        ];
        assert_eq!(
            find(&routes, "DELETE", "/api/sessions"),
            RouteMatch::MethodNotAllowed(vec!["GET".into(), "POST".into()])
        );
        assert_eq!(find(&routes, "GET", "/api/nothing"), RouteMatch::NotFound);
    }
}
