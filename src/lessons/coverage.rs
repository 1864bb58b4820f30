//! Which part of the app shows each idea of the tutorial, and which concept check asks about it.
//! The README's coverage table is generated from this data and tests/coverage.rs checks that
//! every name in it exists. An idea with nothing under `shown_by` is only said, not yet shown.

/// Something in the app where an idea can be watched happening.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// A lesson step, by slug (`lessons::PLANS`).
    Step(&'static str),
    /// A scenario preset, by URL key (`scenario::Preset`).
    Preset(&'static str),
    /// A failure drill, by the id of its button on the stage.
    Drill(&'static str),
    /// Something the eavesdropper panel shows or does, by its test id without `eaves-`.
    Eavesdropper(&'static str),
    /// A security step of the concept checks, predicted and then run, by its id
    /// (`quiz_text::DRILL_STEPS`).
    Security(&'static str),
    /// A setting, by its URL parameter (`url_state`).
    Setting(&'static str),
}

/// One idea of the tutorial.
#[derive(Debug)]
pub struct Idea {
    /// The tutorial's section heading.
    pub section: &'static str,
    pub idea: &'static str,
    pub shown_by: &'static [Shown],
    /// Concept-check ids (`quiz_text::QUESTIONS`).
    pub asked_by: &'static [&'static str],
}

const fn idea(
    section: &'static str,
    idea: &'static str,
    shown_by: &'static [Shown],
    asked_by: &'static [&'static str],
) -> Idea {
    Idea {
        section,
        idea,
        shown_by,
        asked_by,
    }
}

use Shown::{Drill, Eavesdropper, Preset, Security, Setting, Step};

/// Every idea of the tutorial, section by section in its order.
pub const IDEAS: [Idea; 39] = [
    idea("What is an API?", "The client asks for data and the server responds", &[Step("api"), Preset("payments")], &["api-when-data"]),
    idea("What is an API?", "Communication happens only when the client makes a request", &[Step("api")], &["api-when-data", "who-starts"]),
    idea("What is an API?", "Requests are HTTP requests such as GET or POST", &[Step("api")], &["sum-up"]),
    idea("What is an API?", "Example: a weather app asks a server for the forecast", &[Preset("weather")], &["use-forecast"]),
    idea("What is a webhook?", "Data is sent automatically when an event happens", &[Step("webhook")], &["webhook-trigger"]),
    idea("What is a webhook?", "No request is needed from the receiving system", &[Step("webhook")], &["webhook-trigger", "event-driven"]),
    idea("What is a webhook?", "A webhook is often called a reverse API", &[Step("webhook")], &["reverse-api"]),
    idea("What is a webhook?", "Example: a completed payment notifies the shop at once", &[Step("webhook"), Preset("payments")], &["use-payment"]),
    idea("Simple real-life example", "The mailbox: you go and check, and often find nothing", &[Step("mailbox-doorbell")], &["mailbox-doorbell", "rare-mail"]),
    idea("Simple real-life example", "The doorbell: you are notified the moment someone rings", &[Step("mailbox-doorbell")], &["mailbox-doorbell"]),
    idea("How an API works", "Request, processing, response, then the client waits", &[Step("api-steps")], &["api-call-order"]),
    idea("How an API works", "Frequent updates need continuous checking (polling)", &[Step("api-steps")], &["poll-wait"]),
    idea("How a webhook works", "The client provides a callback URL and the server stores it", &[Setting("registration"), Drill("unregister")], &["webhook-order"]),
    idea("How a webhook works", "On an event the server sends data to the URL and the receiver processes it", &[Step("webhook-steps")], &["webhook-order", "ack-first"]),
    idea("How a webhook works", "Webhooks work based on events", &[Step("webhook-steps")], &["event-driven"]),
    idea("Key differences", "Communication style: the client requests, or the server sends", &[Step("style-timing")], &["who-starts"]),
    idea("Key differences", "Timing: data only when requested, or as soon as the event occurs", &[Step("style-timing")], &["who-hears-first", "poll-wait"]),
    idea("Key differences", "Efficiency: repeated requests waste resources", &[Step("efficiency"), Preset("signups")], &["rare-events-cost", "frequent-events-cost"]),
    idea("Key differences", "Real time: not by default for an API, by design for a webhook", &[Step("real-time"), Step("long-polling")], &["poll-faster"]),
    idea("Comparison table", "Communication, data flow, real time, efficiency and control, row by row", &[Step("table")], &["table-api", "table-webhook"]),
    idea("Comparison table", "Setup: a webhook requires an endpoint to be set up", &[Setting("registration"), Drill("endpoint-gone")], &["table-webhook", "webhook-weakness"]),
    idea("When to use an API", "Data needed on demand, with flexible queries", &[Preset("profile"), Preset("search"), Preset("report")], &["use-report", "api-strength"]),
    idea("When to use an API", "Full control over requests, for data that is not time-sensitive", &[Step("when-api")], &["use-forecast"]),
    idea("When to use an API", "Use cases: user profiles, product search, reports, stored data", &[Preset("profile"), Preset("search"), Preset("report")], &["use-report"]),
    idea("When to use a webhook", "Immediate, event-based updates without constant checking", &[Step("when-webhook"), Preset("chat")], &["use-payment", "use-order-details"]),
    idea("When to use a webhook", "Use cases: payments, order status, messages, registrations", &[Preset("payments"), Preset("orders"), Preset("chat"), Preset("signups")], &["use-payment"]),
    idea("Advantages and disadvantages of APIs", "Easy to implement, flexible, widely supported, good for complex queries", &[Preset("search"), Preset("report")], &["api-strength"]),
    idea("Advantages and disadvantages of APIs", "Frequent requests, poor for real time, more server load", &[Step("api-pros-cons")], &["rare-events-cost", "poll-faster"]),
    idea("Advantages and disadvantages of webhooks", "Real time, less server load, efficient, automatic", &[Step("efficiency"), Step("real-world")], &["who-hears-first"]),
    idea("Advantages and disadvantages of webhooks", "More complex to set up, with an endpoint that must be secured", &[Setting("registration"), Drill("tamper")], &["webhook-weakness"]),
    idea("Advantages and disadvantages of webhooks", "Error handling can be challenging", &[Step("webhook-pros-cons"), Drill("outage"), Drill("ack-loss")], &["receiver-down", "duplicate-id"]),
    idea("Security considerations", "API keys and authentication tokens", &[Drill("api-key"), Eavesdropper("use"), Eavesdropper("rotate"), Security("no-key"), Security("rate-limit")], &["api-who-calls"]),
    idea("Security considerations", "Secret keys and signature verification", &[Step("security"), Drill("tamper"), Drill("replay-old"), Drill("stale-sender"), Drill("rotate"), Eavesdropper("change"), Eavesdropper("replay-recent"), Eavesdropper("replay-old"), Security("tamper"), Security("replay"), Security("replay-old"), Security("old-secret")], &["tampered-body", "replayed-delivery"]),
    idea("Security considerations", "HTTPS encryption, for APIs and for webhooks", &[Eavesdropper("captured"), Eavesdropper("layers")], &["https-adds"]),
    idea("Webhooks and APIs together", "A webhook notifies of a change, an API fetches the details", &[Step("together")], &["together-roles", "use-order-details"]),
    idea("Learning perspective", "APIs are easier to start with; webhooks bring event-driven thinking", &[], &["beginners"]),
    idea("Real-world applications", "E-commerce: order APIs and payment webhooks", &[Step("real-world"), Step("together")], &["real-world-pairs"]),
    idea("Real-world applications", "Social media and cloud services: content or management APIs, notification or alert webhooks", &[Preset("social"), Preset("cloud"), Preset("profile")], &["real-world-pairs"]),
    idea("Conclusion", "An API responds to requests; a webhook sends data when an event occurs", &[Step("style-timing")], &["sum-up"]),
];
