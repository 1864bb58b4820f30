//! The mode switch: a native radio group, so arrow keys, focus and the announced state come from
//! the browser rather than from hand-written key handling.

use yew::prelude::*;

/// What the learner is looking at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    Polling,
    Webhook,
    Both,
    Compare,
}

impl ViewMode {
    pub const ALL: [ViewMode; 4] = [
        ViewMode::Polling,
        ViewMode::Webhook,
        ViewMode::Both,
        ViewMode::Compare,
    ];

    /// Short, stable name used in ids and URLs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Polling => "polling",
            Self::Webhook => "webhook",
            Self::Both => "hybrid",
            Self::Compare => "compare",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Polling => "API polling",
            Self::Webhook => "Webhook",
            Self::Both => "Both",
            Self::Compare => "Compare",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Polling => "The client keeps asking the server whether anything is new, like walking to the mailbox to look for letters.",
            Self::Webhook => "The server calls the client's URL the moment something happens, like a doorbell that rings when a visitor arrives.",
            Self::Both => "A webhook says that something changed, then the client fetches the details through the API.",
            Self::Compare => "Polling and webhooks side by side, fed the very same stream of events.",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ModeSwitchProps {
    pub value: ViewMode,
    pub onchange: Callback<ViewMode>,
}

#[component]
pub fn ModeSwitch(props: &ModeSwitchProps) -> Html {
    html! {
        <fieldset class="mode-switch">
            <legend>{ "Mode" }</legend>
            { for ViewMode::ALL.iter().map(|&m| {
                let onchange = props.onchange.reform(move |_: Event| m);
                let id = format!("mode-{}", m.key());
                html! {
                    <span class="mode-option">
                        <input type="radio" name="mode" id={id.clone()} value={m.key()}
                            checked={props.value == m} {onchange} />
                        <label for={id}>{ m.label() }</label>
                    </span>
                }
            }) }
        </fieldset>
    }
}
