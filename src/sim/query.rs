//! On-demand API use: what a user's action asks the API for, and what the answer holds.
//!
//! A query is a pure function of the seed, the client and the action's number, like an event's
//! type: the request's path (its query parameters), the number of rows the answer holds (the
//! size follows what was asked) and the answer's body are all rebuilt from those three numbers.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::config::ConfigError;
use super::rng::hash3;

/// Mixed into the seed so that queries do not repeat the events' random choices.
const QUERY_SALT: u64 = 0x00A5_4ED0;
/// A search answers at most this many hits (its `limit`).
pub const SEARCH_LIMIT: u32 = 20;
const SEARCH_TERMS: [&str; 8] = [
    "shoes", "lamp", "coffee", "desk", "guitar", "tent", "kettle", "scarf",
];

/// What the users of an on-demand client ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Query {
    /// `GET /v1/users/<id>`: one record.
    #[default]
    Profile,
    /// `GET /v1/search?q=<term>&limit=20`: up to 20 hits, as many as match the term.
    Search,
    /// `GET /v1/reports/monthly?month=<yyyy-mm>`: one row per day of the month.
    Report,
}

impl Query {
    pub const ALL: [Query; 3] = [Query::Profile, Query::Search, Query::Report];

    /// The lowercase name used in serde and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Query::Profile => "profile",
            Query::Search => "search",
            Query::Report => "report",
        }
    }

    fn draw(seed: u64, client: u32, action: u32) -> u64 {
        hash3(seed ^ QUERY_SALT, client as u64, action as u64)
    }

    /// The month (1..=12) of a report, or the index of a search term, or a user id.
    fn parameter(self, seed: u64, client: u32, action: u32) -> u64 {
        let h = Self::draw(seed, client, action);
        match self {
            Query::Profile => h % 100_000,
            Query::Search => h % SEARCH_TERMS.len() as u64,
            Query::Report => 1 + h % 12,
        }
    }

    /// The request's path and query string for action `action` of `client`.
    pub fn path(self, seed: u64, client: u32, action: u32) -> String {
        let p = self.parameter(seed, client, action);
        match self {
            Query::Profile => format!("/v1/users/user_{p}"),
            Query::Search => format!(
                "/v1/search?q={}&limit={SEARCH_LIMIT}",
                SEARCH_TERMS[p as usize]
            ),
            Query::Report => format!("/v1/reports/monthly?month=2025-{p:02}"),
        }
    }

    /// Rows in the answer: one profile, the hits of the term (at least one: every term of the
    /// catalogue matches something), or the days of the month.
    pub fn rows(self, seed: u64, client: u32, action: u32) -> u32 {
        let p = self.parameter(seed, client, action);
        match self {
            Query::Profile => 1,
            Query::Search => 1 + (hash3(seed ^ QUERY_SALT, p, 0) % SEARCH_LIMIT as u64) as u32,
            Query::Report => match p {
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            },
        }
    }

    /// Estimated bytes of one row of the answer's body.
    pub fn row_bytes(self) -> u32 {
        match self {
            Query::Profile => 240,
            Query::Search => 70,
            Query::Report => 45,
        }
    }

    /// The answer's body: the rows asked for, as of `as_of` (the moment the server read them).
    pub fn body(self, seed: u64, client: u32, action: u32, as_of: &str) -> String {
        let p = self.parameter(seed, client, action);
        let rows = self.rows(seed, client, action);
        match self {
            Query::Profile => format!(
                r#"{{"id":"user_{p}","name":"User {p}","plan":"{}","as_of":"{as_of}"}}"#,
                ["free", "pro", "team"][(p % 3) as usize]
            ),
            Query::Search => {
                let term = SEARCH_TERMS[p as usize];
                let hits: Vec<String> = (1..=rows)
                    .map(|i| format!(r#"{{"id":"prod_{p}_{i}","title":"{term} {i}"}}"#))
                    .collect();
                format!(
                    r#"{{"q":"{term}","count":{rows},"results":[{}],"as_of":"{as_of}"}}"#,
                    hits.join(",")
                )
            }
            Query::Report => {
                let days: Vec<String> = (1..=rows)
                    .map(|d| {
                        let orders = hash3(seed ^ QUERY_SALT, p, d as u64) % 200;
                        format!(r#"{{"day":{d},"orders":{orders}}}"#)
                    })
                    .collect();
                format!(
                    r#"{{"month":"2025-{p:02}","days":[{}],"as_of":"{as_of}"}}"#,
                    days.join(",")
                )
            }
        }
    }
}

impl FromStr for Query {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Query::ALL
            .into_iter()
            .find(|q| q.as_str() == t)
            .ok_or_else(|| ConfigError::new("query", s, "one of profile, search, report"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_size_follows_the_query() {
        for action in 0..200 {
            assert_eq!(Query::Profile.rows(7, 1, action), 1);
            let hits = Query::Search.rows(7, 1, action);
            assert!((1..=SEARCH_LIMIT).contains(&hits), "{hits}");
            let path = Query::Report.path(7, 1, action);
            let days = Query::Report.rows(7, 1, action);
            let expected = if path.ends_with("-02") {
                28
            } else if ["-04", "-06", "-09", "-11"]
                .iter()
                .any(|m| path.ends_with(m))
            {
                30
            } else {
                31
            };
            assert_eq!(days, expected, "{path}");
        }
        // The same term always finds the same number of hits.
        let (a, b) = (0..200)
            .flat_map(|x| (0..200).map(move |y| (x, y)))
            .find(|&(x, y)| x != y && Query::Search.path(7, 1, x) == Query::Search.path(7, 1, y))
            .expect("eight terms repeat within 200 searches");
        assert_eq!(Query::Search.rows(7, 1, a), Query::Search.rows(7, 1, b));
    }

    #[test]
    fn the_body_holds_as_many_rows_as_counted() {
        for action in 0..50 {
            let hits = Query::Search.rows(3, 0, action) as usize;
            let body = Query::Search.body(3, 0, action, "t");
            assert_eq!(body.matches("\"title\"").count(), hits, "{body}");
            let days = Query::Report.rows(3, 0, action) as usize;
            let body = Query::Report.body(3, 0, action, "t");
            assert_eq!(body.matches("\"day\"").count(), days, "{body}");
        }
    }

    #[test]
    fn names_round_trip_and_bad_names_are_refused() {
        for q in Query::ALL {
            assert_eq!(q.as_str().parse::<Query>(), Ok(q));
        }
        let e = "everything".parse::<Query>().unwrap_err();
        assert_eq!(e.field, "query");
    }
}
