//! All learner-facing lesson text, in one place so that it can be translated as a whole.
//! The entries are in lesson order and match `PLANS` in `lessons.rs` one for one; the numbers a
//! question mentions come from that lesson's setup.

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
    pub close: &'static str,
    pub too_low: &'static str,
    pub too_high: &'static str,
    pub locked: &'static str,
    pub close_lessons: &'static str,
}

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
    close: "Close: your prediction is within reach of the measured value.",
    too_low: "The measured value is higher than you predicted.",
    too_high: "The measured value is lower than you predicted.",
    locked: "This page fixes one demonstration, so the lessons cannot change its settings.",
    close_lessons: "Close lessons",
};

pub const LESSONS: [LessonText; 16] = [
    LessonText {
        chapter: "Basics",
        title: "What an API is",
        body: &[
            "An API (application programming interface) is an agreed set of rules that lets one program ask another program for data, or ask it to do something.",
            "The roles are fixed: the client asks, the server answers. Nothing travels until the client decides to ask, which is why this style is called request and response.",
            "On the web the question is usually an HTTP request: GET to read something, POST to send or create something. A weather app, for example, asks a forecast server for today's weather, and the server replies only because it was asked.",
            "The simulator is set up with 8 shops, each asking the payment provider's API every 10 seconds whether a payment has arrived.",
        ],
        question: "How many requests will the 8 clients send in the next simulated minute?",
        reveal: "Every client asks on its own clock, whatever happens at the server: 8 clients × 6 questions a minute. The count depends on the schedule, not on the news.",
    },
    LessonText {
        chapter: "Basics",
        title: "What a webhook is",
        body: &[
            "A webhook turns the conversation around. When something happens at the provider, it sends the news by itself to an address the receiver gave it in advance. Nobody has to ask.",
            "Because the message leaves the moment the event happens, the receiver hears about it in real time. People often call a webhook a reverse API: the server becomes the one that starts the call.",
            "Take a completed payment: the payment service posts a message to the shop as soon as the money is confirmed, and the shop knows at once, without sending a single request of its own.",
            "Same 8 shops, now receiving webhooks. A shop sees about one payment every two minutes.",
        ],
        question: "How many webhook deliveries will the server push in the next 10 simulated minutes?",
        reveal: "One delivery per event: 8 shops × 0.5 payments a minute × 10 minutes. With no events there would be no traffic at all.",
    },
    LessonText {
        chapter: "Basics",
        title: "The mailbox and the doorbell",
        body: &[
            "Think of polling as walking down to the mailbox. You go, you look, you take the letters if there are any, and if it is empty you walk back with nothing. You learn about new mail only when you choose to check.",
            "A webhook is the doorbell. You carry on with your day; when a visitor arrives they press the button and you know straight away.",
            "The Compare view runs both on the very same stream of events. This scenario is rare sign-up alerts, checked every 30 seconds.",
        ],
        question: "What share of the trips to the mailbox (polls) will find it empty, in percent, over the next simulated hour?",
        reveal: "Sign-ups are rare, so almost every trip is wasted. The doorbell side sends nothing at all until someone actually signs up.",
    },
    LessonText {
        chapter: "Step by step",
        title: "How an API call works",
        body: &[
            "An API exchange has four steps. 1: the client sends a request to the server. 2: the server works out the answer. 3: the server sends back a response. 4: the client waits until it decides to ask again.",
            "If the client needs to hear about changes often, it has no choice but to repeat these steps on a timer. That repetition is polling.",
            "Watch the blue requests leave the clients, reach the server and come back, some with data and many empty. Each client polls every 5 seconds here.",
        ],
        question: "On average, how many milliseconds pass between an event and the polling client knowing about it?",
        reveal: "An event waits for the next poll: on average half an interval, plus the response's trip over the network. Polling faster shortens the wait but multiplies the requests.",
    },
    LessonText {
        chapter: "Step by step",
        title: "How a webhook works",
        body: &[
            "A webhook also has four steps. 1: the receiver gives the provider a callback URL, an address where it accepts messages. 2: the provider stores that URL. 3: when an event happens, the provider sends the event's data to the URL. 4: the receiver handles the data straight away and answers with a short acknowledgement.",
            "Nothing runs on a timer: the whole exchange is triggered by the event, which is what event-driven means.",
            "Same order-update scenario as before, now with webhooks.",
        ],
        question: "On average, how many milliseconds pass between an event and the receiver knowing about it?",
        reveal: "The delay is the network trip plus a little server work, whatever the poll interval used to be. That is the whole point of pushing.",
    },
    LessonText {
        chapter: "Key differences",
        title: "Who starts the talk, and when data arrives",
        body: &[
            "Communication style: with an API the client requests the data; with a webhook the server sends it on its own initiative.",
            "Timing: an API gives you data only at the moments you ask; a webhook delivers it as soon as the event takes place.",
            "Here is a chat service whose clients poll every 2 seconds, which already feels quick, next to the same chat using webhooks.",
        ],
        question: "On the polling side, what will the mean delay from message to client be, in milliseconds?",
        reveal: "Even a fast poll leaves each message waiting about half the interval. The webhook side, on the right, shows only the network's few tens of milliseconds.",
    },
    LessonText {
        chapter: "Key differences",
        title: "Efficiency: the cost of asking",
        body: &[
            "Efficiency: repeated requests use bandwidth, server time and battery even when there is nothing to report. Webhooks spend effort only when there is something to say.",
            "An integration platform once measured its own traffic and found that fewer than 2 polls in 100 brought back anything new. This setup recreates those odds: one poll a minute for events that are very rare.",
        ],
        question: "What share of polls will come back empty, in percent, over the next 6 simulated hours?",
        reveal: "Almost all of them. The server answered every one of those requests for nothing, while the webhook side only spoke when there was news.",
    },
    LessonText {
        chapter: "Key differences",
        title: "Real time, and where polling wins",
        body: &[
            "Real-time updates: an API is not real time unless you poll very often; webhooks are built for real time.",
            "Efficiency is not one-sided, though. When events come faster than the polls, one poll can collect several events at once, while a webhook sends one message for each event.",
            "Here each of the 10 clients sees 30 events a minute and polls every 10 seconds, so the polling side sends 60 requests a minute.",
        ],
        question: "How many deliveries will the webhook side send in the next simulated minute?",
        reveal: "When there are more events per interval than one (λT above 1), polling is the cheaper side in requests, though still the slower one. Use whichever fits the traffic.",
    },
    LessonText {
        chapter: "Key differences",
        title: "The comparison table",
        body: &[
            "Communication: request and response for an API; event-driven for a webhook. Data flow: the client pulls from the server; the server pushes to the client.",
            "Real time: not by default for an API; yes for a webhook. Efficiency: lower for an API when updates are frequent; high for a webhook.",
            "Setup: an API is simple to call; a webhook needs an endpoint that is reachable and ready. Control: the client decides when to talk in an API; the server decides in a webhook.",
            "The table below the counters shows each row with a column of numbers measured in the current run.",
        ],
        question: "How many polling requests will be sent for each webhook delivery over the next simulated hour?",
        reveal: "Orders arrive 6 times a minute per shop but the shops ask 12 times a minute, so polling sends about twice as many requests. Check the table's Efficiency row.",
    },
    LessonText {
        chapter: "Choosing",
        title: "When an API is the right tool",
        body: &[
            "Choose an API when you want data on demand, when you want full control over when and what you ask, when the data is not urgent, and when you need flexible queries such as filters and searches.",
            "Typical uses: fetching a user's profile, searching a product catalogue, pulling a report, reading records that are already stored.",
            "Here a dashboard checks every 5 minutes for slow-moving data. Nobody is waiting, so a relaxed schedule is perfectly fine.",
        ],
        question: "How many requests will the 6 clients send in the next simulated hour?",
        reveal: "A client that controls its own schedule can keep the load tiny. The price is freshness, which this kind of data does not need.",
    },
    LessonText {
        chapter: "Choosing",
        title: "When a webhook is the right tool",
        body: &[
            "Choose a webhook when updates must arrive immediately, when the work is triggered by events, when you want to stop checking over and over, and when notifications in real time matter.",
            "Typical uses: confirming payments, updating an order's status, notifying about new messages, alerting about new user registrations.",
            "This is the chat scenario with webhooks: 12 clients, 20 messages a minute each.",
        ],
        question: "What will the mean delay from message to client be, in milliseconds?",
        reveal: "Roughly the network latency plus a few milliseconds of work, for every message, however many there are.",
    },
    LessonText {
        chapter: "Choosing",
        title: "APIs: strengths and weaknesses",
        body: &[
            "Strengths of APIs: they are easy to build and to call, very flexible, supported by practically every language and tool, and well suited to complex queries.",
            "Weaknesses: staying up to date means asking again and again, which makes them a poor fit for real-time updates and puts extra load on the server.",
            "Here 1,000 clients poll every 5 seconds. Watch the server load and utilisation counters.",
        ],
        question: "How many requests will reach the server in the next simulated minute?",
        reveal: "The server's work grows with the number of clients and the poll rate, not with the number of events. This is the load that webhooks remove.",
    },
    LessonText {
        chapter: "Choosing",
        title: "Webhooks: strengths and weaknesses",
        body: &[
            "Strengths of webhooks: communication in real time, less load on the server, only useful data on the wire, and updates that arrive without anyone asking.",
            "Weaknesses: they take more work to set up, the receiving endpoint must be public and secured, and handling failures is harder: what happens when the receiver is down?",
            "In this setup every receiver is offline. The provider tries, fails, and schedules retries.",
        ],
        question: "How many events will the shops learn about in the next 2 simulated minutes?",
        reveal: "None: a push that nobody receives is lost until a retry gets through. Switch the receivers back online and watch the retries deliver, some of them twice, which is why receivers must ignore duplicates.",
    },
    LessonText {
        chapter: "Security and teamwork",
        title: "Security on both sides",
        body: &[
            "API security: the client proves who it is with an API key or an authentication token sent with each request, and the connection is encrypted with HTTPS.",
            "Webhook security: the provider and the receiver share a secret key; the provider signs every message with it and the receiver verifies the signature before trusting the data. HTTPS encrypts the delivery too.",
            "Security matters for both: without it, anyone could read the data or fake a message. Select a webhook on the stage and the Inspector shows its signature headers; the Signature lab lets you sign and check one yourself.",
        ],
        question: "How many signed deliveries will the receivers check in the next simulated minute?",
        reveal: "Every single delivery carries a signature, and every one is checked before it is trusted. A message with a bad signature is answered with 401 and ignored.",
    },
    LessonText {
        chapter: "Security and teamwork",
        title: "Webhooks and APIs together",
        body: &[
            "Many real systems use both. The webhook is the short nudge that something changed; the API is how the receiver then asks for the full details.",
            "For example, a webhook says an order's status changed, and the shop fetches the order's details through the API. Each tool does the part it is best at, and the result is both prompt and efficient.",
            "The Both view runs this pattern, plus a slow safety poll that catches anything a missed webhook would have dropped.",
        ],
        question: "How many requests in total (webhooks, fetches and safety polls) will be sent in the next simulated minute?",
        reveal: "Two messages per event, a delivery and a fetch, plus the occasional safety poll: still far fewer than polling every few seconds, and just as prompt.",
    },
    LessonText {
        chapter: "Security and teamwork",
        title: "Real-world applications",
        body: &[
            "E-commerce: shops read orders through an API and hear about payments through webhooks. Social media: apps load posts through an API and receive notifications through webhooks. Cloud services: you manage resources through an API and get alerts through webhooks.",
            "For beginners, APIs are usually the easier idea to grasp; webhooks introduce event-driven thinking. Modern development needs both, and knowing both gives a solid base for connecting systems.",
            "To sum up: an API answers when it is asked, a webhook speaks up when something happens. This last run compares them on the payment scenario.",
        ],
        question: "How many polling requests will be sent for each webhook delivery over the next simulated hour?",
        reveal: "For rare events like payments, polling asks many times for each thing that actually happens. That ratio is why payment providers push.",
    },
];
