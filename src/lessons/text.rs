//! All learner-facing lesson text, in one place so that it can be translated as a whole.
//! The entries are in lesson order and match `PLANS` in `lessons.rs` one for one; the numbers a
//! question mentions come from that lesson's setup.
//!
//! Every sentence that states a number or a comparison is listed in its lesson's `claims` with
//! the id of the native test that checks it against the simulation (tests/lessons_claims.rs).
//! The ids live beside the text, never inside it, so the UI cannot show one by mistake.

use super::format_number;
use super::grade::{Misconception, Verdict, Working};
use super::parse::PredictionError;

/// The words of one lesson.
pub struct LessonText {
    pub chapter: &'static str,
    pub title: &'static str,
    /// Paragraphs shown before the question.
    pub body: &'static [&'static str],
    /// The prediction question; the unit is shown beside the input.
    pub question: &'static str,
    /// Shown with the measured answer.
    pub reveal: &'static str,
    /// Each quantitative or comparative sentence above, verbatim, with its claim id.
    pub claims: &'static [(&'static str, &'static str)],
}

/// Labels of the lesson panel.
pub struct PanelText {
    pub heading: &'static str,
    pub menu: &'static str,
    pub step_of: &'static str,
    pub back: &'static str,
    pub next: &'static str,
    pub your_prediction: &'static str,
    pub run: &'static str,
    pub run_hint: &'static str,
    pub predicted: &'static str,
    pub measured: &'static str,
    pub theory: &'static str,
    pub working: &'static str,
    pub exact: &'static str,
    pub close: &'static str,
    pub too_low: &'static str,
    pub too_high: &'static str,
    pub locked: &'static str,
    pub close_lessons: &'static str,
    pub glossary: &'static str,
    /// Beside the glossary: the terms this step uses for the first time.
    pub new_terms: &'static str,
    /// Why the measured value and the theory's differ.
    pub why_differ: &'static str,
    /// Said by the live region while a step waits for its prediction.
    pub predict_first: &'static str,
    /// In place of the counters, comparison, chart and log while a step waits for its prediction.
    pub hidden_until_run: &'static str,
    /// On the step [`DRILLS_STEP`]: what the security drills are, and the button that opens them.
    pub drills_lead: &'static str,
    pub drills_open: &'static str,
}

/// The lesson step that points the learner to the security drills of the concept checks.
pub const DRILLS_STEP: &str = "security";

pub const PANEL: PanelText = PanelText {
    heading: "Guided lessons",
    menu: "Chapter and lesson",
    step_of: "Lesson {n} of {total}",
    back: "Back",
    next: "Next",
    your_prediction: "Your prediction",
    run: "Run and reveal",
    run_hint: "Type a number first: guessing before you look is what makes the result stick.",
    predicted: "You predicted",
    measured: "Measured in the simulator",
    theory: "Theory says",
    working: "How to work it out",
    exact: "Exact: that is the theory's answer.",
    close: "Close: your prediction is within reach of the theory's answer.",
    too_low: "The answer is higher than you predicted.",
    too_high: "The answer is lower than you predicted.",
    locked: "This page fixes one demonstration, so the lessons cannot change its settings.",
    close_lessons: "Close lessons",
    glossary: "Words used in the lessons",
    new_terms: "New in this lesson",
    why_differ: "Why the run and the theory differ",
    predict_first: "Predict first: the run starts when you choose Run and reveal.",
    hidden_until_run: "Predict first. The counters, the comparison table, the chart and the message log stay hidden until you run this step, so that nothing on the page gives the answer away.",
    drills_lead: "The security drills let you try such attacks one at a time: a delivery changed on the way, one sent twice or replayed late, one signed with a retired secret, an API call without its key or over the rate limit. Predict what the receiving side does, then run the drill.",
    drills_open: "Open the security drills",
};

/// The feedback for a verdict: what it means, and for a misconception what went wrong.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Exact => PANEL.exact,
        Verdict::Close => PANEL.close,
        Verdict::TooLow => PANEL.too_low,
        Verdict::TooHigh => PANEL.too_high,
        Verdict::Misconception(m) => misconception(m),
    }
}

/// Names a misconception and says what the right reasoning is.
pub fn misconception(m: Misconception) -> &'static str {
    use Misconception as M;
    match m {
        M::CountedEvents => "You counted the events, but a poller asks on its timer whether or not anything happened: the requests follow the schedule, not the news.",
        M::OneClient => "That is the answer for one client: every client does the same, so multiply by the number of clients.",
        M::CountedAnswers => "You counted the answers too: each request gets one response (for a webhook, an acknowledgement), and only the requests were asked for.",
        M::OnATimer => "That is what a timer would send. A webhook has no timer: it sends one message per event, however many or few there are.",
        M::FoundShare => "That is the share of polls that find something; the question asks for the ones that come back empty.",
        M::DoorbellSide => "That is the doorbell: the webhook side never sends anything empty. The question asks about the polling side, the trips to the mailbox.",
        M::FullInterval => "You used a whole interval T. An event happens at a random moment between two polls, so on average it waits half an interval, T/2, plus the trip.",
        M::TripOnly => "That is only the network trip. A polled event first waits for the next poll: half an interval on average.",
        M::RoundTrip => "You counted a round trip. The delivery itself carries the news, so the receiver knows after one way; the acknowledgement's trip back comes after.",
        M::NoLatency => "You left out the latency: the delivery still has to cross the network, one way, before the receiver knows.",
        M::PollingHabit => "That is what polling would cost. A webhook does not wait for a poll: the receiver knows one network trip after the event.",
        M::Inverted => "That is the other way round: webhook deliveries per poll. The question asks how many polls there are for each delivery.",
        M::OnePerEvent => "That would hold only if each poll found exactly one event. Count the polls a minute and the events a minute separately.",
        M::NoRetries => "You counted one try per event. A receiver that is down answers 503, and the provider soon tries again: count the second tries too.",
        M::WholeSchedule => "You counted every try of the schedule, but after the first two the waits are minutes and hours long: they fall after the run.",
        M::NothingSent => "The provider cannot know the receiver is down until it tries: it sends each delivery, gets a 503 back, and tries again later.",
        M::SignatureApart => "The signature is not a message of its own: it travels in the headers of the delivery it signs.",
        M::NoFetch => "You left out the fetches: after each webhook the shop asks the API for the details, so every order costs two requests.",
        M::BothCheaper => "You assumed Both is cheaper than polling. Here it is not: two requests per order plus the safety polls come to more than polling sends.",
        M::TimedShare => "That is the share of timed polling, e^(−λT). A long poll is not answered when the poll interval is up: the server holds it until news comes or the hold time H passes, so it comes back empty with the chance e^(−λH).",
        M::NeverEmpty => "A held poll does not wait for ever: when the hold time passes with no news, the server answers it empty and the client asks again.",
    }
}

/// Why the measured value may differ from the theory's, by the kind of working.
pub fn why_they_differ(w: &Working) -> &'static str {
    match w {
        Working::Polls(_) => "Polls follow a fixed timetable, so the run matches the theory, give or take a poll that falls right at the end of the span.",
        Working::Pushes(_) | Working::Both(_) | Working::Retries(_) | Working::Ratio(_) => "Events arrive at random, so one run has a few more or a few fewer than the average the theory gives; a longer run comes closer.",
        Working::EmptyShare(_) | Working::HeldEmpty(_) => "Whether a poll finds something is a matter of chance, so one run's share wanders around the theory's; a longer run comes closer.",
        Working::PollDelay(_) | Working::PushDelay(_) => "The measured mean is over this run's events only, each with its own wait; the theory is the average over many.",
    }
}

/// The worked arithmetic for a step, from its own settings.
pub fn working(w: &Working) -> String {
    let f = w.figures();
    let n = format_number;
    let total = n(w.total());
    match w {
        Working::Polls(_) => format!(
            "Every {} s for {} s is {} polls a client; {} clients: {total}.",
            n(f.interval_s),
            n(f.span_s),
            n(f.span_s / f.interval_s),
            n(f.clients)
        ),
        Working::Pushes(_) => format!(
            "{} clients × {} events a minute × {} min = {total} events, one delivery each.",
            n(f.clients),
            n(f.rate_per_min),
            n(f.span_s / 60.0)
        ),
        Working::Both(_) => format!(
            "{} clients × {} orders a minute × {} min = {} orders, each a delivery and a fetch: {}; one safety poll every {} s per client: {}; in all {total}.",
            n(f.clients),
            n(f.rate_per_min),
            n(f.span_s / 60.0),
            n(f.events()),
            n(2.0 * f.events()),
            n(f.safety_interval_s),
            n(f.safety_polls())
        ),
        Working::Retries(_) => format!(
            "{} clients × {} events a minute × {} min = {} events expected, each tried at once; the second try starts about {} s after its event, so only the events of the first {} s get it: {}; the third try is {} min later, after the run. In all about {total}.",
            n(f.clients),
            n(f.rate_per_min),
            n(f.span_s / 60.0),
            n(f.events()),
            n(f.retry_at_s[0]),
            n(f.span_s - f.retry_at_s[0]),
            n(f.retried()),
            n((f.retry_at_s[1] - f.retry_at_s[0]) / 60.0)
        ),
        Working::EmptyShare(_) => format!(
            "λT = {} events a minute × {} min = {} events per interval; the chance that an interval has none is e^(−λT) = e^(−{}) = {total} %.",
            n(f.rate_per_min),
            n(f.interval_s / 60.0),
            n(f.lambda_t()),
            n(f.lambda_t())
        ),
        Working::HeldEmpty(_) => format!(
            "λH = {} events a minute × {} s ÷ 60 = {} events per hold; a hold comes back empty only if none comes while it lasts: e^(−λH) = e^(−{}) = {total} %.",
            n(f.rate_per_min),
            n(f.hold_s),
            n(f.lambda_h()),
            n(f.lambda_h())
        ),
        Working::PollDelay(_) => format!(
            "Half the interval, {} ms, plus the response's trip, {} ms, plus the server's work, {} ms: {total} ms.",
            n(f.interval_s * 500.0),
            n(f.latency_ms),
            n(f.service_ms)
        ),
        Working::PushDelay(_) => format!(
            "The server's work, {} ms, plus one trip over the network, {} ms: {total} ms.",
            n(f.service_ms),
            n(f.latency_ms)
        ),
        Working::Ratio(_) => format!(
            "A client polls {} times a minute and sees {} events a minute: {} ÷ {} = {total} polls per delivery (1/λT).",
            n(60.0 / f.interval_s),
            n(f.rate_per_min),
            n(60.0 / f.interval_s),
            n(f.rate_per_min)
        ),
    }
}

/// Why a typed prediction was refused.
pub fn prediction_error(e: PredictionError) -> &'static str {
    match e {
        PredictionError::Empty => "Type a number first.",
        PredictionError::NotANumber => "That is not a number: use digits, with a point or a comma for decimals.",
        PredictionError::AmbiguousComma => "Is the comma a decimal comma or a thousands separator? Write the number without separators, or with a point for decimals.",
        PredictionError::MixedSeparators => "Use at most one decimal separator and no thousands separators.",
        PredictionError::Negative => "A count, a share or a delay cannot be negative.",
    }
}

/// One row of the comparison table: a feature, the API's answer and the webhook's.
pub struct ComparisonRow {
    pub key: &'static str,
    pub name: &'static str,
    pub api: &'static str,
    pub webhook: &'static str,
}

/// The table's rows on direction, replacing the single "Data flow" row, which mixed who starts
/// the exchange with where the data goes.
pub const COMPARISON_ROWS: [ComparisonRow; 2] = [
    ComparisonRow {
        key: "initiator",
        name: "Who starts the exchange",
        api: "The client, with a request",
        webhook: "The server, with a delivery",
    },
    ComparisonRow {
        key: "data-direction",
        name: "Which way the data goes",
        api: "Server → client, in the response",
        webhook: "Server → client, in the request body",
    },
];

/// Terms and symbols the lessons use, each defined where it first appears and collected here.
pub const GLOSSARY: [(&str, &str); 18] = [
    ("API", "Application programming interface: an agreed set of rules by which one program asks another for data or for an action."),
    ("Webhook", "A message the provider sends by itself to the receiver's endpoint when an event happens."),
    ("Endpoint", "A URL on a server that accepts requests. A webhook receiver's endpoint is the callback URL it gave the provider."),
    ("Polling", "Asking again and again, on a timer, whether anything is new."),
    ("T", "The poll interval: the time between two polls of one client."),
    ("λ (lambda)", "The event rate: how many events one client sees in a minute, on average."),
    ("λT", "How many events a client can expect between two of its polls: the rate multiplied by the poll interval."),
    ("Latency (L)", "The time one message takes to cross the network, one way."),
    ("Service time (S)", "The time the server works on one request or one webhook send."),
    ("HMAC", "Hash-based message authentication code: a fingerprint of a message computed with a secret key. Only someone who knows the key can produce it, and any change to the message changes it."),
    ("2xx", "HTTP status codes from 200 to 299: success. A webhook receiver answers with one to acknowledge a delivery."),
    ("401", "HTTP status Unauthorized: the request did not prove who sent it, for example a missing API key or a signature that does not verify."),
    ("503", "HTTP status Service Unavailable: the server cannot take the request now. A webhook provider tries again later."),
    ("HTTPS", "HTTP over an encrypted connection: nobody on the way can read the bytes, or change them unnoticed."),
    ("Retry schedule", "The waits a webhook provider keeps between the attempts of one delivery before it gives up."),
    ("Dead-lettered", "Said of a delivery the provider gave up on after the last attempt of its retry schedule."),
    ("Long polling", "Polling in which the server does not answer a request that finds nothing at once: it holds it until news arrives or the hold time passes."),
    ("Hold time (H)", "Long polling: how long the server keeps a poll that finds nothing before it answers it empty."),
];

/// Every string of every lesson, for checks over the whole text.
pub fn all_text() -> Vec<&'static str> {
    LESSONS
        .iter()
        .flat_map(|l| {
            [l.chapter, l.title, l.question, l.reveal]
                .into_iter()
                .chain(l.body.iter().copied())
        })
        .collect()
}

pub const LESSONS: [LessonText; 17] = [
    LessonText {
        chapter: "Basics",
        title: "What an API is",
        body: &[
            "An API (application programming interface) is an agreed set of rules that lets one program ask another program for data, or ask it to do something.",
            "The roles are fixed: the client asks, the server answers. Nothing travels until the client decides to ask, which is why this style is called request and response.",
            "On the web the question is usually an HTTP request: GET to read something, POST to send or create something. A weather app, for example, asks a forecast server for today's weather, and the server replies only because it was asked.",
            "A client that wants to hear about changes has to ask again and again on a timer. That is polling, and the time between two of its polls is the poll interval, T.",
            "The simulator is set up with 8 shops, each asking the payment provider's API every 10 seconds (T = 10 s) whether a payment has arrived.",
        ],
        question: "How many requests will the 8 shops send in the next simulated minute?",
        reveal: "Each shop asks on its own clock, whatever happens at the server: 6 polls a minute each, 48 in all. The count depends on the schedule, not on the news: a minute without a single payment costs the same 48 requests.",
        claims: &[
            ("api-setup", "The simulator is set up with 8 shops, each asking the payment provider's API every 10 seconds (T = 10 s) whether a payment has arrived."),
            ("api-setup", "How many requests will the 8 shops send in the next simulated minute?"),
            ("api-count", "Each shop asks on its own clock, whatever happens at the server: 6 polls a minute each, 48 in all."),
            ("api-no-news", "The count depends on the schedule, not on the news: a minute without a single payment costs the same 48 requests."),
        ],
    },
    LessonText {
        chapter: "Basics",
        title: "What a webhook is",
        body: &[
            "A webhook turns the conversation around. When something happens at the provider, it sends the news by itself to an address the receiver gave it in advance. Nobody has to ask.",
            "That address is the receiver's endpoint: a URL on the receiver's own server where it accepts these messages.",
            "Because the message leaves the moment the event happens, the receiver hears about it in real time. People often call a webhook a reverse API: the server becomes the one that starts the call.",
            "Take a completed payment: the payment service posts a message to the shop as soon as the money is confirmed, and the shop knows at once, without sending a single request of its own.",
            "Same 8 shops, now receiving webhooks. Payments come at random moments; the average number a shop sees in a minute is the event rate, written λ (the Greek letter lambda), and here λ = 0.5, one payment every two minutes.",
        ],
        question: "How many webhook deliveries will the provider send in the next 10 simulated minutes?",
        reveal: "One delivery per payment: 8 shops × 0.5 payments a minute × 10 minutes is 40 on average, and the run you watched may have had a few more or a few fewer, because payments arrive at random. With no payments there would be no traffic at all.",
        claims: &[
            ("webhook-setup", "Same 8 shops, now receiving webhooks."),
            ("webhook-setup", "Payments come at random moments; the average number a shop sees in a minute is the event rate, written λ (the Greek letter lambda), and here λ = 0.5, one payment every two minutes."),
            ("webhook-setup", "How many webhook deliveries will the provider send in the next 10 simulated minutes?"),
            ("webhook-count", "One delivery per payment: 8 shops × 0.5 payments a minute × 10 minutes is 40 on average, and the run you watched may have had a few more or a few fewer, because payments arrive at random."),
        ],
    },
    LessonText {
        chapter: "Basics",
        title: "The mailbox and the doorbell",
        body: &[
            "Think of polling as walking down to the mailbox. You go, you look, you take the letters if there are any, and if it is empty you walk back with nothing. You learn about new mail only when you choose to check.",
            "A webhook is the doorbell. You carry on with your day; when a visitor arrives they press the button and you know straight away.",
            "The Compare view runs both on the very same stream of events. This scenario is sign-up alerts: each of 6 clients checks every 30 seconds, and a client sees a new sign-up about once every 10 minutes (λ = 0.1 a minute).",
        ],
        question: "What share of the trips to the mailbox (polls) will find it empty, in percent, over the next simulated hour?",
        reveal: "Sign-ups are rare, so almost every trip is wasted: about 95 trips in 100 find the mailbox empty. The doorbell side sends nothing at all until someone actually signs up.",
        claims: &[
            ("mailbox-doorbell-setup", "This scenario is sign-up alerts: each of 6 clients checks every 30 seconds, and a client sees a new sign-up about once every 10 minutes (λ = 0.1 a minute)."),
            ("mailbox-doorbell-empty", "Sign-ups are rare, so almost every trip is wasted: about 95 trips in 100 find the mailbox empty."),
        ],
    },
    LessonText {
        chapter: "Step by step",
        title: "How an API call works",
        body: &[
            "An API exchange has four steps. First, the client sends a request to the server. Second, the server works out the answer. Third, the server sends back a response. Fourth, the client waits until it decides to ask again.",
            "If the client needs to hear about changes often, it has no choice but to repeat these steps on a timer. That repetition is polling.",
            "Each message takes a moment to cross the network: that one-way travel time is the latency, L. The server also spends a little time on each request: the service time, S.",
            "Watch the requests leave the clients, reach the server and come back, some with data and many empty. Here each client polls every 5 seconds, the latency is 60 ms and the service time 5 ms.",
        ],
        question: "On average, how many milliseconds pass between an event and the polling client knowing about it?",
        reveal: "An event waits for the next poll, half an interval on average, then for the server's work and the response's one-way trip: about 2.6 seconds here. Polling faster shortens the wait but multiplies the requests.",
        claims: &[
            ("api-steps-setup", "Here each client polls every 5 seconds, the latency is 60 ms and the service time 5 ms."),
            ("api-steps-delay", "An event waits for the next poll, half an interval on average, then for the server's work and the response's one-way trip: about 2.6 seconds here."),
            ("api-steps-faster", "Polling faster shortens the wait but multiplies the requests."),
        ],
    },
    LessonText {
        chapter: "Step by step",
        title: "How a webhook works",
        body: &[
            "A webhook also has four steps. First, the receiver gives the provider a callback URL, the address of its endpoint. Second, the provider stores that URL. Third, when an event happens, the provider sends the event's data to the URL. Fourth, the receiver acknowledges on receipt with a 2xx status (a code from 200 to 299, meaning success) and processes the data after.",
            "Why acknowledge first? The provider waits only so long for the answer. A receiver that does its slow work before answering risks a timeout, and the provider then sends the same event again.",
            "Nothing runs on a timer: the whole exchange is triggered by the event, which is what event-driven means.",
            "Same order-update scenario as before, now with webhooks: latency 60 ms, service time 5 ms.",
        ],
        question: "On average, how many milliseconds pass between an event and the receiver knowing about it?",
        reveal: "The server's few milliseconds of work plus one network trip, 65 ms here, whatever the poll interval used to be. That is the whole point of pushing.",
        claims: &[
            ("webhook-steps-ack", "Fourth, the receiver acknowledges on receipt with a 2xx status (a code from 200 to 299, meaning success) and processes the data after."),
            ("webhook-steps-setup", "Same order-update scenario as before, now with webhooks: latency 60 ms, service time 5 ms."),
            ("webhook-steps-delay", "The server's few milliseconds of work plus one network trip, 65 ms here, whatever the poll interval used to be."),
        ],
    },
    LessonText {
        chapter: "Key differences",
        title: "Who starts the talk, and when data arrives",
        body: &[
            "Communication style: with an API the client requests the data; with a webhook the server sends it on its own initiative.",
            "Timing: an API gives you data only at the moments you ask; a webhook delivers it as soon as the event takes place.",
            "Here is a chat service whose clients poll every 2 seconds, which already feels quick, next to the same chat using webhooks. The latency is 40 ms.",
        ],
        question: "On the polling side, what will the mean delay from message to client be, in milliseconds?",
        reveal: "Even a quick poll leaves each message waiting half the interval on average, about 1 second here, plus the trip. The webhook side, on the right, shows only the network's 40 ms and the server's 5.",
        claims: &[
            ("style-timing-setup", "Here is a chat service whose clients poll every 2 seconds, which already feels quick, next to the same chat using webhooks."),
            ("style-timing-setup", "The latency is 40 ms."),
            ("style-timing-delay", "Even a quick poll leaves each message waiting half the interval on average, about 1 second here, plus the trip."),
            ("style-timing-push", "The webhook side, on the right, shows only the network's 40 ms and the server's 5."),
        ],
    },
    LessonText {
        chapter: "Key differences",
        title: "Efficiency: the cost of asking",
        body: &[
            "Efficiency: repeated requests use bandwidth, server time and battery even when there is nothing to report. Webhooks spend effort only when there is something to say.",
            "In the picture of the mailbox and the doorbell: every trip to an empty mailbox is a walk for nothing, while the doorbell never rings for no one.",
            "An integration platform once counted how many of its polls brought back anything new, and the answer surprised it.",
            "This setup recreates its odds: 10 clients each poll once a minute, and a client sees a new event only about once every 67 minutes (λ = 0.015 a minute).",
        ],
        question: "What share of polls will come back empty, in percent, over the next 6 simulated hours?",
        reveal: "Almost all of them: about 98.5 %. The platform, Zapier, reported that of 30 million polls only 460,000 found new data, the same odds. The server answered every one of those empty requests for nothing, while the webhook side only spoke when there was news.",
        claims: &[
            ("efficiency-setup", "This setup recreates its odds: 10 clients each poll once a minute, and a client sees a new event only about once every 67 minutes (λ = 0.015 a minute)."),
            ("efficiency-setup", "What share of polls will come back empty, in percent, over the next 6 simulated hours?"),
            ("efficiency-empty", "Almost all of them: about 98.5 %."),
            ("efficiency-zapier", "The platform, Zapier, reported that of 30 million polls only 460,000 found new data, the same odds."),
        ],
    },
    LessonText {
        chapter: "Key differences",
        title: "Real time, and where polling wins",
        body: &[
            "Real-time updates: an API is not real time unless you poll very often; webhooks are built for real time. The doorbell rings the moment the visitor arrives, while the mailbox tells you only what had come by your last trip.",
            "Efficiency is not one-sided, though. When events come faster than the polls, one poll can collect several events at once, while a webhook sends one message for each event.",
            "Write λT for the number of events a client can expect between two of its polls: the rate λ multiplied by the poll interval T.",
            "Here each of the 10 clients sees 30 events a minute and polls every 10 seconds, so λT = 5, and the polling side sends 60 requests a minute.",
        ],
        question: "How many deliveries will the webhook side send in the next simulated minute?",
        reveal: "One per event: 10 clients × 30 events is 300 a minute, five times the polling side's 60. When λT is above 1, polling is the cheaper side in requests, though still the slower one. Use whichever fits the traffic.",
        claims: &[
            ("real-time-batching", "When events come faster than the polls, one poll can collect several events at once, while a webhook sends one message for each event."),
            ("real-time-setup", "Here each of the 10 clients sees 30 events a minute and polls every 10 seconds, so λT = 5, and the polling side sends 60 requests a minute."),
            ("real-time-count", "One per event: 10 clients × 30 events is 300 a minute, five times the polling side's 60."),
            ("real-time-crossover", "When λT is above 1, polling is the cheaper side in requests, though still the slower one."),
        ],
    },
    LessonText {
        chapter: "Key differences",
        title: "The comparison table",
        body: &[
            "Communication: request and response for an API; event-driven for a webhook.",
            "Who starts the exchange: the client, for an API; the server, for a webhook. Which way the data goes: from the server to the client in both, in the API's response or in the webhook's request.",
            "Real time: not by default for an API; yes for a webhook. Efficiency: an API spends a request on every poll, even an empty one; a webhook spends one message per event.",
            "Setup: an API is simple to call; a webhook needs an endpoint that is reachable and ready. Control: the client decides when to talk in an API; the server decides in a webhook.",
            "The orders scenario again: each of 10 shops sees 6 orders a minute and polls every 5 seconds. After the run, the table below the counters shows each row with numbers measured in it.",
        ],
        question: "How many polling requests will be sent for each webhook delivery over the next simulated hour?",
        reveal: "A shop asks 12 times a minute but sees only 6 orders a minute, so polling sends twice as many requests as webhooks: λT = 0.5, and 1 ÷ 0.5 = 2. Check the table's Efficiency row.",
        claims: &[
            ("table-setup", "The orders scenario again: each of 10 shops sees 6 orders a minute and polls every 5 seconds."),
            ("table-ratio", "A shop asks 12 times a minute but sees only 6 orders a minute, so polling sends twice as many requests as webhooks: λT = 0.5, and 1 ÷ 0.5 = 2."),
        ],
    },
    LessonText {
        chapter: "Choosing",
        title: "When an API is the right tool",
        body: &[
            "Choose an API when you want data on demand, when you want full control over when and what you ask, when the data is not urgent, and when you need flexible queries such as filters and searches.",
            "Typical uses: fetching a user's profile, searching a product catalogue, pulling a report, reading records that are already stored.",
            "Here 6 dashboards each check every 5 minutes for slow-moving data. Nobody is waiting, so a relaxed schedule is perfectly fine.",
        ],
        question: "How many requests will the 6 dashboards send in the next simulated hour?",
        reveal: "Each checks 12 times an hour, 72 requests in all: a client that controls its own schedule can keep the load tiny. The price is freshness, which this kind of data does not need.",
        claims: &[
            ("when-api-setup", "Here 6 dashboards each check every 5 minutes for slow-moving data."),
            ("when-api-setup", "How many requests will the 6 dashboards send in the next simulated hour?"),
            ("when-api-count", "Each checks 12 times an hour, 72 requests in all: a client that controls its own schedule can keep the load tiny."),
        ],
    },
    LessonText {
        chapter: "Choosing",
        title: "When a webhook is the right tool",
        body: &[
            "Choose a webhook when updates must arrive immediately, when the work is triggered by events, when you want to stop checking over and over, and when notifications in real time matter.",
            "Typical uses: confirming payments, updating an order's status, notifying about new messages, alerting about new user registrations.",
            "This is the chat scenario with webhooks: 12 clients, 20 messages a minute each, 40 ms of latency.",
        ],
        question: "What will the mean delay from message to client be, in milliseconds?",
        reveal: "One network trip plus the server's 5 ms of work, about 45 ms, for every message, however many there are.",
        claims: &[
            ("when-webhook-setup", "This is the chat scenario with webhooks: 12 clients, 20 messages a minute each, 40 ms of latency."),
            ("when-webhook-delay", "One network trip plus the server's 5 ms of work, about 45 ms, for every message, however many there are."),
        ],
    },
    LessonText {
        chapter: "Choosing",
        title: "APIs: strengths and weaknesses",
        body: &[
            "Strengths of APIs: they are easy to build and to call, very flexible, supported by practically every language and tool, and well suited to complex queries.",
            "Weaknesses: staying up to date means asking again and again, which makes them a poor fit for real-time updates and puts extra load on the server.",
            "Here 1000 clients poll every 5 seconds. Watch the server load and utilisation counters.",
        ],
        question: "How many requests will reach the server in the next simulated minute?",
        reveal: "1000 clients × 12 polls a minute is 12000 requests, whatever the number of events: the server's work grows with the clients and the poll rate, not with the news. Webhooks would send one message per event instead, about 500 a minute here.",
        claims: &[
            ("api-pros-cons-setup", "Here 1000 clients poll every 5 seconds."),
            ("api-pros-cons-count", "1000 clients × 12 polls a minute is 12000 requests, whatever the number of events: the server's work grows with the clients and the poll rate, not with the news."),
            ("api-pros-cons-webhook", "Webhooks would send one message per event instead, about 500 a minute here."),
        ],
    },
    LessonText {
        chapter: "Choosing",
        title: "Webhooks: strengths and weaknesses",
        body: &[
            "Strengths of webhooks: communication in real time, less load on the server, only useful data on the wire, and updates that arrive without anyone asking.",
            "Weaknesses: they take extra work to set up, with an endpoint that must be public and secured, and failures become the provider's problem: what happens when the receiver is down?",
            "The payment scenario again, 8 shops, but every receiver is down: it answers each delivery with 503 (Service Unavailable: it cannot take the request now).",
            "The provider does not give up: following its retry schedule, it tries straight away, again about 5 seconds later, then after 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours, each wait give or take a fifth.",
        ],
        question: "How many delivery attempts, first tries and retries together, will the provider make in the next 2 simulated minutes?",
        reveal: "About 8 payments are expected, and all but those of the last few seconds get two tries, one at once and one about 5 seconds later: about 16 attempts. None of them reaches a shop: the shops learn of 0 payments. The third try comes about 5 minutes after the second, and a payment is only given up, or dead-lettered, after all 8 tries, about 28 hours after it happened. When receivers come back, each retry that gets through delivers its payment once. A receiver gets the same message twice only when the provider hears no acknowledgement in time, because it was lost on the way back or sent too late by a slow receiver, and so tries again; that is why receivers must ignore a message id they have already seen.",
        claims: &[
            ("webhook-pros-cons-load", "Strengths of webhooks: communication in real time, less load on the server, only useful data on the wire, and updates that arrive without anyone asking."),
            ("webhook-pros-cons-503", "The payment scenario again, 8 shops, but every receiver is down: it answers each delivery with 503 (Service Unavailable: it cannot take the request now)."),
            ("webhook-pros-cons-schedule", "The provider does not give up: following its retry schedule, it tries straight away, again about 5 seconds later, then after 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours, each wait give or take a fifth."),
            ("webhook-pros-cons-schedule", "How many delivery attempts, first tries and retries together, will the provider make in the next 2 simulated minutes?"),
            ("webhook-pros-cons-count", "About 8 payments are expected, and all but those of the last few seconds get two tries, one at once and one about 5 seconds later: about 16 attempts."),
            ("webhook-pros-cons-none", "None of them reaches a shop: the shops learn of 0 payments."),
            ("webhook-pros-cons-later", "The third try comes about 5 minutes after the second, and a payment is only given up, or dead-lettered, after all 8 tries, about 28 hours after it happened."),
            ("webhook-pros-cons-once", "When receivers come back, each retry that gets through delivers its payment once."),
            ("webhook-pros-cons-duplicates", "A receiver gets the same message twice only when the provider hears no acknowledgement in time, because it was lost on the way back or sent too late by a slow receiver, and so tries again; that is why receivers must ignore a message id they have already seen."),
        ],
    },
    LessonText {
        chapter: "In practice",
        title: "Security on both sides",
        body: &[
            "API security: the client proves who it is with an API key or an authentication token sent with each request, and the connection is encrypted with HTTPS (HTTP over an encrypted connection).",
            "Webhook security: the provider and the receiver share a secret key, and the provider signs every message with it. The signature is an HMAC (hash-based message authentication code): a fingerprint of the message that only someone holding the secret can compute, and that changes if the message does. HTTPS encrypts the delivery too.",
            "The receiver can check each signature before trusting the data. In this simulator the genuine deliveries are signed correctly by construction, and the receiver really checks every delivery a failure drill sends: one whose body was changed, that was signed with the wrong secret, or whose timestamp is over 5 minutes old is refused with 401 (Unauthorized) and never processed.",
            "Security matters for both: without it, anyone could read the data or fake a message. Select a webhook on the stage and the Inspector shows its signature headers; the Signature lab lets you sign and check one yourself.",
            "The orders scenario once more: 10 shops, 6 orders a minute each.",
        ],
        question: "How many signed deliveries will the provider send in the next simulated minute?",
        reveal: "One per order, about 60 in a minute, each carrying its signature in its own headers: the signature adds no message of its own.",
        claims: &[
            ("security-401", "In this simulator the genuine deliveries are signed correctly by construction, and the receiver really checks every delivery a failure drill sends: one whose body was changed, that was signed with the wrong secret, or whose timestamp is over 5 minutes old is refused with 401 (Unauthorized) and never processed."),
            ("security-setup", "The orders scenario once more: 10 shops, 6 orders a minute each."),
            ("security-count", "One per order, about 60 in a minute, each carrying its signature in its own headers: the signature adds no message of its own."),
        ],
    },
    LessonText {
        chapter: "In practice",
        title: "Webhooks and APIs together",
        body: &[
            "Many real systems use both. The webhook is the doorbell, a short nudge that something changed; the API is the walk to the mailbox to collect the details, made only when the bell has rung.",
            "For example, a webhook says an order's status changed, and the shop fetches the order's details through the API.",
            "The Both view runs this pattern, plus a safety poll: every 60 seconds each shop also asks the API whether it missed anything, in case a ring of the doorbell was lost.",
            "The orders scenario: 10 shops, 6 orders a minute each.",
        ],
        question: "How many requests in total (webhook deliveries, fetches and safety polls) will be sent in the next simulated minute?",
        reveal: "Two requests per order, a delivery and a fetch, plus one safety poll per shop: about 60 × 2 + 10 = 130 a minute. Polling every 5 seconds would send 120, so with orders this frequent Both is not cheaper than polling. What Both buys is speed: the details arrive about 210 ms after the order, against about 2.6 seconds for polling every 5 seconds, though that is about three times the 65 ms of a bare webhook, because the shop must fetch the details. With rarer orders Both does save requests: at one order every 2 minutes per shop it sends about 20 a minute.",
        claims: &[
            ("together-setup", "The Both view runs this pattern, plus a safety poll: every 60 seconds each shop also asks the API whether it missed anything, in case a ring of the doorbell was lost."),
            ("together-setup", "The orders scenario: 10 shops, 6 orders a minute each."),
            ("together-cost", "Two requests per order, a delivery and a fetch, plus one safety poll per shop: about 60 × 2 + 10 = 130 a minute."),
            ("together-vs-polling", "Polling every 5 seconds would send 120, so with orders this frequent Both is not cheaper than polling."),
            ("together-delay", "What Both buys is speed: the details arrive about 210 ms after the order, against about 2.6 seconds for polling every 5 seconds, though that is about three times the 65 ms of a bare webhook, because the shop must fetch the details."),
            ("together-rare", "With rarer orders Both does save requests: at one order every 2 minutes per shop it sends about 20 a minute."),
        ],
    },
    LessonText {
        chapter: "In practice",
        title: "Real-world applications",
        body: &[
            "E-commerce: shops read orders through an API and hear about payments through webhooks. Social media: apps load posts through an API and receive notifications through webhooks. Cloud services: you manage resources through an API and get alerts through webhooks.",
            "For beginners, APIs are usually the easier idea to grasp; webhooks introduce event-driven thinking. Modern development needs both, and knowing both gives a solid base for connecting systems.",
            "To sum up: an API answers when it is asked, a webhook speaks up when something happens. This run compares them on the payment scenario: 8 shops polling every 10 seconds, each seeing a payment about every two minutes.",
        ],
        question: "How many polling requests will be sent for each webhook delivery over the next simulated hour?",
        reveal: "Each shop polls 6 times a minute for half a payment a minute: 12 polls per payment. For rare events like payments, polling asks many times for each thing that actually happens, and that ratio is why payment providers push.",
        claims: &[
            ("real-world-setup", "This run compares them on the payment scenario: 8 shops polling every 10 seconds, each seeing a payment about every two minutes."),
            ("real-world-ratio", "Each shop polls 6 times a minute for half a payment a minute: 12 polls per payment."),
            ("real-world-ratio", "For rare events like payments, polling asks many times for each thing that actually happens, and that ratio is why payment providers push."),
        ],
    },
    LessonText {
        chapter: "In practice",
        title: "Long polling: between asking and being called",
        body: &[
            "Between asking on a timer and being called there is a third way, long polling. The client asks as usual, but when there is nothing new the server does not answer at once: it holds the request open until news arrives or a time limit, the hold time H, has passed. Then it answers, and the client asks again straight away.",
            "News that comes during a hold is answered at once, so it reaches the client about as soon as a webhook would bring it, and the client needs no public endpoint or callback URL. The price is an open connection the server keeps for every waiting client.",
            "The orders scenario once more: 10 shops, 6 orders a minute each. Polling every 5 seconds, about 61 % of their polls come back empty. Here the shops long-poll instead, and the server holds a poll that finds nothing for up to 20 seconds.",
        ],
        question: "What share of the long polls will come back empty over the next simulated hour?",
        reveal: "About 13.5 %: a hold comes back empty only when no order arrives in its 20 seconds, and with 6 orders a minute a shop expects 2 in that time, so the chance of none is e^(−2). Timed polling on the same shops comes back empty about 61 % of the time, and a webhook never sends an empty message. The shops send about 70 requests a minute, between polling's 120 and the webhooks' 60: about one answer per order, plus an empty one for each hold that runs out. Each order reaches its shop about 66 ms after it happens, next to a webhook's 65 ms and far from the 2.6 seconds of polling every 5 seconds. So long polling leaves the client in charge of asking, as with an API, while the news arrives almost as soon as a webhook's.",
        claims: &[
            ("long-polling-delay", "News that comes during a hold is answered at once, so it reaches the client about as soon as a webhook would bring it, and the client needs no public endpoint or callback URL."),
            ("long-polling-setup", "The orders scenario once more: 10 shops, 6 orders a minute each."),
            ("long-polling-timed", "Polling every 5 seconds, about 61 % of their polls come back empty."),
            ("long-polling-setup", "Here the shops long-poll instead, and the server holds a poll that finds nothing for up to 20 seconds."),
            ("long-polling-share", "About 13.5 %: a hold comes back empty only when no order arrives in its 20 seconds, and with 6 orders a minute a shop expects 2 in that time, so the chance of none is e^(−2)."),
            ("long-polling-timed", "Timed polling on the same shops comes back empty about 61 % of the time, and a webhook never sends an empty message."),
            ("long-polling-requests", "The shops send about 70 requests a minute, between polling's 120 and the webhooks' 60: about one answer per order, plus an empty one for each hold that runs out."),
            ("long-polling-delay", "Each order reaches its shop about 66 ms after it happens, next to a webhook's 65 ms and far from the 2.6 seconds of polling every 5 seconds."),
            ("long-polling-delay", "So long polling leaves the client in charge of asking, as with an API, while the news arrives almost as soon as a webhook's."),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glossary_term_is_used_in_the_lessons() {
        let all = all_text().join(" ").to_lowercase();
        for (term, definition) in GLOSSARY {
            // "Latency (L)" is used as "latency".
            let word = term.split(" (").next().unwrap_or(term).to_lowercase();
            assert!(all.contains(&word), "{term} is not used in any lesson");
            assert!(!definition.is_empty());
        }
    }

    #[test]
    fn the_comparison_rows_separate_who_starts_from_where_the_data_goes() {
        let [starts, data] = &COMPARISON_ROWS;
        assert_ne!(starts.api, starts.webhook, "the two start differently");
        assert_eq!(
            data.api.split(',').next(),
            data.webhook.split(',').next(),
            "the data goes the same way"
        );
    }
}
