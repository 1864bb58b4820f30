//! The concept checks' words: every question, option, step and explanation, grouped by the
//! lessons' chapters. The grading rules are in [`super::quiz`]; which option is right, and the
//! right order of steps, are part of the text because they are part of what the text teaches.
//! No question states a number of its own: the one figure used, the replay window of 5 minutes, is the
//! security lesson's, checked there.

use super::quiz::{Choice, DrillStep, Item, Kind, Question, Reception};
use super::text::COMPARISON_ROWS;

/// Labels of the concept-check panel.
pub struct QuizPanelText {
    pub heading: &'static str,
    pub intro: &'static str,
    pub submit: &'static str,
    pub right: &'static str,
    pub wrong: &'static str,
    pub unpaired: &'static str,
    pub score: &'static str,
    /// The overall score's label; each chapter's score follows its heading.
    pub overall: &'static str,
    pub choose_first: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    /// Marks beside the options once a question is answered.
    pub yours: &'static str,
    pub the_answer: &'static str,
    /// The heading of the right order or the right pairs, shown once submitted.
    pub right_order: &'static str,
    pub right_pairs: &'static str,
    pub restart: &'static str,
    pub restarted: &'static str,
    /// The header's tab: short, so the tabs keep to one line on a projector.
    pub tab: &'static str,
    /// The way in from the lessons, and back to the simulator.
    pub open: &'static str,
    pub close: &'static str,
}

pub const QUIZ_PANEL: QuizPanelText = QuizPanelText {
    heading: "Check your understanding",
    intro: "Questions without numbers: choose, put in order or pair up. Each answer is explained once you have given yours.",
    submit: "Check my answer",
    right: "Right.",
    wrong: "Not quite.",
    unpaired: "Choose an entry",
    score: "{correct} of {total} right ({percent} %)",
    overall: "Your score",
    choose_first: "Choose one of the options first.",
    move_up: "Move up",
    move_down: "Move down",
    yours: "your answer",
    the_answer: "the right answer",
    right_order: "The right order",
    right_pairs: "The right pairs",
    restart: "Clear my answers",
    restarted: "Every answer is cleared.",
    tab: "Quiz",
    open: "Check your understanding",
    close: "Back to the simulator",
};

/// The mark beside a row paired wrongly or not at all.
pub fn should_pair(entry: &str) -> String {
    format!("{} It pairs with “{entry}”.", QUIZ_PANEL.wrong)
}

/// What the live region says after a step of an ordering question moved.
pub fn moved(step: &str, place: usize, of: usize) -> String {
    format!("“{step}” is now in place {} of {of}.", place + 1)
}

/// The feedback on an order: the first place that holds the wrong step, and the step it needs.
pub fn misplaced(place: usize, want: &str) -> String {
    format!(
        "Place {} is the first out of order: it should be “{want}”.",
        place + 1
    )
}

/// The feedback on a score line.
pub fn score_line(correct: usize, total: usize, percent: usize) -> String {
    QUIZ_PANEL
        .score
        .replace("{correct}", &correct.to_string())
        .replace("{total}", &total.to_string())
        .replace("{percent}", &percent.to_string())
}

const fn choice(id: &'static str, label: &'static str, correct: bool, why: &'static str) -> Choice {
    Choice {
        id,
        label,
        correct,
        why,
    }
}

const fn step(id: &'static str, label: &'static str) -> Item {
    Item {
        id,
        label,
        pairs_with: "",
    }
}

const fn row(id: &'static str, label: &'static str, pairs_with: &'static str) -> Item {
    Item {
        id,
        label,
        pairs_with,
    }
}

const fn question(
    id: &'static str,
    chapter: &'static str,
    prompt: &'static str,
    kind: Kind,
) -> Question {
    Question {
        id,
        chapter,
        prompt,
        kind,
        explanation: "",
    }
}

const fn explained(mut q: Question, explanation: &'static str) -> Question {
    q.explanation = explanation;
    q
}

const BASICS: &str = "Basics";
const STEPS: &str = "Step by step";
const DIFFERENCES: &str = "Key differences";
const CHOOSING: &str = "Choosing";
const SECURITY: &str = "In practice";

/// The three answers of every "which would you use here" scenario, in the same order.
const API: &str = "An API, asked when the client chooses";
const WEBHOOK: &str = "A webhook";
const BOTH: &str = "Both: a webhook, then an API fetch";

/// Every concept check, in chapter order.
pub const QUESTIONS: [Question; 33] = [
    // Basics
    question("api-when-data", BASICS, "In an API exchange, when does data travel from the server to the client?", Kind::Choice(&[
        choice("when-asked", "Only when the client sends a request", true, "Request and response: the server answers requests, and an API server never starts a conversation with its clients."),
        choice("when-changed", "Whenever the data changes on the server", false, "That is what a webhook does. An API server has no way to reach a client that has not asked."),
        choice("server-timer", "On a timer the server keeps for each client", false, "The server keeps no timer for its clients. A client that polls keeps its own timer and sends a request each time it fires."),
        choice("after-callback", "Once the client has given the server a callback URL", false, "A callback URL is how a webhook is set up. An API client simply sends its requests to the server's address."),
    ])),
    question("webhook-trigger", BASICS, "What makes a provider send a webhook?", Kind::Choice(&[
        choice("event", "An event at the provider, such as a completed payment", true, "A webhook is sent because something happened, to the address the receiver gave in advance."),
        choice("receiver-asks", "A request from the receiving system", false, "No request is needed from the receiver: the provider sends on its own initiative."),
        choice("provider-timer", "A timer at the provider that fires every few seconds", false, "Webhooks are event-driven: with no events, nothing is sent at all."),
        choice("receiver-online", "The receiver coming online", false, "Coming online triggers nothing. The provider sends when an event happens, and tries again later if the receiver was down then."),
    ])),
    question("reverse-api", BASICS, "Why is a webhook often called a reverse API?", Kind::Choice(&[
        choice("server-calls", "The provider's server starts the call, to an address the receiver gave it", true, "With an API the client calls the server; with a webhook the provider calls the receiver's endpoint. Who starts the exchange is what is reversed."),
        choice("data-backwards", "The data travels from the receiver to the provider", false, "The event's data still travels from the provider to the receiver. What is reversed is who starts the exchange."),
        choice("undoes", "It undoes what an API call did", false, "Nothing is undone: \"reverse\" is about the direction of the call."),
        choice("no-http", "It does not use HTTP", false, "A webhook is an ordinary HTTP request, usually a POST, that the provider sends."),
    ])),
    explained(question("mailbox-doorbell", BASICS, "Pair each part of the mailbox and doorbell story with what it stands for.", Kind::Match(&[
        row("walk", "Walking down to the mailbox", "A client sending a poll"),
        row("empty", "Finding the mailbox empty", "A poll that brings back nothing new"),
        row("press", "A visitor pressing the bell", "The provider sending a webhook when an event happens"),
        row("hear", "Hearing the bell at once", "The receiver getting the news without asking"),
    ])), "The mailbox is polling: you learn of mail only when you choose to go and look, and many trips find nothing. The doorbell is a webhook: the visitor's arrival is the event, and it reaches you by itself."),
    question("rare-mail", BASICS, "You walk to your mailbox many times a day, but letters come only now and then. What does that say about your trips?", Kind::Choice(&[
        choice("mostly-empty", "Nearly all of them are walks for nothing", true, "Each trip costs the same whether mail came or not. With rare letters nearly every trip finds the box empty, just as nearly every poll comes back empty when events are rare."),
        choice("miss-letters", "You will miss some of the letters", false, "A letter waits in the box until your next trip. Checking less often makes you later, not blind."),
        choice("check-more", "Checking more often would waste fewer trips", false, "Checking more often means more trips for the same letters, so even more of them are empty."),
    ])),
    // Step by step
    explained(question("api-call-order", STEPS, "Put the steps of one API exchange in order.", Kind::Order(&[
        step("request", "The client sends a request to the server"),
        step("process", "The server processes the request"),
        step("response", "The server sends back a response"),
        step("wait", "The client waits until it decides to ask again"),
    ])), "The client starts every exchange: request, the server's work, response. Then nothing happens until the client asks again; repeating the steps on a timer is polling."),
    explained(question("webhook-order", STEPS, "Put the steps of a webhook in order, from setting it up to handling one event.", Kind::Order(&[
        step("give-url", "The receiver gives the provider a callback URL"),
        step("store-url", "The provider stores the URL"),
        step("event", "An event happens at the provider"),
        step("send", "The provider sends the event's data to the URL"),
        step("acknowledge", "The receiver answers with a 2xx status"),
        step("process", "The receiver processes the data"),
    ])), "Setting up comes once, before any event: without a stored URL the provider has nowhere to send. Then each event triggers a delivery, which the receiver acknowledges at once and processes after."),
    question("ack-first", STEPS, "Why should a webhook receiver answer 2xx before doing slow work on the data?", Kind::Choice(&[
        choice("timeout", "So that the provider does not give up waiting and send the same event again", true, "The provider waits only so long for an answer. A late answer looks like a failure, and the event comes again."),
        choice("signature", "So that the signature can still be checked", false, "The signature is checked when the delivery arrives, before answering; answering fast does not change that check."),
        choice("in-order", "So that the events arrive in order", false, "Answering quickly puts nothing in order: it only tells the provider that this one delivery arrived."),
        choice("only-status", "Because HTTP allows no other status in an answer", false, "Any status is allowed. The provider counts anything but a 2xx, or no answer in time, as a failed attempt."),
    ])),
    question("poll-wait", STEPS, "A client polls on a timer. An event happens at a random moment. How long does the event wait, on average, before a poll picks it up?", Kind::Choice(&[
        choice("half", "About half a poll interval", true, "The event is equally likely to happen anywhere between two polls, so on average it waits half an interval, then the server's work and the trip back."),
        choice("whole", "A whole poll interval", false, "That is the wait of an event that happens just after a poll. Events happen at random moments, so most wait less."),
        choice("none", "No time at all", false, "The server holds the event until the client next asks. Only a webhook sends it the moment it happens."),
        choice("double", "About two poll intervals", false, "The very next poll collects the event, and polls come about once an interval, so the average wait is well under that."),
    ])),
    question("event-driven", STEPS, "What does \"event-driven\" mean for a webhook?", Kind::Choice(&[
        choice("because-happened", "A message is sent because something happened, not because a timer fired", true, "Nothing in a webhook runs on a timer: each delivery is caused by one event."),
        choice("receiver-drives", "The receiver decides when the provider sends", false, "The receiver only gives its address. The provider decides, and it sends when events happen."),
        choice("batches", "Events are collected and sent together at fixed times", false, "Fixed times would be a timer. A webhook leaves as soon as its event happens, one message per event."),
    ])),
    // Key differences
    question("who-starts", DIFFERENCES, "Communication style: who sends the first message in each?", Kind::Choice(&[
        choice("client-server", "API: the client. Webhook: the server", true, "An API client asks and the server answers; a webhook provider speaks first, to the receiver's endpoint."),
        choice("both-client", "The client, in both", false, "In a webhook the receiving client never asks: the provider's server sends on its own."),
        choice("server-client", "API: the server. Webhook: the client", false, "That is the wrong way round: an API server only answers, and a webhook is sent by the provider."),
        choice("both-server", "The server, in both", false, "An API server never speaks first: every response answers a request the client sent."),
    ])),
    question("who-hears-first", DIFFERENCES, "An event happens just after a polling client's last poll. Who hears of it first: that client, or a receiver of webhooks from the same provider?", Kind::Choice(&[
        choice("webhook", "The webhook receiver", true, "The webhook leaves when the event happens and arrives after the server's brief work and one network trip; the polling client learns of it only at its next poll, almost a whole interval away."),
        choice("poller", "The polling client", false, "Its last poll came just before the event, so it knows nothing until its next poll, almost a whole interval later."),
        choice("same", "Both at the same moment", false, "Only the webhook is sent at the moment of the event; the poll waits for the client's timer."),
    ])),
    question("rare-events-cost", DIFFERENCES, "Events are rare and clients poll often. Where does most of the polling effort go?", Kind::Choice(&[
        choice("empty", "Into polls that find nothing new", true, "Every poll costs a request and a response. With rare events nearly all of them come back empty, and the server answers each one for nothing."),
        choice("events", "Into carrying the events", false, "There are few events to carry. The requests are sent on the client's timer, news or not."),
        choice("failures", "Into polls that fail", false, "Failure is not the cost here: even when every poll succeeds, nearly all of them come back with nothing."),
    ])),
    question("frequent-events-cost", DIFFERENCES, "Events come much faster than a client polls. Which sends fewer requests?", Kind::Choice(&[
        choice("polling", "Polling: one poll collects all the events since the last", true, "A webhook sends one message per event. When many events fall between two polls, one poll carries them all, so polling sends fewer requests, though it is still the slower one."),
        choice("webhook", "Webhooks, always", false, "Webhooks send one message per event, so their cost grows with the events while polling's stays fixed by the timer."),
        choice("same", "Both send the same number", false, "They are counted differently: polls by the timer, webhooks by the events. Equal only when one event falls in each interval on average."),
    ])),
    question("poll-faster", DIFFERENCES, "Can polling be made real time?", Kind::Choice(&[
        choice("only-approximately", "Only approximately, by polling very often, at a cost in requests", true, "Polling faster shortens the wait, but halving the interval doubles the requests, and an event still waits for the next poll."),
        choice("free", "Yes, at no extra cost", false, "Each shorter interval means more requests from every client, most of them empty when events are rare."),
        choice("faster-server", "Yes, with a faster server", false, "The server's speed is not the delay: the event waits for the client's next poll whatever the server does."),
    ])),
    explained(question("table-api", DIFFERENCES, "Comparison table, API column: pair each feature with the API's entry.", Kind::Match(&[
        row("communication", "Communication", "Request and response"),
        row(COMPARISON_ROWS[0].key, COMPARISON_ROWS[0].name, COMPARISON_ROWS[0].api),
        row(COMPARISON_ROWS[1].key, COMPARISON_ROWS[1].name, COMPARISON_ROWS[1].api),
        row("real-time", "Real time", "Not by default"),
        row("efficiency", "Efficiency", "A request on every poll, even an empty one"),
        row("setup", "Setup", "Simple to call"),
        row("control", "Control", "The client decides when to talk"),
    ])), "An API is the client's conversation: it starts it, chooses when, and pays a request each time, news or not. The data comes back in the response."),
    explained(question("table-webhook", DIFFERENCES, "Comparison table, webhook column: pair each feature with the webhook's entry.", Kind::Match(&[
        row("communication", "Communication", "Event-driven"),
        row(COMPARISON_ROWS[0].key, COMPARISON_ROWS[0].name, COMPARISON_ROWS[0].webhook),
        row(COMPARISON_ROWS[1].key, COMPARISON_ROWS[1].name, COMPARISON_ROWS[1].webhook),
        row("real-time", "Real time", "Yes"),
        row("efficiency", "Efficiency", "One message per event"),
        row("setup", "Setup", "Needs an endpoint that is reachable and ready"),
        row("control", "Control", "The server decides when to talk"),
    ])), "A webhook is the provider's conversation: an event starts it, the data rides in the request body, and nothing is sent without news. The price is an endpoint the receiver must run."),
    // Choosing
    question("use-forecast", CHOOSING, "A wall display shows the weather forecast and refreshes it now and then; nobody minds if it is a little old. Which would you use?", Kind::Choice(&[
        choice("api", API, true, "The data is not urgent and the display wants it at its own pace: asking on a relaxed timer keeps the load tiny."),
        choice("webhook", WEBHOOK, false, "The display needs only the latest forecast when it refreshes; being told of every small change would bring nothing it uses."),
        choice("both", BOTH, false, "With no urgency there is nothing to be told at once, so the webhook half adds setup and traffic for nothing."),
    ])),
    question("use-report", CHOOSING, "An accountant opens a sales report a few times a month and filters it by region each time. Which would you use?", Kind::Choice(&[
        choice("api", API, true, "Data on demand with a flexible query: ask the API when the report is opened, with the filter in the request."),
        choice("webhook", WEBHOOK, false, "There is no event to announce, and a webhook cannot carry a filter chosen by the reader: the report is wanted only when someone asks."),
        choice("both", BOTH, false, "The API alone answers the question when it is asked; a webhook would have nothing to say in between."),
    ])),
    question("use-payment", CHOOSING, "A shop must mark an order as paid the moment the payment provider confirms the payment, and the confirmation says which order it was. Which would you use?", Kind::Choice(&[
        choice("webhook", WEBHOOK, true, "An event the shop must hear of at once, and the message carries all it needs: a payment confirmation is the classic webhook."),
        choice("api", API, false, "Polling would find the payment only at the next check, and most checks would find nothing."),
        choice("both", BOTH, false, "The confirmation already says which order was paid, so a fetch after it adds a request and a delay for nothing."),
    ])),
    question("use-order-details", CHOOSING, "A warehouse must react at once when an order's status changes, and then needs the order's full list of items, too large to put in every notification. Which would you use?", Kind::Choice(&[
        choice("both", BOTH, true, "The webhook rings the bell at once; the API fetches the details the warehouse needs, only for orders that changed."),
        choice("api", API, false, "Polling would notice changes late, and ask about every order again and again, changed or not."),
        choice("webhook", WEBHOOK, false, "The notification cannot carry the full list, so something must fetch it: that is the API's half."),
    ])),
    question("api-strength", CHOOSING, "Which of these is a strength of APIs?", Kind::Choice(&[
        choice("complex-queries", "They suit complex queries: the client says exactly what it wants", true, "The client shapes every request, with filters and searches, and gets back just that."),
        choice("realtime", "They deliver updates in real time without anyone asking", false, "That is a webhook's strength. An API delivers only when asked."),
        choice("less-load", "They reduce server load when data changes rarely", false, "The opposite: with rare changes most polls are empty, and the server answers every one."),
    ])),
    question("webhook-weakness", CHOOSING, "Which of these is a weakness of webhooks?", Kind::Choice(&[
        choice("endpoint", "The receiver must run an endpoint that is reachable, secured and ready for failures", true, "More to set up: a public URL, signature checks, and handling of retries and duplicates when things go wrong."),
        choice("must-poll", "The receiver must still poll the provider for each event", false, "A webhook needs no polling: the provider sends each event by itself."),
        choice("slow", "Events reach the receiver late", false, "Webhooks are the fast side: while the receiver is up, a delivery arrives a moment after its event, the server's brief work plus one network trip."),
    ])),
    question("receiver-down", CHOOSING, "A webhook receiver is down when an event happens. What does a provider like the one in the simulator do?", Kind::Choice(&[
        choice("retry", "Tries again later on its retry schedule, and gives up only after the last try", true, "Retries keep the event until the receiver is back; only after the whole schedule is the delivery dead-lettered."),
        choice("drop", "Drops the event at once", false, "A provider that dropped events at the first failure would lose data every time a receiver restarted; it retries instead."),
        choice("wait-poll", "Waits for the receiver to poll for it", false, "Webhook receivers do not poll. The provider keeps trying to deliver."),
    ])),
    question("duplicate-id", CHOOSING, "Why must a webhook receiver ignore a message id it has already seen?", Kind::Choice(&[
        choice("lost-ack", "When its acknowledgement is lost, the provider sends the same message again", true, "Hearing nothing back, the provider cannot tell a lost answer from a lost delivery, so it tries again. The id lets the receiver process the event once."),
        choice("always-twice", "Providers send every message twice, to be safe", false, "A message is sent again only when an attempt fails or its answer is lost."),
        choice("ids-reused", "Message ids are reused for different events", false, "Each event has its own id; a repeated id means the same event again."),
    ])),
    // In practice
    question("api-who-calls", SECURITY, "How does an API server know which client sent a request?", Kind::Choice(&[
        choice("key", "The client sends an API key or a token with each request", true, "The key or token identifies the client on every request; without it the server answers 401 Unauthorized."),
        choice("https", "HTTPS tells the server who the client is", false, "HTTPS encrypts the connection; in the usual setup it proves the server's identity, not the client's. The key or token names the client."),
        choice("signs-response", "The server signs its response", false, "Signing a response says who answered, not who asked."),
    ])),
    question("tampered-body", SECURITY, "A delivery's body was changed on the way to the receiver. What catches it?", Kind::Choice(&[
        choice("signature", "The signature check: the HMAC computed with the shared secret no longer matches", true, "Any change to the signed content changes its HMAC, and only the holder of the secret could compute a new one."),
        choice("api-key", "The provider's API key", false, "A webhook delivery carries a signature, not an API key; the receiver checks the signature."),
        choice("status", "The receiver's 2xx answer", false, "The answer only acknowledges receipt; it checks nothing."),
        choice("retries", "The retry schedule", false, "Retries resend failed deliveries; they do not examine what arrived."),
    ])),
    question("https-adds", SECURITY, "What does HTTPS add that a webhook signature does not?", Kind::Choice(&[
        choice("hides", "Nobody on the way can read the bytes", true, "A signature proves who sent a message and that it was not changed, but a signed message sent over plain HTTP can still be read by anyone on the way. HTTPS encrypts it."),
        choice("sender", "It proves to the receiver that the provider sent the message", false, "HTTPS proves to the provider that it reached the right server; it does not tell the receiver who sent the message. That is the signature's job."),
        choice("nothing", "Nothing: the signature already encrypts the body", false, "A signature is a fingerprint sent beside the body; the body itself stays readable."),
    ])),
    question("replayed-delivery", SECURITY, "Someone sends again a genuine, correctly signed delivery they recorded long before. What makes this simulator's receiver refuse it?", Kind::Choice(&[
        choice("timestamp", "Its signed timestamp is more than 5 minutes old", true, "The timestamp is part of what is signed, so it cannot be refreshed without the secret; the receiver refuses anything too old with 401."),
        choice("signature", "Its signature no longer verifies", false, "The bytes are unchanged, so the signature still matches: only its age gives it away."),
        choice("nothing", "Nothing: a correct signature is always accepted", false, "A correct signature is not enough: the receiver also checks the signed timestamp, and ignores a message id it has already processed."),
    ])),
    question("together-roles", SECURITY, "When a system uses both, what does each part do?", Kind::Choice(&[
        choice("nudge-fetch", "The webhook says that something changed; the API fetches the details", true, "The doorbell and the walk to the mailbox, made only when the bell has rung: fast to hear, and the full data when it is needed."),
        choice("reversed", "The API says that something changed; the webhook fetches the details", false, "An API cannot speak first, and a webhook fetches nothing: it is sent by the provider."),
        choice("same-twice", "Both carry the same data, for safety", false, "The parts do different jobs: a short notice, then the details asked for by the client."),
    ])),
    explained(question("real-world-pairs", SECURITY, "Pair each field with how it commonly uses both.", Kind::Match(&[
        row("e-commerce", "E-commerce", "Order APIs and payment webhooks"),
        row("social", "Social media", "Content APIs and notification webhooks"),
        row("cloud", "Cloud services", "Management APIs and alert webhooks"),
    ])), "In each field the API is what you ask for when you want it, and the webhook tells you when something happens: a payment, a notification, an alert."),
    question("beginners", SECURITY, "APIs are usually the easier idea for beginners. What new idea does a webhook bring?", Kind::Choice(&[
        choice("event-driven", "Event-driven thinking: your code runs when someone else's event calls it", true, "With an API your code decides when to ask; with a webhook you write an endpoint and wait to be called, which is the new habit to learn."),
        choice("http", "HTTP itself", false, "Both use HTTP requests; the API client sends them, and for a webhook the provider does."),
        choice("no-server", "Working without any server", false, "A webhook receiver needs a server of its own: the endpoint the provider calls."),
    ])),
    question("sum-up", SECURITY, "Which sentence sums up the difference?", Kind::Choice(&[
        choice("asked-happens", "An API answers when it is asked; a webhook sends when something happens", true, "The whole difference is who starts and why: a question from the client, or an event at the provider."),
        choice("read-write", "An API is for reading data and a webhook for writing it", false, "An API can read or change data (GET or POST); a webhook is about being told, not about reading or writing."),
        choice("secure", "An API is secure and a webhook is not", false, "Both are secured, each in its own way: API keys or tokens and HTTPS, or secret keys, signatures and HTTPS."),
        choice("replaces", "Webhooks have replaced APIs", false, "Real systems use both, often together: webhooks to hear of events, APIs to ask for data."),
    ])),
];

/// Labels of the security steps, under the concept checks.
pub struct DrillPanelText {
    pub heading: &'static str,
    pub intro: &'static str,
    pub run: &'static str,
    /// Above the counters the run moved.
    pub measured: &'static str,
    /// The mark beside the answer the run showed.
    pub happened: &'static str,
}

pub const DRILL_PANEL: DrillPanelText = DrillPanelText {
    heading: "Security drills: predict, then run",
    intro: "Each drill attacks or misuses a fresh simulated run. Say what you expect the receiving side to do, then run the drill and read what its counters measured.",
    run: "Run the drill",
    measured: "What the run measured, from the drill until shortly after it:",
    happened: "what the run did",
};

use Reception::{BadSignature, Duplicate, NoKey, Processed, TooMany, TooOld};

const PROCESSED_HOOK: (Reception, &str, &str) = (Processed, "The receiver accepts it and handles it", "A receiver that checks signatures handles only deliveries whose signature matches their bytes, signed with its current secret and recently.");
const DUPLICATE: (Reception, &str, &str) = (Duplicate, "The receiver answers 2xx but ignores it: that message id was handled already", "A receiver remembers the ids it has handled, so the same message arriving twice within the replay window is acknowledged and not handled again.");
const BAD_SIGNATURE: (Reception, &str, &str) = (BadSignature, "The receiver refuses it with 401: the signature does not match", "The signature is an HMAC of the exact bytes sent, made with the shared secret. Change one byte, or sign with a secret the receiver no longer accepts, and the check fails.");
const TOO_OLD: (Reception, &str, &str) = (TooOld, "The receiver refuses it with 401: its timestamp is too old", "The timestamp is signed with the body, so it cannot be refreshed without the secret. A receiver refuses anything older than its window of 5 minutes, however good the signature.");
const PROCESSED_API: (Reception, &str, &str) = (Processed, "The server answers with the data as usual", "An API server answers only a request that proves who sent it, and only as often as its limit allows.");
const NO_KEY: (Reception, &str, &str) = (NoKey, "The server refuses it with 401: no API key came with it", "The API key, sent as a bearer token in the Authorization header, is how the server knows which client is calling. Without it the server answers 401 and sends no data.");
const TOO_MANY: (Reception, &str, &str) = (TooMany, "The server refuses the extra requests with 429 Too Many Requests", "A rate limit caps how often each client may ask. Requests over it are refused with 429, and a Retry-After header says when to ask again.");

/// The security steps, in the order the page shows them.
pub const DRILL_STEPS: [DrillStep; 6] = [
    DrillStep {
        id: "tamper",
        title: "A delivery changed on the way",
        prompt: "Someone on the network adds a field to one webhook delivery's body on its way to the receiver. The JSON still reads fine. What does the receiver do with it?",
        options: &[PROCESSED_HOOK, BAD_SIGNATURE, DUPLICATE],
    },
    DrillStep {
        id: "replay",
        title: "A delivery sent twice",
        prompt: "Someone captures a webhook delivery and sends it again a few seconds later, byte for byte: the same body, timestamp and signature. What does the receiver do with the copy?",
        options: &[PROCESSED_HOOK, BAD_SIGNATURE, DUPLICATE],
    },
    DrillStep {
        id: "replay-old",
        title: "An old delivery replayed",
        prompt: "Someone sends again, byte for byte, a delivery captured more than 5 minutes ago. Its signature is genuine. What does the receiver do with it?",
        options: &[PROCESSED_HOOK, BAD_SIGNATURE, TOO_OLD, DUPLICATE],
    },
    DrillStep {
        id: "old-secret",
        title: "A sender still using the old secret",
        prompt: "The provider rotates its signing secret. For a while it signs with both the new and the old secret, then with the new one only. After that overlap, a delivery arrives signed with the old secret only. What does the receiver do with it?",
        options: &[PROCESSED_HOOK, BAD_SIGNATURE, TOO_OLD],
    },
    DrillStep {
        id: "no-key",
        title: "A request without its API key",
        prompt: "One client sends a poll to the API without its API key. What does the server do with it?",
        options: &[PROCESSED_API, NO_KEY, TOO_MANY],
    },
    DrillStep {
        id: "rate-limit",
        title: "More requests than the limit",
        prompt: "The API starts allowing each client only a few polls per stretch of time, fewer than its clients send on their schedule. What happens to the polls over the limit?",
        options: &[PROCESSED_API, NO_KEY, TOO_MANY],
    },
];
